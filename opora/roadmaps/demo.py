"""Demo roadmaps: the region's own, and three municipal ones imported from real orders of other
regions (copies in demo_data/), moved to the demo campaign's year and to the demo's places, with
reports in various states: items past their deadline mostly done, some overdue, some due soon."""

from __future__ import annotations

import datetime
import random
import zoneinfo
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from opora.accounts.models import Assignment, Role, User
from opora.assessment.models import ListedSchool
from opora.core.russian import counted
from opora.registry import demo as registry_demo
from opora.registry.models import Municipality, Person, Region, School

from .executors import roles_named
from .models import Item, ItemReport, MonitoringStage, Roadmap, Section
from .services import (
    preview_apply_edits,
    report_create,
    roadmap_approve,
    roadmap_import_read,
    roadmap_import_save,
    shift_years,
    today,
)

DEMO_DATA = Path(__file__).parent / "demo_data"
# file, name of the demo's copy, municipality of the demo region (none: the region's own),
# the document's year, and the campaign year it becomes, relative to the campaign: a calendar-year
# plan becomes the campaign's, the school-year plan (November–August) the school year ending in it.
SOURCES = [
    ("regional-roadmap.md", "regionalnaya-dorozhnaya-karta.md", None, 2026, 0),
    ("aksha-2022-municipal.txt", "severny-rayon-dorozhnaya-karta.txt", "Северный район", 2022, 0),
    ("karpinsk-2022-municipal.md", "ozyorsky-rayon-dorozhnaya-karta.md", "Озёрский район", 2022, 0),
    ("leninsk-kuznetsky-2020-municipal.txt", "zarechny-go-dorozhnaya-karta.txt", "Заречный городской округ", 2020, -1),
]
# Two items of the region's roadmap are always current: a report that was due twelve days ago
# (and is not in) and a meeting in nine days, so every day's demo has something overdue and
# something due soon for its coordinators and curators. Number: days from today.
LIVE = {"4.4": -12, "4.5": 9}
# The orders name the places of three other regions; in the demo they name Демо-область's.
# Longer phrases first: each replacement sees the text the previous ones left.
PLACES = [
    # Акшинский район, Забайкальский край → Северный район
    ("«Акшинский район»", "«Северный район»"),
    ("«СОШ с. Акша»", "«СОШ № 3»"),
    ("Основная общеобразовательная школа с.Улача", "Средняя общеобразовательная школа с.Покровка"),
    ("Забайкальского края", "Демо-области"),
    # ГО Карпинск, Свердловская область → Озёрский район
    ("АДМИНИСТРАЦИИ ГОРОДСКОГО ОКРУГА КАРПИНСК", "АДМИНИСТРАЦИИ ОЗЁРСКОГО РАЙОНА"),
    ("в городском округе Карпинск", "в Озёрском районе"),
    ("г. Карпинск", "п. Озёрный"),
    ("в ГО Карпинск", "в Озёрском районе"),
    ("ГО Карпинск", "Озёрского района"),
    ("Министерства образования и молодежной политики Свердловской области", "Министерства образования Демо-области"),
    ("Свердловской области", "Демо-области"),
    # Ленинск-Кузнецкий городской округ, Кузбасс → Заречный городской округ
    ("ЛЕНИНСК-КУЗНЕЦКОГО ГОРОДСКОГО ОКРУГА", "ЗАРЕЧНОГО ГОРОДСКОГО ОКРУГА"),
    ("г. Ленинск-Кузнецкий", "г. Заречный"),
    ("Ленинск-Кузнецкого городского округа", "Заречного городского округа"),
    ("Л-Кузнецкий ГО", "Заречный ГО"),
    ("министерства образования и науки Кузбасса", "министерства образования Демо-области"),
    ("Кемеровской области – Кузбасса", "Демо-области"),
    ("Кузбасса", "Демо-области"),
]


def demo_text(name: str, shift: int) -> str:
    """The demo's copy of a document: its years moved by `shift`, its places the demo's."""
    text = shift_years((DEMO_DATA / name).read_text(encoding="utf-8"), shift)
    for foreign, ours in PLACES:
        text = text.replace(foreign, ours)
    return text


