"""Reads about visits that other pages share (the region's workload page, the stage report, the
school card, notifications). Every function runs a fixed number of queries whatever the number of
schools; `school_ids` may be a list, a set or a queryset of ids."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, Max, Min, Prefetch, Q, QuerySet

from opora.accounts.models import Assignment, Role
from opora.registry.models import Campaign, Person, School

from .models import (
    DEFAULT_VISIT_NORM_DAYS,
    MonitoringSettings,
    Recommendation,
    RecommendationStatus,
    Visit,
    VisitAttachment,
    VisitStatus,
)


def visit_norm_days(campaign: Campaign | int) -> int:
    """The longest allowed gap between two visits to a school in this campaign, in days (1 query)."""
    campaign_id = getattr(campaign, "pk", campaign)
    norm = MonitoringSettings.objects.filter(campaign_id=campaign_id).values_list("visit_norm_days", flat=True).first()
    return norm or DEFAULT_VISIT_NORM_DAYS


def _ids(school_ids: Iterable[int] | QuerySet) -> list[int]:
    return list(school_ids)


def last_visit_dates(school_ids, campaign: Campaign) -> dict[int, datetime.date | None]:
    """School id → the date of its latest held visit in the campaign, None if never visited (1 query)."""
    ids = _ids(school_ids)
    last = dict(
        Visit.objects.filter(school_id__in=ids, campaign=campaign, status=VisitStatus.HELD)
        .values("school_id")
        .annotate(last=Max("held_on"))
        .values_list("school_id", "last")
    )
    return {school_id: last.get(school_id) for school_id in ids}


def curator_since(school_ids, on: datetime.date) -> dict[int, datetime.date]:
    """School id → the day its current curators were first assigned (schools with a curator only; 1 query)."""
    rows = (
        Assignment.objects.active(on)
        .filter(role=Role.CURATOR, schools__in=_ids(school_ids))
        .values("schools")
        .annotate(since=Min("valid_from"))
        .values_list("schools", "since")
    )
    return dict(rows)


def gap_flags(
    school_ids, campaign: Campaign, today: datetime.date, *, norm: int | None = None, last: dict | None = None
) -> dict[int, int]:
    """School id → days since its last held visit, for the schools whose gap exceeds the campaign's
    norm (3 queries; fewer when the caller already has the norm or `last_visit_dates`). A school
    with a curator and no visit yet counts from the day the curator was assigned; a school without
    a curator is not flagged here (that is a mismatch of its own)."""
    ids = _ids(school_ids)
    norm = visit_norm_days(campaign) if norm is None else norm
    last = last_visit_dates(ids, campaign) if last is None else {pk: last.get(pk) for pk in ids}
    never = [school_id for school_id, day in last.items() if day is None]
    since = curator_since(never, today) if never else {}
    flags = {}
    for school_id, day in last.items():
        start = day or since.get(school_id)
        if start is None:
            continue
        days = (today - start).days
        if days > norm:
            flags[school_id] = days
    return flags


def curators_of(school_ids, on: datetime.date) -> dict[int, list[Person]]:
    """School id → its active curators (people), in 1 query."""
    found: dict[int, list[Person]] = {}
    assignments = (
        Assignment.schools.through.objects.filter(
            school_id__in=_ids(school_ids),
            assignment__role=Role.CURATOR,
            assignment__valid_from__lte=on,
        )
        .filter(Q(assignment__valid_to__isnull=True) | Q(assignment__valid_to__gte=on))
        .select_related("assignment__person")
        .order_by("assignment__person__last_name", "assignment_id")
    )
    for link in assignments:
        people = found.setdefault(link.school_id, [])
        if all(p.pk != link.assignment.person_id for p in people):
            people.append(link.assignment.person)
    return found


def visits_for_school(
    school: School | int,
    campaign: Campaign,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> list[Visit]:
    """The school's held visits in the campaign (optionally between two dates, inclusive), oldest
    first, each with its curator, participants, recommendations and attachments (5 queries)."""
    school_id = getattr(school, "pk", school)
    visits = Visit.objects.filter(school_id=school_id, campaign=campaign, status=VisitStatus.HELD)
    if since:
        visits = visits.filter(held_on__gte=since)
    if until:
        visits = visits.filter(held_on__lte=until)
    return list(
        visits.select_related("curator", "school")
        .prefetch_related(
            "participants",
            Prefetch("recommendations", queryset=Recommendation.objects.select_related("actor_person")),
            Prefetch("attachments", queryset=VisitAttachment.objects.order_by("uploaded_at", "pk")),
        )
        .order_by("held_on", "pk")
    )


def open_recommendations(school_ids, campaign: Campaign) -> QuerySet[Recommendation]:
    """Recommendations of the schools' visits in the campaign not yet confirmed by the curator: open
    ones (the school's to do, returned ones included) and done ones awaiting confirmation; earliest
    deadline first. Lazy: count or slice it (1 query)."""
    return (
        Recommendation.objects.filter(visit__school_id__in=_ids(school_ids), visit__campaign=campaign)
        .exclude(status=RecommendationStatus.CONFIRMED)
        .select_related("visit__school", "visit__curator", "actor_person")
        .order_by(F("deadline").asc(nulls_last=True), "visit__school__short_name", "visit_id", "number")
    )


def curated_school_ids(user, on: datetime.date) -> list[int]:
    """Ids of the schools the user sees that have an active curator, by name (2 queries). For a
    curator: their own schools."""
    from opora.core.scoping import scope_of

    scope = scope_of(user)
    own = scope.places(Role.CURATOR, "school")
    schools = School.objects.for_user(user)
    if own and not (scope.region_ids or scope.municipality_ids):
        schools = schools.filter(pk__in=own)
    else:
        curated = (
            Assignment.schools.through.objects.filter(assignment__role=Role.CURATOR, assignment__valid_from__lte=on)
            .filter(Q(assignment__valid_to__isnull=True) | Q(assignment__valid_to__gte=on))
            .values("school_id")
        )
        schools = schools.filter(pk__in=curated)
    return list(schools.order_by("short_name", "pk").values_list("pk", flat=True))


@dataclass
class SchoolRow:
    """One school on the plan page: its last held visit, the gap flag, the next planned visit."""

    school: School
    curators: list[Person]
    last_visit: datetime.date | None
    gap_days: int | None  # set only when the gap exceeds the norm
    next_visit: Visit | None


def school_rows(school_ids, campaign: Campaign, today: datetime.date, *, flags: dict | None = None) -> list[SchoolRow]:
    """Rows for these schools, in the order given (at most 7 queries for any number of schools;
    `flags`, when the caller has them from `gap_flags`, saves three)."""
    ids = _ids(school_ids)
    schools = School.objects.select_related("municipality").in_bulk(ids)
    last = last_visit_dates(ids, campaign)
    flags = gap_flags(ids, campaign, today, last=last) if flags is None else flags
    curators = curators_of(ids, today)
    upcoming: dict[int, Visit] = {}
    for visit in (
        Visit.objects.filter(school_id__in=ids, campaign=campaign, status=VisitStatus.PLANNED)
        .order_by("school_id", "planned_on", "pk")
        .only("pk", "school_id", "planned_on", "format")
    ):
        upcoming.setdefault(visit.school_id, visit)
    return [
        SchoolRow(schools[pk], curators.get(pk, []), last[pk], flags.get(pk), upcoming.get(pk))
        for pk in ids
        if pk in schools
    ]
