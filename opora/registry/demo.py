"""«Демо-область»: a plausible region to try the system on. Loading twice changes nothing."""

from __future__ import annotations

import datetime
import random

from opora.accounts.models import Assignment, Role, User
from opora.core.russian import counted

from .models import Campaign, Municipality, Order, Organisation, Person, Region, School

PASSWORD = "opora-demo-2026"
REGION_NAME = "Демо-область"
CAMPAIGN_YEAR = 2026
LOGINS = [
    ("operator@demo.opora.ru", "региональный оператор"),
    ("coordinator@demo.opora.ru", "региональный координатор"),
    ("municipal@demo.opora.ru", "муниципальный координатор (Северный район)"),
    ("curator@demo.opora.ru", "куратор двух школ"),
    ("director@demo.opora.ru", "директор школы (управленческая команда)"),
    ("expert@demo.opora.ru", "эксперт"),
    ("observer@demo.opora.ru", "наблюдатель"),
    ("admin@demo.opora.ru", "администратор системы (все регионы, /admin/)"),
]

# (name, is_city, number of schools): about 350 schools in all.
MUNICIPALITIES = [
    ("Город Демоград", True, 64),
    ("Северный район", False, 28),
    ("Заречный городской округ", True, 34),
    ("Озёрский район", False, 24),
    ("Лесной район", False, 22),
    ("Степной район", False, 20),
    ("Кировский район", False, 26),
    ("Берёзовский район", False, 25),
    ("Сосновский район", False, 23),
    ("Майский район", False, 21),
    ("Октябрьский район", False, 27),
    ("Приречный район", False, 24),
]
VILLAGES = [
    "Тохтор",
    "Берёзовка",
    "Ключи",
    "Малиновка",
    "Сосновка",
    "Каменка",
    "Луговое",
    "Покровка",
    "Никольское",
    "Озёрное",
    "Красный Яр",
    "Ивановка",
    "Заречье",
    "Полевое",
    "Вязовка",
    "Дубровка",
    "Кедровка",
    "Осиновка",
    "Ольховка",
    "Рябиновка",
    "Лебяжье",
    "Соколово",
    "Горки",
    "Медведево",
    "Черемшанка",
    "Сухой Лог",
    "Весёлое",
    "Гришино",
    "Крутиха",
    "Боровое",
    "Талица",
    "Шипицино",
    "Усть-Кан",
    "Белоярка",
    "Новотроицк",
]
LAST = [
    "Иванова",
    "Петрова",
    "Смирнова",
    "Кузнецова",
    "Попова",
    "Соколова",
    "Лебедева",
    "Козлова",
    "Новикова",
    "Морозова",
    "Волкова",
    "Алексеева",
    "Захарова",
    "Семёнова",
    "Павлова",
    "Голубева",
]
FIRST = ["Анна", "Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Светлана", "Марина", "Людмила", "Галина"]
MIDDLE = ["Петровна", "Ивановна", "Сергеевна", "Николаевна", "Александровна", "Викторовна", "Юрьевна"]


def load(out) -> Region:
    rng = random.Random(2026)
    region, _ = Region.objects.get_or_create(name=REGION_NAME, defaults={"code": "99", "timezone": "Europe/Moscow"})
    campaign, _ = Campaign.objects.get_or_create(
        region=region,
        year=CAMPAIGN_YEAR,
        defaults={"title": f"Адресная методическая помощь ШНОР — {CAMPAIGN_YEAR}"},
    )
    ministry, _ = Organisation.objects.get_or_create(
        region=region,
        kind=Organisation.Kind.MINISTRY,
        name="Министерство образования Демо-области",
        defaults={"short_name": "Минобр Демо-области"},
    )
    Organisation.objects.get_or_create(
        region=region,
        kind=Organisation.Kind.REGIONAL_INSTITUTE,
        name="ГАУ ДПО «Демо-областной институт развития образования»",
        defaults={"short_name": "ДИРО"},
    )
    schools = _schools(region, rng)
    out.write(
        f"Регион «{region.name}»: {region.municipalities.count()} муниципалитетов, "
        f"{counted(len(schools), 'школа', 'школы', 'школ')}."
    )
    order, _ = Order.objects.get_or_create(
        issuer=ministry,
        number="112-р",
        date=datetime.date(CAMPAIGN_YEAR, 1, 20),
        defaults={
            "region": region,
            "title": "О назначении муниципальных координаторов и кураторов "
            "школ с низкими образовательными результатами",
        },
    )
    _people(region, campaign, order, schools, rng)
    return region


def _schools(region: Region, rng: random.Random) -> list[School]:
    schools: list[School] = []
    login = 990000
    village_names = iter(VILLAGES * 12)
    for m_index, (name, is_city, count) in enumerate(MUNICIPALITIES):
        municipality, _ = Municipality.objects.get_or_create(region=region, name=name)
        Organisation.objects.get_or_create(
            region=region,
            municipality=municipality,
            kind=Organisation.Kind.MUNICIPAL_AUTHORITY,
            name=f"Управление образования администрации: {name}",
            defaults={"short_name": f"УО ({name})"},
        )
        existing = {s.fis_oko_login: s for s in municipality.schools.all()}
        new = []
        for i in range(count):
            login += 1
            key = f"sch{login}"
            if key in existing:
                schools.append(existing[key])
                continue
            rural = not is_city and i >= 3
            kind, full, short = _school_names(i, rural, next(village_names) if rural else "", rng)
            place = f"с. {short.split('с. ')[-1].rstrip('»')}" if rural else name.replace("Город ", "г. ")
            new.append(
                School(
                    municipality=municipality,
                    fis_oko_login=key,
                    full_name=full,
                    short_name=short,
                    kind=kind,
                    is_rural=rural,
                    address=f"{place}, ул. Школьная, {m_index + i + 1}",
                )
            )
        schools.extend(School.objects.bulk_create(new))
    return schools


