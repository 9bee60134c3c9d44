"""The figures of the monitoring summary for a set of municipalities of one campaign's region.

Each part is counted for all the municipalities at once by grouped queries, so the page runs the
same number of queries for a region of 5 schools and of 5,000: listed schools and their curators
(the list the campaign works by, as on the mismatch page), the heat map's level counts, documents
by status, visits and gaps, roadmap execution. The page of one municipality adds the row of each
of its listed schools, again in a fixed number of queries."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from opora.core.access import rule
from opora.core.scoping import scope_of
from opora.diagnostics.heatmap import IN_FORCE, LEVEL_ORDER
from opora.diagnostics.models import FactorLevel, Level, RiskFactor
from opora.monitoring.mismatches import campaign_list, curator_links, listed_ids
from opora.monitoring.models import Attendance, Event, Visit, VisitStatus
from opora.monitoring.selectors import gap_flags, visit_norm_days
from opora.monitoring.selectors_events import attendees, events_held
from opora.programs.models import SchoolDocument, Status
from opora.registry.models import Campaign, Municipality, School
from opora.roadmaps.models import Item, ItemReport

VIEW = "dashboard.view"
MONTHS_SHOWN = 12
STATUS_ORDER = (Status.APPROVED, Status.SUBMITTED, Status.RETURNED, Status.DRAFT)


def municipalities_for(user, campaign: Campaign):
    """The municipalities of the campaign's region whose summary the user sees (a lazy query)."""
    return Municipality.objects.for_user(user, VIEW).filter(region_id=campaign.region_id).order_by("name")


def sees_whole_region(user, region_id: int) -> bool:
    """Does the user hold the summary for the whole region (then the regional roadmap counts too)?"""
    scope = scope_of(user)
    if scope.everything:
        return True
    return any(
        region_id in scope.places(role, g.level) for g in rule(VIEW).grants if g.level == "region" for role in g.roles
    )


def percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass
class Execution:
    """Roadmap items: all, due (deadline reached), done of the due ones, overdue (past, not done)."""

    total: int = 0
    due: int = 0
    done: int = 0
    overdue: int = 0

    @property
    def percent(self) -> int | None:
        return percent(self.done, self.due)

    def add(self, other: Execution) -> None:
        self.total += other.total
        self.due += other.due
        self.done += other.done
        self.overdue += other.overdue


@dataclass
class Place:
    """One municipality's figures (or the whole of what the user sees, as the totals)."""

    municipality: Municipality | None
    listed: int = 0
    without_curator: int = 0
    gaps: int = 0
    documents: Counter = field(default_factory=Counter)
    execution: Execution = field(default_factory=Execution)

    @property
    def with_curator(self) -> int:
        return self.listed - self.without_curator

    @property
    def documents_total(self) -> int:
        return sum(self.documents.values())

    @property
    def documents_approved(self) -> int:
        return self.documents[Status.APPROVED]


@dataclass
class Summary:
    campaign: Campaign
    today: datetime.date
    identification: object  # the list the campaign works by, or None
    places: list[Place]
    totals: Place
    regional: Execution | None  # the regional roadmap's items; None for a municipality's view
    factors: list[RiskFactor]
    levels: dict[int, dict[str, int]]  # factor id → level → schools
    profiles: int
    visits_by_month: list[tuple[datetime.date, int]]
    visits_held: int
    norm: int
    listed_ids: list[int]
    curated: set[int]
    gap_days: dict[int, int]
    last_visits: dict[int, datetime.date | None]
    events: Events

    @property
    def municipality_ids(self) -> list[int]:
        return [p.municipality.pk for p in self.places]

    def heat_rows(self) -> list[tuple[RiskFactor, list[tuple[str, str, int]]]]:
        labels = dict(Level.choices)
        return [
            (f, [(level, labels[level], self.levels.get(f.pk, {}).get(level, 0)) for level in LEVEL_ORDER])
            for f in self.factors
        ]


