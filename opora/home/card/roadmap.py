"""The school's own roadmap: execution and overdue items, and the school's roadmaps of other years."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from opora.registry.models import Campaign, School
from opora.roadmaps.models import Item, Roadmap
from opora.roadmaps.services import roadmap_stats

# Overdue items listed on the card; the roadmap's page has them all.
OVERDUE_SHOWN = 8


@dataclass
class Plan:
    roadmap: Roadmap | None = None
    total: int = 0
    done: int = 0
    overdue_count: int = 0
    overdue: list[Item] = field(default_factory=list)  # the first OVERDUE_SHOWN, oldest deadline first
    soon: list[Item] = field(default_factory=list)  # due within 30 days, not done
    others: list[Roadmap] = field(default_factory=list)
    probe: Roadmap | None = None  # what `{% can "roadmap.create" %}` asks about when there is none

    @property
    def share(self) -> int:
        return round(self.done * 100 / self.total) if self.total else 0


def plan(user, school: School, campaign: Campaign | None, today: datetime.date) -> Plan:
    """Five queries at most, whatever the number of items and reports."""
    roadmaps = list(
        Roadmap.objects.for_user(user)
        .filter(level=Roadmap.Level.SCHOOL, school=school)
        .select_related("campaign", "order")
        .order_by("-campaign__year", "-status", "-pk")
    )
    probe = (
        Roadmap(level=Roadmap.Level.SCHOOL, school=school, campaign=campaign, year=campaign.year) if campaign else None
    )
    if not roadmaps:
        return Plan(probe=probe)
    # The current campaign's (an approved one before a draft: "approved" > "draft"), else the newest.
    roadmap = next((r for r in roadmaps if campaign and r.campaign_id == campaign.pk), roadmaps[0])
    total, done, overdue_count = roadmap_stats([roadmap.pk], today).get(roadmap.pk, (0, 0, 0))
    items = Item.objects.filter(roadmap=roadmap).with_done()
    overdue = list(
        items.filter(end__lt=today, is_done=False).select_related("section").order_by("end", "position")[:OVERDUE_SHOWN]
    )
    soon = list(
        items.filter(end__gte=today, end__lte=today + datetime.timedelta(days=30), is_done=False)
        .select_related("section")
        .order_by("end", "position")[:OVERDUE_SHOWN]
    )
    return Plan(
        roadmap=roadmap,
        total=total,
        done=done,
        overdue_count=overdue_count,
        overdue=overdue,
        soon=soon,
        others=[r for r in roadmaps if r.pk != roadmap.pk],
        probe=probe,
    )