def load(region: Region, out) -> None:
    campaign = registry_demo.campaign_of(region)
    if not Roadmap.objects.filter(campaign=campaign).exclude(level=Roadmap.Level.SCHOOL).exists():
        _region_and_municipalities(region, campaign, out)
    _school_roadmaps(region, campaign, out)


def _region_and_municipalities(region: Region, campaign, out) -> None:
    operator = User.objects.get(email="operator@demo.opora.ru")
    order = registry_demo.demo_order(
        region,
        "45-р",
        registry_demo.dated(2, 10),
        "Об утверждении дорожных карт по повышению качества образования "
        "в школах с низкими образовательными результатами",
    )
    rng = random.Random(4)
    MonitoringStage.for_campaign(campaign)
    for name, demo_name, municipality_name, year, offset in SOURCES:
        municipality = Municipality.objects.get(region=region, name=municipality_name) if municipality_name else None
        shift = campaign.year + offset - year
        record = roadmap_import_read(
            campaign=campaign,
            level=Roadmap.Level.MUNICIPALITY if municipality else Roadmap.Level.REGION,
            municipality=municipality,
            upload=SimpleUploadedFile(demo_name, demo_text(name, shift).encode()),
            year=year + shift,
            user=operator,
        )
        if municipality is None:
            _bring_live_items_to_today(record, campaign.year)
        roadmap = roadmap_import_save(record=record, title="", user=operator)
        roadmap_approve(roadmap=roadmap, order=order, user=operator)
        _reports(roadmap, operator, rng)
        out.write(
            f"Дорожная карта «{roadmap.owner_name}»: "
            f"{counted(roadmap.items.count(), 'мероприятие', 'мероприятия', 'мероприятий')}."
        )


def _bring_live_items_to_today(record, year: int) -> None:
    now = today()
    edits = {}
    for index, item in enumerate(record.parsed["items"]):
        if item["number"] in LIVE:
            day = now + datetime.timedelta(days=LIVE[item["number"]])
            # Within the campaign year: early in January nothing of this year is overdue yet.
            day = min(max(day, datetime.date(year, 1, 1)), datetime.date(year, 12, 31))
            edits[index] = {"deadline": f"{'до ' if day < now else ''}{day:%d.%m.%Y}"}
    preview_apply_edits(record, edits)


def _reports(roadmap: Roadmap, user, rng: random.Random) -> None:
    """Past items mostly done, some partly or not; a few future ones done early."""
    stages = MonitoringStage.for_campaign(roadmap.campaign)
    now = today()
    for item in roadmap.items.exclude(end__isnull=True):
        if roadmap.level == Roadmap.Level.REGION and item.number in LIVE:
            continue
        stage = stages[0] if item.end.month <= 8 else stages[1]
        roll = rng.random()
        if item.end < now:
            if roll < 0.65:
                report_create(
                    item=item,
                    stage=stage,
                    status=ItemReport.Status.DONE,
                    user=user,
                    comment="Проведено в установленный срок",
                    link="https://example.ru/novosti",
                )
            elif roll < 0.8:
                report_create(
                    item=item,
                    stage=stage,
                    status=ItemReport.Status.PARTLY,
                    user=user,
                    comment="Проведено не во всех ШНОР; завершение перенесено",
                )
        elif roll < 0.1:
            report_create(
                item=item, stage=stage, status=ItemReport.Status.DONE, user=user, comment="Выполнено досрочно"
            )


