"""The demo's events of the current campaign, relative to today: selector meetings with the
municipal coordinators, webinars for curators and for schools' teams, a seminar of the northern
municipality; held ones have attendance (some invited were absent, one guest), materials as links,
and the regional roadmap's matching items. Loaded once: a second load changes nothing."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

from opora.accounts.models import Role, User
from opora.registry import demo as registry_demo
from opora.registry.models import Municipality, Region
from opora.roadmaps.models import Item, Roadmap

from .events import audience_people
from .models import Attendance, AttendanceSource, Event, EventKind, EventMaterial

# (kind, title, days from today, audience roles, words of the regional roadmap's item, material)
EVENTS = [
    (
        "селекторное совещание",
        "Селекторное совещание с муниципальными координаторами по итогам отбора ШНОР",
        -40,
        [Role.MUNICIPAL_COORDINATOR],
        "Селекторное совещание",
        ("Протокол совещания", "https://disk.example.ru/protokol-selektor"),
    ),
    (
        "вебинар",
        "Вебинар для кураторов: как вести визиты и рекомендации",
        -25,
        [Role.CURATOR],
        "Вебинары для управленческих команд",
        ("Запись вебинара", "https://video.example.ru/kuratory-vizity"),
    ),
    (
        "вебинар",
        "Вебинар для управленческих команд ШНОР: антирисковые программы",
        -12,
        [Role.SCHOOL_TEAM, Role.CURATOR],
        "Вебинары для управленческих команд",
        ("Презентация", "https://disk.example.ru/antiriskovye-programmy"),
    ),
    (
        "селекторное совещание",
        "Селекторное совещание: исполнение дорожных карт за квартал",
        9,
        [Role.MUNICIPAL_COORDINATOR, Role.CURATOR],
        "",
        None,
    ),
]
# Every n-th invited person missed a held event.
ABSENT_EVERY = 4


def _item_like(campaign, words: str) -> list[Item]:
    if not words:
        return []
    return list(
        Item.objects.filter(
            roadmap__campaign=campaign, roadmap__level=Roadmap.Level.REGION, action__icontains=words
        ).order_by("position")[:1]
    )


def _attend(event: Event, marked_by) -> int:
    people = list(audience_people(event).values_list("pk", flat=True)[:200])
    rows = [
        Attendance(event=event, person_id=pk, source=AttendanceSource.MANUAL, marked_by=marked_by, minutes=60)
        for n, pk in enumerate(people, start=1)
        if n % ABSENT_EVERY
    ]
    rows.append(
        Attendance(
            event=event,
            guest_key="name:гость методист",
            name="Методист Гость",
            source=AttendanceSource.MANUAL,
            marked_by=marked_by,
        )
    )
    Attendance.objects.bulk_create(rows)
    return len(rows)


def load(region: Region, out) -> None:
    campaign = registry_demo.campaign_of(region)
    if Event.objects.filter(campaign=campaign).exists():
        return
    today = timezone.localdate()
    operator = User.objects.filter(email="operator@demo.opora.ru").first()
    municipal = User.objects.filter(email="municipal@demo.opora.ru").first()
    EventKind.objects.ensure_defaults()
    kinds = {k.name: k for k in EventKind.objects.filter(Q(region__isnull=True) | Q(region=region))}
    count = present = 0
    for kind, title, shift, roles, words, material in EVENTS:
        day = today + datetime.timedelta(days=shift)
        event = Event.objects.create(
            campaign=campaign,
            kind=kinds[kind],
            title=title,
            starts_on=day,
            start_time=datetime.time(10, 0),
            organiser_text="Министерство образования и ЦНППМ",
            audience_roles=roles,
            created_by=operator,
        )
        event.items.set(_item_like(campaign, words))
        if material:
            EventMaterial.objects.create(event=event, title=material[0], url=material[1], added_by=operator)
        if day < today:
            present += _attend(event, operator)
        count += 1
    northern = None
    if municipal is not None and municipal.person_id:
        northern = (
            Municipality.objects.filter(
                region=region, assignments__person=municipal.person, assignments__role=Role.MUNICIPAL_COORDINATOR
            )
            .distinct()
            .first()
        )
    if northern is not None:
        seminar = Event.objects.create(
            campaign=campaign,
            municipality=northern,
            kind=kinds["семинар"],
            title=f"Семинар для школ {northern.name}: разбор заданий ВПР",
            starts_on=today - datetime.timedelta(days=5),
            organiser_text=f"Управление образования ({northern.name})",
            audience_roles=[Role.SCHOOL_TEAM],
            created_by=municipal,
        )
        present += _attend(seminar, municipal)
        count += 1
    out.write(f"Мероприятия: {count}, отметок посещаемости — {present}.\n")
