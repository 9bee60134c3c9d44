"""Visits in the shared test world: school A (curator_a) visited, school B (its own curator) not."""

from __future__ import annotations

import datetime

from opora.monitoring.models import Recommendation, RecommendationStatus, Visit, VisitStatus
from tests.factories import UserFactory, assign

TODAY = datetime.date(2026, 3, 16)


def curator_b(world):
    """A curator of school B (so a visit there has someone to belong to)."""
    if not hasattr(world, "curator_b"):
        world.curator_b = UserFactory(email="curator.b@example.ru", person__region=world.region)
        assign(world.curator_b, "curator", region=world.region, campaign=world.campaign, schools=[world.school_b])
    return world.curator_b


def add_visits(world) -> None:
    """School A: a held visit (two recommendations) and a planned one; school B: a held visit with
    a recommendation whose text names it, so a leak shows by content."""
    curator = world.users["curator_a"]
    world.visit_a = Visit.objects.create(
        school=world.school_a,
        campaign=world.campaign,
        curator=curator.person,
        status=VisitStatus.HELD,
        planned_on=TODAY - datetime.timedelta(days=10),
        held_on=TODAY - datetime.timedelta(days=10),
        purpose="Знакомство с управленческой командой",
        observations=["lesson", "team_meeting"],
        findings="Уроки математики проводятся без дифференциации заданий.",
        created_by=curator,
    )
    world.rec_a = Recommendation.objects.create(
        visit=world.visit_a, number=1, text="Ввести разноуровневые задания", deadline=TODAY, actor="замдиректора"
    )
    world.rec_a_done = Recommendation.objects.create(
        visit=world.visit_a, number=2, text="Провести педсовет", status=RecommendationStatus.DONE
    )
    world.planned_a = Visit.objects.create(
        school=world.school_a,
        campaign=world.campaign,
        curator=curator.person,
        planned_on=TODAY + datetime.timedelta(days=2),
        purpose="Посещение уроков в 5-х классах",
        created_by=curator,
    )
    other = curator_b(world)
    world.visit_b = Visit.objects.create(
        school=world.school_b,
        campaign=world.campaign,
        curator=other.person,
        status=VisitStatus.HELD,
        planned_on=TODAY - datetime.timedelta(days=40),
        held_on=TODAY - datetime.timedelta(days=40),
        findings="Тохтор: выводы визита",
        created_by=other,
    )
    world.rec_b = Recommendation.objects.create(visit=world.visit_b, number=1, text="Тохтор: рекомендация")
