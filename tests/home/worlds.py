"""A school with its whole situation, on top of the shared world (tests/conftest.py): school A
listed by an approved order, curated, with results, a verified risk profile with high factors and
activated ones, documents in every status, its own roadmap with an item overdue in May 2026, a
visit in March (so a gap over the norm by May) with an open recommendation, and the curator's
report of the first stage in draft, of the second submitted."""

import datetime
import zoneinfo

from opora.diagnostics.models import FactorLevel, RiskFactor, RiskProfile
from tests.assessment.worlds import add_lists
from tests.monitoring.worlds import add_visits
from tests.programs.worlds import add_documents
from tests.reports.worlds import make_report
from tests.roadmaps.worlds import add_roadmaps

# «Today» of these tests: the roadmap item of A due on 15 March is overdue.
MAY_2026 = datetime.datetime(2026, 5, 4, 10, tzinfo=zoneinfo.ZoneInfo("Europe/Moscow"))


def add_school_history(world) -> None:
    add_lists(world)
    add_roadmaps(world)
    add_documents(world)
    profile = RiskProfile.objects.get(school=world.school_a, campaign=world.campaign)
    profile.verified_by = world.users["curator_a"]
    profile.save()
    factors = list(RiskFactor.objects.filter(campaign=world.campaign).order_by("position"))
    FactorLevel.objects.bulk_create(
        FactorLevel(profile=profile, factor=f, computed="high" if n < 2 else "low") for n, f in enumerate(factors)
    )
    world.high_factor = factors[0]
    add_visits(world)
    world.report_draft_a = make_report(world, "A")
    world.report_submitted_a = make_report(world, "A", "submitted", stage_number=2)