@dataclass
class Events:
    """Events held in the campaign (the viewer's municipalities' own and those inviting them; all
    of the region's for the region), by kind, with attendance marks and distinct attendees."""

    held: int = 0
    by_kind: list[tuple[str, int]] = field(default_factory=list)
    marks: int = 0
    people: int = 0


def events_of(campaign: Campaign, municipality_ids: list[int], *, regional: bool) -> Events:
    """(3 queries)"""
    events = events_held(campaign)
    if not regional:
        invited = Event.audience_municipalities.through.objects.filter(municipality_id__in=municipality_ids)
        events = events.filter(Q(municipality_id__in=municipality_ids) | Q(pk__in=invited.values("event_id")))
    by_kind = list(events.order_by().values_list("kind__name").annotate(n=Count("pk")).order_by("-n", "kind__name"))
    return Events(
        held=sum(n for _, n in by_kind),
        by_kind=by_kind,
        marks=Attendance.objects.filter(event__in=events.values("pk")).count(),
        people=attendees(events).count(),
    )


def _done():
    return Exists(ItemReport.objects.filter(item=OuterRef("pk"), is_current=True, status=ItemReport.Status.DONE))


def execution_by_place(campaign: Campaign, municipality_ids: list[int], today: datetime.date, *, regional: bool):
    """Municipality id (None: the regional roadmap) → its roadmaps' execution (1 query). A
    municipality's figure holds its own roadmap and its schools' roadmaps."""
    where = Q(roadmap__municipality_id__in=municipality_ids) | Q(roadmap__school__municipality_id__in=municipality_ids)
    if regional:
        where |= Q(roadmap__level="region")
    rows = (
        Item.objects.filter(where, roadmap__campaign=campaign)
        .annotate(is_done=_done(), place=Coalesce("roadmap__municipality_id", "roadmap__school__municipality_id"))
        .values("place")
        .annotate(
            total=Count("pk"),
            due=Count("pk", filter=Q(end__lte=today)),
            done=Count("pk", filter=Q(end__lte=today, is_done=True)),
            overdue=Count("pk", filter=Q(end__lt=today, is_done=False)),
        )
    )
    return {r["place"]: Execution(r["total"], r["due"], r["done"], r["overdue"]) for r in rows}


def visits_by_month(campaign: Campaign, municipality_ids: list[int] | None, today: datetime.date):
    """The held visits of each of the last months, oldest first (1 query; counted by day, then
    summed by month here: a day is a column, a month would be a function per row).
    `municipality_ids` None: the whole campaign (the region's view)."""
    first = today.replace(day=1)
    months = []
    for _ in range(MONTHS_SHOWN):
        months.append(first)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    months.reverse()
    visits = Visit.objects.filter(
        campaign=campaign, status=VisitStatus.HELD, held_on__gte=months[0], held_on__lte=today
    )
    if municipality_ids is not None:
        visits = visits.filter(school__municipality_id__in=municipality_ids)
    counts: Counter = Counter()
    for day, n in visits.order_by().values_list("held_on").annotate(n=Count("pk")).values_list("held_on", "n"):
        counts[day.replace(day=1)] += n
    return [(month, counts.get(month, 0)) for month in months]