# A school's own roadmap («дорожная карта школы» of the programme «500+»): sections and items
# with their dates in the campaign year (month, day; start month, start day) and executors ("D":
# the school's director, "C": its curator, or a post). Every listed school with a curator gets one.
SCHOOL_PLAN = [
    (
        "Организационно-управленческие мероприятия",
        [
            ("Приказ о рабочей группе по реализации программы «500+» в школе", (1, 10), (1, 25), "D"),
            ("Самодиагностика школы: анкетирование педагогов, обучающихся и родителей по рисковому профилю",
             (2, 1), (2, 28), "Заместитель директора по УВР; C"),
            ("Концепция развития школы и среднесрочная программа развития", (2, 15), (3, 31), "D; C"),
            ("Антирисковые программы по подтверждённым направлениям работы", (3, 1), (4, 15),
             "Управленческая команда школы; C"),
            ("Заседание рабочей группы по итогам посещения школы куратором", None, None, "D; C"),
            ("Совещание при директоре: исполнение дорожной карты за квартал", None, None, "D"),
        ],
    ),
    (
        "Работа с педагогами",
        [
            ("Диагностика профессиональных дефицитов педагогов", (2, 1), (3, 15), "Заместитель директора по УР"),
            ("Индивидуальные образовательные маршруты педагогов по итогам диагностики", (3, 16), (4, 30),
             "Руководители ШМО; C"),
            ("Взаимопосещение уроков русского языка и математики с последующим анализом", (2, 1), (5, 20),
             "Руководители ШМО"),
            ("Курсы повышения квалификации учителей в ЦНППМ Демо-области", (3, 1), (6, 30),
             "Заместитель директора по УР"),
        ],
    ),
    (
        "Работа с обучающимися",
        [
            ("Анализ результатов ВПР и ОГЭ прошлого года, перечень дефицитов по классам", (1, 15), (2, 28),
             "Заместитель директора по УР"),
            ("Дополнительные занятия для обучающихся с трудностями в обучении (русский язык, математика)",
             (3, 1), (5, 25), "Учителя-предметники"),
            ("Пробные работы в формате ВПР в 5–8 классах", (3, 10), (4, 20), "Руководители ШМО"),
            ("Летняя предметная смена для обучающихся с трудностями в обучении", (6, 1), (6, 30),
             "Заместитель директора по ВР"),
            ("Анализ результатов ВПР текущего года, корректировка антирисковых программ", (9, 1), (10, 15),
             "Заместитель директора по УР; C"),
        ],
    ),
    (
        "Работа с родителями, мониторинг и отчётность",
        [
            ("Родительское собрание «Как помочь ребёнку учиться»", (9, 1), (9, 30), "D; Классные руководители"),
            ("Отчёт к промежуточному мониторингу исполнения дорожной карты", (8, 1), (8, 15), "D; C"),
            ("Анализ динамики образовательных результатов за полугодие", (11, 1), (11, 30),
             "Заместитель директора по УР"),
            ("Отчёт к итоговому мониторингу исполнения дорожной карты", (12, 1), (12, 15), "D; C"),
        ],
    ),
]  # fmt: skip
# The two items without dates are always current: a meeting due ten days ago, not held yet, and
# one in twelve days, so each day's demo director has something overdue and something due soon.
SCHOOL_LIVE = (-10, 12)


