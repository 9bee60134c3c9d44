"""Who is appointed to the school (curators, the school's team) and by which orders."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from opora.accounts.models import Assignment, Role
from opora.registry.models import School


@dataclass
class Team:
    current: list[Assignment]
    past: list[Assignment]

    @property
    def curators(self) -> list[Assignment]:
        return [a for a in self.current if a.role == Role.CURATOR]


def team(school: School, today: datetime.date) -> Team:
    """Whoever sees the school sees who is appointed to it (as the order says). One query."""
    assignments = school.assignments.select_related("person", "order", "campaign").order_by(
        "role", "-valid_from", "person__last_name"
    )
    current, past = [], []
    for a in assignments:
        (current if a.is_active_on(today) else past).append(a)
    past.sort(key=lambda a: a.valid_to or a.valid_from, reverse=True)
    return Team(current, past)
