"""Each curator's workload as the region (or a municipality) sees it: their schools, how many of
them are listed, visits this month, schools whose gap between visits exceeds the norm, the last visit.

Everything is computed for all the viewer's curators at once in a fixed number of queries (links,
listed schools, visit dates and gaps of the visits' selectors, visit counts, names), so the table
sorts by any column before it is cut into pages. Only schools the viewer oversees count: a curator
with schools in two municipalities shows each municipality its own."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, QuerySet

from opora.core.sorting import natural_key
from opora.registry.models import Campaign, Person

from .mismatches import Mismatches, curator_links, curators_by_school, listed_ids, mismatches_for
from .models import Visit, VisitStatus
from .selectors import gap_flags, last_visit_dates

# Column → how the table sorts by it (ascending); «-column» sorts descending.
SORTS = ("name", "schools", "listed", "visits", "gaps", "last")
DEFAULT_SORT = "-gaps"


@dataclass
class CuratorLoad:
    person_id: int
    name: str = ""
    position: str = ""
    school_ids: set[int] = field(default_factory=set)
    listed: int = 0
    visits: int = 0  # held this month
    gaps: int = 0  # schools whose gap exceeds the norm
    last: datetime.date | None = None  # the curator's latest held visit

    @property
    def schools(self) -> int:
        return len(self.school_ids)


def month_start(today: datetime.date) -> datetime.date:
    return today.replace(day=1)


def curator_loads(view: Mismatches, *, search: str = "") -> list[CuratorLoad]:
    """Every curator of the viewer's schools with their figures, in a fixed number of queries."""
    today, campaign = view.on, view.campaign
    links = curator_links(today).filter(school__in=view.schools)
    loads: dict[int, CuratorLoad] = {}
    for person_id, school_id in links.values_list("assignment__person_id", "school_id"):
        loads.setdefault(person_id, CuratorLoad(person_id)).school_ids.add(school_id)
    if not loads:
        return []
    school_ids = set().union(*(load.school_ids for load in loads.values()))
    listed = set(view.schools.filter(pk__in=listed_ids(view.identification)).values_list("pk", flat=True))
    flagged = gap_flags(school_ids, campaign, today)
    visits = (
        Visit.objects.filter(
            campaign=campaign, status=VisitStatus.HELD, curator_id__in=list(loads), school__in=view.schools
        )
        .values("curator_id")
        .annotate(month=Count("pk", filter=Q(held_on__gte=month_start(today), held_on__lte=today)), last=Max("held_on"))
    )
    for row in visits:
        load = loads[row["curator_id"]]
        load.visits, load.last = row["month"], row["last"]
    for person_id, last, first, middle, position in Person.objects.filter(pk__in=list(loads)).values_list(
        "pk", "last_name", "first_name", "middle_name", "position"
    ):
        load = loads[person_id]
        load.name = " ".join(part for part in (last, first, middle) if part)
        load.position = position
    if search:
        # In Python: SQLite folds the case of Latin letters only, and the names are Cyrillic.
        wanted = search.casefold().replace("ё", "е")
        loads = {pk: load for pk, load in loads.items() if wanted in load.name.casefold().replace("ё", "е")}
    for load in loads.values():
        load.listed = len(load.school_ids & listed)
        load.gaps = sum(1 for school_id in load.school_ids if school_id in flagged)
    return list(loads.values())


def sort_loads(loads: list[CuratorLoad], sort: str) -> tuple[list[CuratorLoad], str]:
    """Sorted by the column (names break ties; a curator never visited is last by «last visit»)."""
    column = sort.lstrip("-")
    if column not in SORTS:
        sort, column = DEFAULT_SORT, DEFAULT_SORT.lstrip("-")
    descending = sort.startswith("-")
    by_name = sorted(loads, key=lambda load: natural_key(load.name))
    if column == "name":
        return (by_name[::-1] if descending else by_name), sort
    if column == "last":
        dated = [load for load in by_name if load.last is not None]
        never = [load for load in by_name if load.last is None]
        return sorted(dated, key=lambda load: load.last, reverse=descending) + never, sort
    return sorted(by_name, key=lambda load: getattr(load, column), reverse=descending), sort


@dataclass
class CuratorSchool:
    school: object
    listed: bool
    last: datetime.date | None
    gap_days: int | None  # days since the last visit (or the appointment) when above the norm
    assignments: list


def curator_schools(view: Mismatches, person: Person) -> list[CuratorSchool]:
    """The curator's schools the viewer oversees, each with list status, last visit and flag."""
    today = view.on
    schools = list(
        view.schools.filter(pk__in=curator_links(today).filter(assignment__person=person).values("school_id"))
        .select_related("municipality")
        .order_by("municipality__name", "short_name", "pk")
    )
    ids = [s.pk for s in schools]
    listed = set(
        view.schools.filter(pk__in=ids).filter(pk__in=listed_ids(view.identification)).values_list("pk", flat=True)
    )
    last = last_visit_dates(ids, view.campaign)
    flagged = gap_flags(ids, view.campaign, today)
    curators = curators_by_school(ids, today)
    rows = [
        CuratorSchool(
            school,
            school.pk in listed,
            last.get(school.pk),
            flagged.get(school.pk),
            [a for a in curators.get(school.pk, []) if a.person_id == person.pk],
        )
        for school in schools
    ]
    rows.sort(
        key=lambda row: (
            row.gap_days is None,
            natural_key(row.school.municipality.name),
            natural_key(row.school.short_name),
        )
    )
    return rows


def curators_overseen(view: Mismatches) -> QuerySet:
    """The people who curate, today, a school the viewer oversees (a queryset to fetch one by id)."""
    return Person.objects.filter(
        pk__in=curator_links(view.on).filter(school__in=view.schools).values("assignment__person_id")
    )


def workload_for(user, campaign: Campaign, today: datetime.date) -> Mismatches:
    """The viewer's schools in the campaign's region (the same view the mismatches are counted in)."""
    return mismatches_for(user, campaign, today)
