"""The monitoring summary's world: the shared test world with its lists and roadmaps, and for each
listed school a visit, documents and a risk profile, so that every part of the summary has figures
in both municipalities (M: school A with a curator; M2: school B without one)."""

from __future__ import annotations

import datetime

from opora.diagnostics.catalogue import seed_catalogue
from opora.diagnostics.models import FactorLevel, RiskProfile
from opora.monitoring.models import Visit, VisitStatus
from opora.programs.models import DocumentKind, SchoolDocument
from tests.assessment.worlds import add_lists
from tests.roadmaps.worlds import add_roadmaps

TODAY = datetime.date(2026, 3, 16)
NOON = datetime.datetime(2026, 3, 16, 9, 0, tzinfo=datetime.UTC)


def concept_kind(campaign) -> DocumentKind:
    return next(k for k in DocumentKind.for_campaign(campaign) if k.code == "concept")


def add_school_figures(world, school, *, status: str, level: str, visited: datetime.date | None = None) -> None:
    """One listed school's figures: its concept in `status`, a level of the first factor, a visit."""
    SchoolDocument.objects.create(
        school=school, campaign=world.campaign, kind=concept_kind(world.campaign), status=status
    )
    factor = seed_catalogue(world.campaign)[0]
    profile = RiskProfile.objects.create(school=school, campaign=world.campaign)
    FactorLevel.objects.create(profile=profile, factor=factor, computed=level)
    if visited:
        Visit.objects.create(
            school=school,
            campaign=world.campaign,
            curator=world.users["curator_a"].person,
            status=VisitStatus.HELD,
            planned_on=visited,
            held_on=visited,
            created_by=world.users["curator_a"],
        )


def add_dashboard(world) -> None:
    """A (M, curated by curator_a): approved concept, high risk, visited 10 days ago, its roadmap
    item overdue. B (M2, no curator): concept on review, low risk, never visited."""
    add_lists(world)
    add_roadmaps(world)
    add_school_figures(world, world.school_a, status="approved", level="high", visited=TODAY - datetime.timedelta(10))
    add_school_figures(world, world.school_b, status="submitted", level="low")
