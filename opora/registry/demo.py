"""«Демо-область»: a plausible region to try the system on. Loading twice changes nothing.

The demo lives in the programme year of the day it is loaded: campaign N covers January–December N,
its list comes from the results of N-1 (and N-2), its orders are dated in January–February N — or
today, if today comes earlier — so the demo reads the same whatever the date.

This module knows places, organisations and people. Who holds which role (`posts`) is decided
here too, as plain data; the demo of the accounts app turns it into logins and assignments."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.utils import timezone

from opora.core.russian import counted

from .models import Campaign, Municipality, Order, Organisation, Person, Region, School

REGION_NAME = "Демо-область"
APPOINTMENT_ORDER = "112-р"

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


def campaign_year() -> int:
    """The demo's programme year: the current one."""
    return timezone.localdate().year


def dated(month: int, day: int, year: int | None = None) -> datetime.date:
    """A date of the demo's story in the campaign year, but never later than today: a demo loaded
    on 5 January shows orders of 5 January, not of a future day."""
    return min(datetime.date(year or campaign_year(), month, day), timezone.localdate())


def campaign_of(region: Region) -> Campaign:
    return Campaign.objects.get(region=region, year=campaign_year())


def appointment_order(region: Region) -> Order:
    return Order.objects.get(
        issuer__region=region,
        issuer__kind=Organisation.Kind.MINISTRY,
        number=APPOINTMENT_ORDER,
        date__year=campaign_year(),
    )


def demo_order(region: Region, number: str, date: datetime.date, title: str) -> Order:
    """The ministry's order of that number in that year; found again, not duplicated, on a later day."""
    ministry = region.organisations.get(kind=Organisation.Kind.MINISTRY)
    order = Order.objects.filter(issuer=ministry, number=number, date__year=date.year).first()
    return order or Order.objects.create(issuer=ministry, region=region, number=number, date=date, title=title)


def load(out) -> Region:
    rng = random.Random(2026)
    year = campaign_year()
    region, _ = Region.objects.get_or_create(name=REGION_NAME, defaults={"code": "99", "timezone": "Europe/Moscow"})
    Campaign.objects.get_or_create(
        region=region, year=year, defaults={"title": f"Адресная методическая помощь ШНОР — {year}"}
    )
    Organisation.objects.get_or_create(
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
    demo_order(
        region,
        APPOINTMENT_ORDER,
        dated(1, 20),
        "О назначении муниципальных координаторов и кураторов школ с низкими образовательными результатами",
    )
    _people(region, rng)
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


@dataclass(frozen=True)
class Post:
    """One line of the demo's appointment order: who, in which role, over which places."""

    email: str
    role: str  # a value of Role: the registry keeps people, not their rights
    organisation: Organisation | None
    position: str
    login: bool = True
    municipality: Municipality | None = None
    schools: tuple[School, ...] = ()
    workplace: School | None = None

    @property
    def person(self) -> Person:
        return Person.objects.get(email=self.email)


def posts(region: Region) -> list[Post]:
    """Who works in the demo and where, the same on every call: the personas with a login, a
    coordinator in every municipality, a curator for every two supported schools (about one in
    seven, taken from another school of the same municipality) and the director of each."""
    institute = region.organisations.get(kind=Organisation.Kind.REGIONAL_INSTITUTE)
    ministry = region.organisations.get(kind=Organisation.Kind.MINISTRY)
    result = [
        Post("operator@demo.opora.ru", "regional_operator", institute, "Методист ЦНППМ"),
        Post("coordinator@demo.opora.ru", "regional_coordinator", ministry, "Начальник отдела общего образования"),
        Post("expert@demo.opora.ru", "expert", institute, "Член экспертного совета"),
        Post("observer@demo.opora.ru", "observer", ministry, "Заместитель министра"),
    ]
    by_municipality: dict[int, list[School]] = {}
    for school in School.objects.filter(municipality__region=region).order_by("fis_oko_login"):
        by_municipality.setdefault(school.municipality_id, []).append(school)
    for m_index, municipality in enumerate(Municipality.objects.filter(region=region).order_by("pk")):
        northern = municipality.name == "Северный район"
        email = "municipal@demo.opora.ru" if northern else f"mo{m_index + 1}@demo.opora.ru"
        result.append(
            Post(
                email,
                "municipal_coordinator",
                municipality.organisations.first(),
                "Главный специалист",
                login=northern,
                municipality=municipality,
            )
        )
        local = by_municipality.get(municipality.pk, [])
        supported = local[3::7]
        mentors = local[:2]
        for c_index in range(0, len(supported), 2):
            first = northern and c_index == 0
            result.append(
                Post(
                    "curator@demo.opora.ru" if first else f"curator{m_index + 1}-{c_index // 2 + 1}@demo.opora.ru",
                    "curator",
                    None,
                    "Заместитель директора по учебной работе",
                    login=first,
                    schools=tuple(supported[c_index : c_index + 2]),
                    workplace=mentors[c_index // 2 % len(mentors)],
                )
            )
        for s_index, school in enumerate(supported):
            first = northern and s_index == 0
            result.append(
                Post(
                    "director@demo.opora.ru" if first else f"director-{school.fis_oko_login}@demo.opora.ru",
                    "school_team",
                    None,
                    "Директор",
                    login=first,
                    schools=(school,),
                    workplace=school,
                )
            )
    return result


def _people(region: Region, rng: random.Random) -> None:
    for post in posts(region):
        person = _person(
            region, rng, email=post.email, organisation=post.organisation, position=post.position, school=post.workplace
        )
        if post.role == "school_team" and post.workplace.director_id is None:
            post.workplace.director = person
            post.workplace.save(update_fields=["director"])