def summary(campaign: Campaign, municipalities: list[Municipality], today: datetime.date, *, regional: bool) -> Summary:
    """Everything the summary shows for these municipalities (about 14 queries whatever their size)."""
    mids = [m.pk for m in municipalities]
    places = {m.pk: Place(m) for m in municipalities}
    identification = campaign_list(campaign)
    # One query for the listed schools with, for each, whether it has a curator and its last visit.
    held = Visit.objects.filter(
        school=OuterRef("pk"), campaign=campaign, status=VisitStatus.HELD, held_on__isnull=False
    )
    listed = list(
        School.objects.filter(pk__in=listed_ids(identification), municipality_id__in=mids)
        .annotate(
            curated=Exists(curator_links(today).filter(school_id=OuterRef("pk"))),
            last=Subquery(held.order_by("-held_on").values("held_on")[:1]),
        )
        .order_by("pk")
        .values_list("pk", "municipality_id", "curated", "last")
    )
    ids = [row[0] for row in listed]
    curated = {row[0] for row in listed if row[2]}
    last = {row[0]: row[3] for row in listed}
    norm = visit_norm_days(campaign)
    gaps = gap_flags(ids, campaign, today, norm=norm, last=last)
    for school_id, municipality_id, *_ in listed:
        place = places[municipality_id]
        place.listed += 1
        place.without_curator += school_id not in curated
        place.gaps += school_id in gaps
    documents = (
        SchoolDocument.objects.filter(campaign=campaign, school_id__in=ids)
        .values_list("school__municipality_id", "status")
        .annotate(n=Count("pk"))
    )
    for municipality_id, status, n in documents:
        places[municipality_id].documents[status] += n
    execution = execution_by_place(campaign, mids, today, regional=regional)
    for municipality_id, figures in execution.items():
        if municipality_id in places:
            places[municipality_id].execution = figures
    totals = Place(None)
    for place in places.values():
        totals.listed += place.listed
        totals.without_curator += place.without_curator
        totals.gaps += place.gaps
        totals.documents.update(place.documents)
        totals.execution.add(place.execution)
    regional_figures = execution.get(None, Execution()) if regional else None
    if regional_figures is not None:
        totals.execution.add(regional_figures)
    factors = list(RiskFactor.objects.filter(campaign=campaign, retired=False).order_by("position", "pk"))
    levels: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        FactorLevel.objects.filter(profile__campaign=campaign, profile__school_id__in=ids, factor__retired=False)
        .annotate(in_force=IN_FORCE)
        .values_list("factor_id", "in_force")
        .annotate(n=Count("pk"))
    )
    for factor_id, level, n in rows:
        levels[factor_id][level] = n
    profiles = max((sum(by_level.values()) for by_level in levels.values()), default=0)
    by_month = visits_by_month(campaign, None if regional else mids, today)
    return Summary(
        campaign=campaign,
        today=today,
        identification=identification,
        places=list(places.values()),
        totals=totals,
        regional=regional_figures,
        factors=factors,
        levels=dict(levels),
        profiles=profiles,
        visits_by_month=by_month,
        visits_held=sum(n for _, n in by_month),
        norm=norm,
        listed_ids=ids,
        curated=curated,
        gap_days=gaps,
        last_visits=last,
        events=events_of(campaign, mids, regional=regional),
    )


@dataclass
class SchoolRow:
    school: School
    curated: bool
    last_visit: datetime.date | None
    gap_days: int | None
    documents: Counter
    overdue: int

    @property
    def documents_total(self) -> int:
        return sum(self.documents.values())


def listed_schools(found: Summary):
    """The listed schools of the summary, by name (a lazy query, for a page of them)."""
    return School.objects.filter(pk__in=found.listed_ids).select_related("municipality").order_by("short_name", "pk")


def school_rows(found: Summary, schools: list[School]) -> list[SchoolRow]:
    """The rows of these listed schools (a page of them; 2 queries)."""
    school_ids = [s.pk for s in schools]
    documents: dict[int, Counter] = defaultdict(Counter)
    for school_id, status, n in (
        SchoolDocument.objects.filter(campaign=found.campaign, school_id__in=school_ids)
        .values_list("school_id", "status")
        .annotate(n=Count("pk"))
    ):
        documents[school_id][status] += n
    overdue = dict(
        Item.objects.filter(roadmap__campaign=found.campaign, roadmap__school_id__in=school_ids)
        .overdue(found.today)
        .values_list("roadmap__school_id")
        .annotate(n=Count("pk"))
        .values_list("roadmap__school_id", "n")
    )
    return [
        SchoolRow(
            school=s,
            curated=s.pk in found.curated,
            last_visit=found.last_visits.get(s.pk),
            gap_days=found.gap_days.get(s.pk),
            documents=documents[s.pk],
            overdue=overdue.get(s.pk, 0),
        )
        for s in schools
    ]
