"""Curators and visits added to the shared test world for the region's view of curators.

With `add_lists`, A (M) and B (M2) are on the approved list and C (M) is not. Curator A curates A
(since 2020); Петрова curates B and C by the ministry's order from 20.01.2026. On TODAY
(20.11.2026): A was visited on 15.11, B on 10.11, C on 01.10 — 50 days ago, above the norm of 28."""

from __future__ import annotations

import datetime
import zoneinfo

from opora.accounts.models import Assignment, Role
from opora.monitoring.models import Visit, VisitStatus
from tests.factories import PersonFactory, UserFactory

TODAY = datetime.date(2026, 11, 20)
NOON = datetime.datetime(2026, 11, 20, 12, tzinfo=zoneinfo.ZoneInfo("Europe/Moscow"))
APPOINTED = datetime.date(2026, 1, 20)


def appoint_curator(world, person, schools, *, valid_from=APPOINTED, order=None) -> Assignment:
    assignment = Assignment.objects.create(
        person=person,
        role=Role.CURATOR,
        region=world.region,
        campaign=world.campaign,
        order=order or world.order,
        valid_from=valid_from,
    )
    assignment.schools.set(schools)
    return assignment


def held(world, school, person, day: datetime.date, findings: str = "") -> Visit:
    return Visit.objects.create(
        school=school,
        campaign=world.campaign,
        curator=person,
        status=VisitStatus.HELD,
        planned_on=day,
        held_on=day,
        findings=findings,
    )


def add_curators(world, *, today: datetime.date = TODAY) -> None:
    """Петрова (with a login) for B and C, Сидоров (with a login, no schools yet); visits as above,
    dated back from `today`, and a planned visit to C that counts for nothing."""
    world.petrova = UserFactory(
        email="petrova@example.ru",
        person__region=world.region,
        person__last_name="Петрова",
        person__first_name="Ольга",
        person__middle_name="Сергеевна",
        person__position="Методист ИРО",
    ).person
    world.sidorov = UserFactory(
        email="sidorov@example.ru",
        person__region=world.region,
        person__last_name="Сидоров",
        person__first_name="Игорь",
        person__middle_name="Павлович",
        person__position="Учитель-методист",
    ).person
    world.petrova_assignment = appoint_curator(world, world.petrova, [world.school_b, world.school_c])
    curator_a = world.users["curator_a"].person
    days = datetime.timedelta
    world.visit_a = held(world, world.school_a, curator_a, today - days(5))
    world.visit_b = held(world, world.school_b, world.petrova, today - days(10))
    world.visit_c = held(world, world.school_c, world.petrova, today - days(50), "Выводы визита в СОШ № 3")
    Visit.objects.create(
        school=world.school_c, campaign=world.campaign, curator=world.petrova, planned_on=today + days(5)
    )


def add_many_curators(world, count: int, start: int = 0) -> None:
    """`count` more curators in M, each with two new schools, one visited this month."""
    from tests.factories import SchoolFactory

    for n in range(start, start + count):
        person = PersonFactory(region=world.region, last_name=f"Куратор{n:03d}")
        schools = [
            SchoolFactory(
                municipality=world.m, short_name=f"СОШ № {100 + 2 * n + k}", fis_oko_login=f"sch43{2 * n + k:04d}"
            )
            for k in range(2)
        ]
        appoint_curator(world, person, schools)
        held(world, schools[0], person, TODAY - datetime.timedelta(days=3))
