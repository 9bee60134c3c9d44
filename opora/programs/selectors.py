"""Reads the pages share: which documents a school owes, what waits on whom, the region's table.

A school owes one document per required kind «per school», one anti-risk programme per factor its
curator activated, and one per monitoring stage for kinds «per stage» that are required. Pages
read these for a page of schools at once, in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet

from opora.accounts.models import Role
from opora.assessment.models import ListedSchool
from opora.core.scoping import scope_of
from opora.diagnostics.models import ActivatedFactor, RiskFactor
from opora.registry.models import Campaign, School
from opora.roadmaps.models import MonitoringStage

from .models import DocumentKind, SchoolDocument, Status


@dataclass
class Slot:
    """One document a school owes or has: its kind and, by the kind, its factor or stage."""

    kind: DocumentKind
    factor: RiskFactor | None = None
    stage: MonitoringStage | None = None
    document: SchoolDocument | None = None

    @property
    def key(self) -> tuple:
        return (self.kind.pk, self.factor.pk if self.factor else None, self.stage.pk if self.stage else None)

    @property
    def name(self) -> str:
        extra = self.factor.name if self.factor else self.stage.title if self.stage else ""
        return f"{self.kind.title}: {extra}" if extra else self.kind.title

    @property
    def status(self) -> str:
        return self.document.status if self.document else ""

    @property
    def is_missing(self) -> bool:
        return self.kind.required and self.document is None


def listed_school_ids(campaign: Campaign):
    """The schools on the campaign's approved list (a subquery)."""
    return ListedSchool.objects.approved_for(campaign).values("school_id")


def activated(campaign: Campaign, school_ids) -> dict[int, list[RiskFactor]]:
    """school id → the factors its curator confirmed, in catalogue order (two queries, no model per row)."""
    factors = {f.pk: f for f in RiskFactor.objects.filter(campaign=campaign)}
    found = defaultdict(list)
    rows = (
        ActivatedFactor.objects.filter(
            profile__campaign=campaign, profile__school_id__in=school_ids, confirmed_at__isnull=False
        )
        .order_by("factor__position", "factor_id")
        .values_list("profile__school_id", "factor_id")
    )
    for school_id, factor_id in rows:
        found[school_id].append(factors[factor_id])
    return found


def slots_for(schools: list[School], campaign: Campaign, *, required_only: bool = False) -> dict[int, list[Slot]]:
    """school id → its slots: required ones (filled or not) and, unless `required_only`, every
    other document it has. A fixed number of queries for any number of schools."""
    kinds = DocumentKind.for_campaign(campaign)
    stages = MonitoringStage.for_campaign(campaign) if any(k.per == DocumentKind.Per.STAGE for k in kinds) else []
    ids = [s.pk for s in schools]
    factors = activated(campaign, ids)
    documents = defaultdict(list)
    for document in SchoolDocument.objects.filter(campaign=campaign, school_id__in=ids).select_related(
        "kind", "factor", "stage"
    ):
        documents[document.school_id].append(document)
    result = {}
    for school in schools:
        slots = []
        for kind in kinds:
            if kind.retired:
                continue  # asked of nobody now; its documents still show below
            if kind.per == DocumentKind.Per.FACTOR:
                slots += [Slot(kind, factor=f) for f in factors[school.pk]]
            elif kind.per == DocumentKind.Per.STAGE:
                slots += [Slot(kind, stage=s) for s in stages] if kind.required or not required_only else []
            elif kind.required:
                slots.append(Slot(kind))  # optional ones per school may be many, each with a title
        by_key = {slot.key: slot for slot in slots}
        for document in documents[school.pk]:
            key = (document.kind_id, document.factor_id, document.stage_id)
            if key in by_key and not document.title:
                by_key[key].document = document
            elif not required_only:
                slots.append(Slot(document.kind, document.factor, document.stage, document))
        result[school.pk] = [s for s in slots if s.kind.required or not required_only]
    return result


@dataclass
class Queues:
    to_review: QuerySet
    returned: list = field(default_factory=list)
    missing: list = field(default_factory=list)  # (school, slot)


def team_school_ids(user) -> frozenset[int]:
    return scope_of(user).places(Role.SCHOOL_TEAM, "school")


def queues(user, campaign: Campaign) -> Queues:
    """What waits on this user: documents to review (oldest first); for a school's team, those
    returned for revision and the required ones not yet uploaded."""
    to_review = (
        SchoolDocument.objects.for_user(user, "document.review")
        .filter(campaign=campaign)
        .exclude(school_id__in=team_school_ids(user))
        .with_names()
        .waiting()
    )
    own = list(School.objects.for_user(user).filter(pk__in=team_school_ids(user)).order_by("short_name"))
    result = Queues(to_review)
    for school in own:
        for slot in slots_for([school], campaign)[school.pk]:
            if slot.status == Status.RETURNED:
                result.returned.append((school, slot))
            elif slot.is_missing or slot.status == Status.DRAFT:
                result.missing.append((school, slot))
    return result


STATUS_ORDER = {"": 0, Status.DRAFT: 0, Status.RETURNED: 1, Status.SUBMITTED: 2, Status.APPROVED: 3}


@dataclass
class Cell:
    """A table cell: one kind for one school — its documents' statuses (several for per-factor kinds)."""

    kind: DocumentKind
    slots: list[Slot]

    @property
    def approved(self) -> int:
        return sum(1 for s in self.slots if s.status == Status.APPROVED)

    @property
    def status(self) -> str:
        """The least advanced status among the cell's documents: what still holds the school back."""
        if not self.slots:
            return ""
        return min((s.status for s in self.slots), key=lambda st: STATUS_ORDER[st])

    @property
    def days_waiting(self) -> int | None:
        waiting = [s.document.days_in_status for s in self.slots if s.status == Status.SUBMITTED]
        return max(waiting) if waiting else None


def table_rows(schools: list[School], campaign: Campaign, kinds: list[DocumentKind]) -> list[tuple[School, list[Cell]]]:
    slots = slots_for(schools, campaign, required_only=True)
    rows = []
    for school in schools:
        by_kind = defaultdict(list)
        for slot in slots[school.pk]:
            by_kind[slot.kind.pk].append(slot)
        rows.append((school, [Cell(kind, by_kind[kind.pk]) for kind in kinds]))
    return rows