def _school_roadmaps(region: Region, campaign, out) -> None:
    """A school roadmap, approved, for every listed school with a curator (and the schools of the
    demo's curator and director): items mostly done when past, some overdue, reports dated."""
    if Roadmap.objects.filter(campaign=campaign, level=Roadmap.Level.SCHOOL).exists():
        return
    active = Assignment.objects.active().filter(campaign=campaign)
    curators = dict(active.filter(role=Role.CURATOR, schools__isnull=False).values_list("schools", "person_id"))
    directors = dict(active.filter(role=Role.SCHOOL_TEAM, schools__isnull=False).values_list("schools", "person_id"))
    listed = set(ListedSchool.objects.approved_for(campaign).values_list("school_id", flat=True))
    logins = set(
        active.filter(
            person__email__in=["curator@demo.opora.ru", "director@demo.opora.ru"], schools__isnull=False
        ).values_list("schools", flat=True)
    )
    schools = list(School.objects.filter(pk__in=(listed & set(curators)) | logins).order_by("fis_oko_login"))
    if not schools:
        return
    people = Person.objects.in_bulk(set(curators.values()) | set(directors.values()))
    order = registry_demo.demo_order(
        region,
        "45-р",
        registry_demo.dated(2, 10),
        "Об утверждении дорожных карт по повышению качества образования "
        "в школах с низкими образовательными результатами",
    )
    now = timezone.now()
    roadmaps = Roadmap.objects.bulk_create(
        Roadmap(
            campaign=campaign,
            level=Roadmap.Level.SCHOOL,
            school=school,
            title=f"Дорожная карта {school.short_name} по реализации программы «500+» на {campaign.year} год",
            year=campaign.year,
            status=Roadmap.Status.APPROVED,
            order=order,
            approved_at=now,
            goal="Повышение качества образования и переход школы в эффективный режим работы",
            tasks="Снизить долю обучающихся, получивших «2» по результатам ВПР и ОГЭ;\n"
            "устранить профессиональные дефициты педагогов;\nвовлечь родителей в образовательный процесс",
            working_group="Директор, заместители директора, руководители ШМО",
        )
        for school in schools
    )
    sections = Section.objects.bulk_create(
        Section(roadmap=roadmap, position=n, number=str(n), title=title)
        for roadmap in roadmaps
        for n, (title, _items) in enumerate(SCHOOL_PLAN, start=1)
    )
    section_of = {(s.roadmap_id, s.position): s for s in sections}
    day = today()
    items, named = [], []
    for roadmap, school in zip(roadmaps, schools, strict=True):
        director, curator = people.get(directors.get(school.pk)), people.get(curators.get(school.pk))
        position = 0
        for n, (_title, rows) in enumerate(SCHOOL_PLAN, start=1):
            live = iter(SCHOOL_LIVE)
            for k, (action, start, end, executors) in enumerate(rows, start=1):
                position += 1
                if end is None:
                    end = _in_year(day + datetime.timedelta(days=next(live)), campaign.year)
                    start, deadline = end, f"{'до ' if end < day else ''}{end:%d.%m.%Y}"
                else:
                    start = datetime.date(campaign.year, *start)
                    end = datetime.date(campaign.year, *end)
                    deadline = f"{start:%d.%m.%Y} — {end:%d.%m.%Y}"
                texts = [_executor(part.strip(), director, curator) for part in executors.split(";")]
                item = Item(
                    roadmap=roadmap,
                    section=section_of[(roadmap.pk, n)],
                    position=position,
                    number=f"{n}.{k}",
                    action=action,
                    deadline_text=deadline,
                    start=start,
                    end=end,
                    executors=texts,
                    executor_roles=roles_named(texts),
                )
                items.append(item)
                named.append([p.pk for code, p in (("D", director), ("C", curator)) if p and code in executors])
    Item.objects.bulk_create(items)
    through = Item.executor_people.through
    through.objects.bulk_create(
        through(item_id=item.pk, person_id=pk) for item, pks in zip(items, named, strict=True) for pk in pks
    )
    _school_reports(campaign, items, day)
    out.write(
        f"Дорожные карты школ: {counted(len(roadmaps), 'школа', 'школы', 'школ')}, "
        f"{counted(len(items), 'мероприятие', 'мероприятия', 'мероприятий')}."
    )


def _in_year(day: datetime.date, year: int) -> datetime.date:
    return min(max(day, datetime.date(year, 1, 1)), datetime.date(year, 12, 31))


def _executor(code: str, director, curator) -> str:
    if code == "D":
        return f"Директор школы {director.short_name}" if director else "Директор школы"
    if code == "C":
        return f"Куратор {curator.short_name}" if curator else "Куратор"
    return code


def _school_reports(campaign, items: list, day: datetime.date) -> None:
    """Past items: three in four done by their date, some partly; the live overdue one never."""
    stages = MonitoringStage.for_campaign(campaign)
    zone = zoneinfo.ZoneInfo(campaign.region.timezone)
    reports, dates = [], []
    for item in items:
        if item.end >= day or item.deadline_text.startswith("до "):
            continue
        roll = random.Random(f"{item.roadmap_id}-{item.number}").random()
        stage = stages[0] if item.end.month <= 8 else stages[1]
        if roll < 0.75:
            reports.append(ItemReport(item=item, stage=stage, status=ItemReport.Status.DONE, comment="Проведено"))
        elif roll < 0.85:
            reports.append(
                ItemReport(
                    item=item,
                    stage=stage,
                    status=ItemReport.Status.PARTLY,
                    comment="Проведено не для всех классов; завершение перенесено",
                )
            )
        else:
            continue
        dates.append(datetime.datetime.combine(item.end, datetime.time(15), zone))
    ItemReport.objects.bulk_create(reports)
    # Reported on their day, not on the day the demo was loaded (`at` is set on creation).
    by_day: dict = {}
    for report, at in zip(reports, dates, strict=True):
        by_day.setdefault(at, []).append(report.pk)
    for at, pks in by_day.items():
        ItemReport.objects.filter(pk__in=pks).update(at=at)