def _school_names(i: int, rural: bool, village: str, rng: random.Random) -> tuple[str, str, str]:
    if rural:
        kind = "oosh" if rng.random() < 0.4 else "sosh"
        abbr = "ООШ" if kind == "oosh" else "СОШ"
        level = "Основная" if kind == "oosh" else "Средняя"
        return (
            kind,
            f"Муниципальное казённое общеобразовательное учреждение «{level} общеобразовательная школа с. {village}»",
            f"МКОУ «{abbr} с. {village}»",
        )
    if i == 0:
        return (
            "gymnasium",
            "Муниципальное автономное общеобразовательное учреждение «Гимназия № 1»",
            "МАОУ «Гимназия № 1»",
        )
    if i == 1:
        return (
            "lyceum",
            "Муниципальное автономное общеобразовательное учреждение «Лицей № 2»",
            "МАОУ «Лицей № 2»",
        )
    return (
        "sosh",
        (f"Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № {i + 1}»"),
        f"МБОУ «СОШ № {i + 1}»",
    )


def _person(region, rng, email="", **fields) -> Person:
    if email:
        person = Person.objects.filter(email=email).first()
        if person:
            return person
    return Person.objects.create(
        region=region,
        email=email,
        last_name=rng.choice(LAST),
        first_name=rng.choice(FIRST),
        middle_name=rng.choice(MIDDLE),
        **fields,
    )


def _login(person: Person, email: str, **flags) -> None:
    user = User.objects.filter(email=email).first() or User(email=email, **flags)
    user.person = person if not flags.get("is_superuser") else None
    user.set_password(PASSWORD)
    user.save()


def _assign(person, role, region, campaign, order, municipality=None, schools=()) -> None:
    assignment, created = Assignment.objects.get_or_create(
        person=person,
        role=role,
        region=region,
        campaign=campaign,
        defaults={
            "order": order,
            "municipality": municipality,
            "valid_from": datetime.date(CAMPAIGN_YEAR, 1, 20),
            "valid_to": datetime.date(CAMPAIGN_YEAR, 12, 31),
        },
    )
    if created and schools:
        assignment.schools.set(schools)


def _people(region, campaign, order, schools, rng) -> None:
    by_municipality: dict[int, list[School]] = {}
    for school in schools:
        by_municipality.setdefault(school.municipality_id, []).append(school)
    institute = region.organisations.get(kind=Organisation.Kind.REGIONAL_INSTITUTE)
    ministry = region.organisations.get(kind=Organisation.Kind.MINISTRY)

    def staff(email, role, organisation, position, login=True, **scope):
        person = _person(
            region,
            rng,
            email=email,
            organisation=organisation,
            position=position,
            school=scope.get("workplace"),
        )
        if login:
            _login(person, email)
        _assign(person, role, region, campaign, order, scope.get("municipality"), scope.get("schools", ()))
        return person

    staff("operator@demo.opora.ru", Role.REGIONAL_OPERATOR, institute, "Методист ЦНППМ")
    staff(
        "coordinator@demo.opora.ru",
        Role.REGIONAL_COORDINATOR,
        ministry,
        "Начальник отдела общего образования",
    )
    staff("expert@demo.opora.ru", Role.EXPERT, institute, "Член экспертного совета")
    staff("observer@demo.opora.ru", Role.OBSERVER, ministry, "Заместитель министра")
    _login(None, "admin@demo.opora.ru", is_staff=True, is_superuser=True)

    # Every municipality has a coordinator; about one school in seven is supported by a curator
    # from another school of the same municipality, and its director works in the system.
    for m_index, municipality in enumerate(Municipality.objects.filter(region=region).order_by("pk")):
        authority = municipality.organisations.first()
        email = "municipal@demo.opora.ru" if municipality.name == "Северный район" else f"mo{m_index + 1}@demo.opora.ru"
        staff(
            email,
            Role.MUNICIPAL_COORDINATOR,
            authority,
            "Главный специалист",
            login=email.startswith("municipal"),
            municipality=municipality,
        )
        local = by_municipality[municipality.pk]
        supported = local[3::7]
        mentors = local[:2]
        for c_index in range(0, len(supported), 2):
            pair = supported[c_index : c_index + 2]
            email = (
                "curator@demo.opora.ru"
                if municipality.name == "Северный район" and c_index == 0
                else f"curator{m_index + 1}-{c_index // 2 + 1}@demo.opora.ru"
            )
            staff(
                email,
                Role.CURATOR,
                None,
                "Заместитель директора по учебной работе",
                login=email.startswith("curator@"),
                workplace=mentors[c_index // 2 % len(mentors)],
                schools=pair,
            )
        for s_index, school in enumerate(supported):
            email = (
                "director@demo.opora.ru"
                if municipality.name == "Северный район" and s_index == 0
                else f"director-{school.fis_oko_login}@demo.opora.ru"
            )
            director = staff(
                email,
                Role.SCHOOL_TEAM,
                None,
                "Директор",
                login=email.startswith("director@"),
                workplace=school,
                schools=[school],
            )
            if school.director_id is None:
                school.director = director
                school.save(update_fields=["director"])
