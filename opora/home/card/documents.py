"""The school's documents of a campaign and their statuses, the required ones not yet uploaded."""

from __future__ import annotations

from dataclasses import dataclass, field

from opora.programs.models import SchoolDocument
from opora.programs.selectors import Slot, slots_for
from opora.registry.models import Campaign, School


@dataclass
class Documents:
    campaign: Campaign | None = None
    slots: list[Slot] = field(default_factory=list)
    probe: SchoolDocument | None = None  # what `{% can "document.upload" %}` asks about

    @property
    def missing(self) -> list[Slot]:
        return [s for s in self.slots if s.is_missing]

    @property
    def approved(self) -> int:
        return sum(1 for s in self.slots if s.status == "approved")


def documents(school: School, campaign: Campaign | None) -> Documents:
    """The documents page's own reading (programs.selectors.slots_for): a handful of queries."""
    if campaign is None:
        return Documents()
    return Documents(
        campaign=campaign,
        slots=slots_for([school], campaign)[school.pk],
        probe=SchoolDocument(school=school, campaign=campaign),
    )
