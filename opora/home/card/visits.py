"""The curator's visits to the school and the recommendations not yet confirmed (opora.monitoring)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from opora.monitoring.models import Recommendation, Visit, VisitStatus
from opora.monitoring.selectors import gap_flags, last_visit_dates, open_recommendations, visit_norm_days
from opora.registry.models import Campaign, School

# Visits and recommendations listed on the card; the school's visits page has them all.
SHOWN = 5


@dataclass
class Visits:
    campaign: Campaign | None = None
    last_visit: datetime.date | None = None
    gap_days: int | None = None  # only when the gap exceeds the norm
    norm: int | None = None
    next_visit: Visit | None = None
    recent: list[Visit] = field(default_factory=list)  # held ones, newest first
    recommendations: list[Recommendation] = field(default_factory=list)
    recommendation_count: int = 0
    probe: Visit | None = None  # what `{% can "visit.plan" %}` asks about


def visits(school: School, campaign: Campaign | None, today: datetime.date) -> Visits:
    """The monitoring app's own readings for one school: a fixed number of queries."""
    if campaign is None:
        return Visits()
    held = Visit.objects.filter(school=school, campaign=campaign)
    recommendations = open_recommendations([school.pk], campaign)
    return Visits(
        campaign=campaign,
        last_visit=last_visit_dates([school.pk], campaign)[school.pk],
        gap_days=gap_flags([school.pk], campaign, today).get(school.pk),
        norm=visit_norm_days(campaign),
        next_visit=held.filter(status=VisitStatus.PLANNED, planned_on__gte=today).order_by("planned_on", "pk").first(),
        recent=list(held.filter(status=VisitStatus.HELD).select_related("curator").order_by("-held_on", "-pk")[:SHOWN]),
        recommendations=list(recommendations[:SHOWN]),
        recommendation_count=recommendations.count(),
        probe=Visit(school=school, campaign=campaign),
    )
