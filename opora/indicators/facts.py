"""The fact library: named facts the system holds, each a function of a context (campaign, place,
period) returning a queryset whose count is the value and whose rows are the drill-down list.

A fact is data: its code, Russian title, the kind of rows it yields and its parameters (a kind of
event, a role, a kind of document…). An indicator names a fact for its numerator and one for its
denominator with their parameters. Every fact is one counting query (plus at most one small
lookup), whatever the size of the data."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Sum

from opora.accounts.models import Assignment, Role
from opora.assessment.models import ListedSchool, SchoolResult
from opora.diagnostics.models import ActivatedFactor, RiskProfile
from opora.monitoring.models import EventKind, Visit, VisitStatus
from opora.monitoring.selectors_events import attendees, events_held
from opora.programs.models import DocumentKind, SchoolDocument, Status
from opora.registry.models import Campaign, Municipality, Person, School
from opora.roadmaps.models import Item, ItemReport, Roadmap


@dataclass(frozen=True)
class Context:
    """Where and when a fact is counted: the whole region of the campaign, or one municipality,
    or one school; the period's first and last days; `today` for «overdue»."""

    campaign: Campaign
    start: datetime.date
    end: datetime.date
    today: datetime.date
    municipality_id: int | None = None
    school_id: int | None = None


@dataclass(frozen=True)
class Param:
    name: str
    label: str
    choices: Callable[[Campaign], list[tuple[str, str]]] | None = None
    default: str = ""


@dataclass(frozen=True)
class Fact:
    code: str
    title: str
    rows: str  # school / municipality / person / item / event / response
    count: Callable[..., QuerySet]
    params: tuple[Param, ...] = field(default_factory=tuple)

    def queryset(self, ctx: Context, params: dict | None = None) -> QuerySet:
        given = {p.name: (params or {}).get(p.name) or p.default for p in self.params}
        return self.count(ctx, **given)

    def describe(self, params: dict | None, campaign: Campaign) -> str:
        """«Проведённые события вида «вебинар»» — the title with its parameters in words."""
        parts = []
        for p in self.params:
            value = (params or {}).get(p.name) or p.default
            if not value:
                continue
            label = dict(p.choices(campaign)).get(value, value) if p.choices else value
            parts.append(f"{p.label}: {label}")
        return f"{self.title} ({'; '.join(parts)})" if parts else self.title


FACTS: dict[str, Fact] = {}


def fact(code: str, title: str, rows: str, *params: Param):
    def register(fn):
        FACTS[code] = Fact(code, title, rows, fn, tuple(params))
        return fn

    return register


# --- places -------------------------------------------------------------------------------------


def _schools_in(ctx: Context, qs: QuerySet) -> QuerySet:
    """Narrows a campaign's set of schools to the place. The set is already the campaign's (so the
    region's): the whole region adds no condition — a join through municipalities to the region
    would cost seconds over the country's 40,000 schools (bench/indicators.py)."""
    if ctx.school_id:
        return qs.filter(pk=ctx.school_id)
    if ctx.municipality_id:
        return qs.filter(municipality_id=ctx.municipality_id)
    return qs


def _listed(ctx: Context) -> QuerySet:
    # A list of ids (at most a few thousand), not a subquery: facts stack filters on it, and PostgreSQL
    # with statistics of nearly empty tables (a fresh demo) ran the nested subqueries for minutes.
    ids = list(ListedSchool.objects.approved_for(ctx.campaign).values_list("school_id", flat=True))
    return _schools_in(ctx, School.objects.filter(pk__in=ids))


def _previous_campaign(campaign: Campaign) -> Campaign | None:
    return Campaign.objects.filter(region_id=campaign.region_id, year__lt=campaign.year).order_by("-year").first()


# --- choices of parameters ---------------------------------------------------------------------


def role_choices(campaign: Campaign) -> list[tuple[str, str]]:
    return list(Role.choices)


def document_kind_choices(campaign: Campaign) -> list[tuple[str, str]]:
    return [(k.code, k.title) for k in DocumentKind.for_campaign(campaign)]


def roadmap_level_choices(campaign: Campaign) -> list[tuple[str, str]]:
    return [("", "любого уровня"), *Roadmap.Level.choices]


def event_kind_choices(campaign: Campaign) -> list[tuple[str, str]]:
    EventKind.objects.ensure_defaults()
    names = EventKind.objects.available_in(campaign.region_id).values_list("name", flat=True)
    return [("", "любого вида"), *((n, n) for n in names)]


# --- schools ------------------------------------------------------------------------------------


@fact("listed", "Школы перечня ШНОР", "school")
def listed(ctx: Context) -> QuerySet:
    return _listed(ctx)


@fact("listed_with_curator", "Школы перечня с назначенным куратором", "school")
def listed_with_curator(ctx: Context) -> QuerySet:
    curated = (
        Assignment.objects.active(ctx.today if ctx.today <= ctx.end else ctx.end)
        .filter(role=Role.CURATOR, region_id=ctx.campaign.region_id)
        .values("schools")
    )
    return _listed(ctx).filter(pk__in=curated)


@fact("listed_visited", "Школы перечня, в которых куратор побывал за период", "school")
def listed_visited(ctx: Context) -> QuerySet:
    held = Visit.objects.filter(
        campaign=ctx.campaign, status=VisitStatus.HELD, held_on__gte=ctx.start, held_on__lte=ctx.end
    ).values("school_id")
    return _listed(ctx).filter(pk__in=held)


@fact(
    "listed_document_approved",
    "Школы перечня с одобренным документом",
    "school",
    Param("document", "вид документа", document_kind_choices, "concept"),
)
def listed_document_approved(ctx: Context, document: str) -> QuerySet:
    approved = SchoolDocument.objects.filter(campaign=ctx.campaign, kind__code=document, status=Status.APPROVED)
    return _listed(ctx).filter(pk__in=approved.values("school_id"))


@fact("listed_all_documents_approved", "Школы перечня, все обязательные документы которых одобрены", "school")
def listed_all_documents_approved(ctx: Context) -> QuerySet:
    """Every required kind «per school» approved, and for each risk factor the curator activated an
    approved programme of every required kind «per factor». Kinds «per stage» are not counted."""
    kinds = [k for k in DocumentKind.for_campaign(ctx.campaign) if k.required and not k.retired]
    approved = SchoolDocument.objects.filter(campaign=ctx.campaign, status=Status.APPROVED)
    qs = _listed(ctx)
    for kind in kinds:
        if kind.per == DocumentKind.Per.SCHOOL:
            qs = qs.filter(pk__in=approved.filter(kind=kind).values("school_id"))
        elif kind.per == DocumentKind.Per.FACTOR:
            programme = approved.filter(
                kind=kind, school_id=OuterRef("profile__school_id"), factor_id=OuterRef("factor_id")
            )
            lacking = ActivatedFactor.objects.filter(
                profile__campaign=ctx.campaign, confirmed_at__isnull=False, profile__school_id=OuterRef("pk")
            ).exclude(Exists(programme))
            qs = qs.exclude(Exists(lacking))
    return qs


@fact("listed_profile_verified", "Школы перечня с проверенным рисковым профилем", "school")
def listed_profile_verified(ctx: Context) -> QuerySet:
    verified = RiskProfile.objects.filter(campaign=ctx.campaign, state=RiskProfile.State.VERIFIED)
    return _listed(ctx).filter(pk__in=verified.values("school_id"))


@fact("listed_factors_activated", "Школы перечня с подтверждёнными факторами риска", "school")
def listed_factors_activated(ctx: Context) -> QuerySet:
    active = ActivatedFactor.objects.filter(profile__campaign=ctx.campaign, confirmed_at__isnull=False)
    return _listed(ctx).filter(pk__in=active.values("profile__school_id"))


@fact("left_list", "Школы, вышедшие из перечня (были в прошлой кампании, нет в этой)", "school")
def left_list(ctx: Context) -> QuerySet:
    previous = _previous_campaign(ctx.campaign)
    if previous is None:
        return School.objects.none()
    before = ListedSchool.objects.approved_for(previous).values("school_id")
    now = ListedSchool.objects.approved_for(ctx.campaign).values("school_id")
    return _schools_in(ctx, School.objects.filter(pk__in=before).exclude(pk__in=now))


@fact("listed_last_campaign", "Школы перечня прошлой кампании", "school")
def listed_last_campaign(ctx: Context) -> QuerySet:
    previous = _previous_campaign(ctx.campaign)
    if previous is None:
        return School.objects.none()
    before = ListedSchool.objects.approved_for(previous).values("school_id")
    return _schools_in(ctx, School.objects.filter(pk__in=before))


@fact(
    "listed_low_share_fell",
    "Школы перечня, в которых доля «2» снизилась к прошлому году",
    "school",
    Param("year", "год результатов (пусто — год кампании)"),
)
def listed_low_share_fell(ctx: Context, year: str) -> QuerySet:
    """Share of «2» over all procedures of the year (Σ «2» / Σ участников) below the year before's."""
    now = int(year) if str(year).isdigit() else ctx.campaign.year
    rows = (
        SchoolResult.objects.filter(
            school_id__in=_listed(ctx).values("pk"), year__in=(now, now - 1), participants__gt=0
        )
        .exclude(low_count=None)
        .values("school_id")
        .annotate(
            low_now=Sum("low_count", filter=Q(year=now)),
            all_now=Sum("participants", filter=Q(year=now)),
            low_before=Sum("low_count", filter=Q(year=now - 1)),
            all_before=Sum("participants", filter=Q(year=now - 1)),
        )
        .filter(all_now__gt=0, all_before__gt=0)
    )
    # low_now / all_now < low_before / all_before, multiplied out (no division in SQL).
    fell = rows.alias(cross_now=F("low_now") * F("all_before"), cross_before=F("low_before") * F("all_now")).filter(
        cross_now__lt=F("cross_before")
    )
    return _listed(ctx).filter(pk__in=list(fell.values_list("school_id", flat=True)))


# --- municipalities -----------------------------------------------------------------------------


def _municipalities(ctx: Context) -> QuerySet:
    qs = Municipality.objects.filter(region_id=ctx.campaign.region_id)
    if ctx.school_id:
        return qs.filter(schools__pk=ctx.school_id)
    if ctx.municipality_id:
        return qs.filter(pk=ctx.municipality_id)
    return qs


@fact("municipalities_with_listed", "Муниципалитеты, в которых есть школы перечня", "municipality")
def municipalities_with_listed(ctx: Context) -> QuerySet:
    ids = ListedSchool.objects.approved_for(ctx.campaign).values("school__municipality_id")
    return _municipalities(ctx).filter(pk__in=ids)


@fact(
    "municipalities_roadmap_approved",
    "Муниципалитеты со школами перечня и утверждённой дорожной картой",
    "municipality",
)
def municipalities_roadmap_approved(ctx: Context) -> QuerySet:
    """Of the municipalities with listed schools (so the share never exceeds 100 %)."""
    ids = Roadmap.objects.filter(
        campaign=ctx.campaign, level=Roadmap.Level.MUNICIPALITY, status=Roadmap.Status.APPROVED
    ).values("municipality_id")
    return municipalities_with_listed(ctx).filter(pk__in=ids)


# --- roadmap items ------------------------------------------------------------------------------


def _items(ctx: Context, level: str) -> QuerySet:
    qs = Item.objects.filter(roadmap__campaign=ctx.campaign, roadmap__status=Roadmap.Status.APPROVED)
    if level:
        qs = qs.filter(roadmap__level=level)
    if ctx.school_id:
        return qs.filter(roadmap__school_id=ctx.school_id)
    if ctx.municipality_id:
        m = ctx.municipality_id
        return qs.filter(Q(roadmap__municipality_id=m) | Q(roadmap__school__municipality_id=m))
    return qs


LEVEL = Param("level", "уровень дорожной карты", roadmap_level_choices)


@fact("items_due", "Мероприятия утверждённых дорожных карт со сроком до конца периода", "item", LEVEL)
def items_due(ctx: Context, level: str) -> QuerySet:
    return _items(ctx, level).filter(end__lte=ctx.end)


@fact("items_done", "Исполненные мероприятия со сроком до конца периода", "item", LEVEL)
def items_done(ctx: Context, level: str) -> QuerySet:
    done = ItemReport.objects.filter(item=OuterRef("pk"), is_current=True, status=ItemReport.Status.DONE)
    return items_due(ctx, level).filter(Exists(done))


@fact("items_overdue", "Просроченные мероприятия (срок прошёл, отчёта об исполнении нет)", "item", LEVEL)
def items_overdue(ctx: Context, level: str) -> QuerySet:
    return _items(ctx, level).overdue(min(ctx.today, ctx.end + datetime.timedelta(days=1)))


# --- people ---------------------------------------------------------------------------------------


def _people_of_role(ctx: Context, role: str) -> QuerySet:
    held = Assignment.objects.active(min(ctx.today, ctx.end)).filter(region_id=ctx.campaign.region_id)
    if role:
        held = held.filter(role=role)
    if ctx.school_id:
        held = held.filter(schools__pk=ctx.school_id)
    elif ctx.municipality_id:
        held = held.filter(Q(municipality_id=ctx.municipality_id) | Q(schools__municipality_id=ctx.municipality_id))
    return Person.objects.filter(pk__in=held.values("person_id"))


ROLE = Param("role", "роль", role_choices, Role.MUNICIPAL_COORDINATOR)


@fact("people_of_role", "Люди в роли", "person", ROLE)
def people_of_role(ctx: Context, role: str) -> QuerySet:
    return _people_of_role(ctx, role)


# --- events (opora.monitoring events) -------------------------------------------------------------


def _events(ctx: Context, kind: str) -> QuerySet:
    qs = events_held(
        ctx.campaign, kind or None, ctx.start, min(ctx.end, ctx.today), municipality=ctx.municipality_id
    ).filter(starts_on__lte=ctx.today)
    if ctx.school_id:
        qs = qs.filter(audience_schools__pk=ctx.school_id)
    return qs


KIND = Param("kind", "вид события", event_kind_choices)


@fact("events_held", "Проведённые события за период", "event", KIND)
def events_of_kind(ctx: Context, kind: str) -> QuerySet:
    return _events(ctx, kind)


@fact("people_attended", "Люди в роли, участвовавшие в событиях за период", "person", ROLE, KIND)
def people_attended(ctx: Context, role: str, kind: str) -> QuerySet:
    return _people_of_role(ctx, role).filter(pk__in=attendees(_events(ctx, kind)).values("pk"))


# --- participant surveys (opora.surveys) ------------------------------------------------------------


def wave_choices(campaign: Campaign) -> list[tuple[str, str]]:
    from opora.surveys.models import Wave

    waves = Wave.objects.filter(campaign=campaign).order_by("-opens_on", "-pk").values_list("pk", "title")
    return [("", "последняя открытая волна"), *((str(pk), title) for pk, title in waves)]


def _wave(ctx: Context, wave: str):
    from opora.surveys.models import Wave

    waves = Wave.objects.filter(campaign=ctx.campaign)
    if str(wave).isdigit():
        return waves.filter(pk=int(wave)).first()
    return waves.filter(opens_on__lte=min(ctx.end, ctx.today)).order_by("-opens_on", "-pk").first()


def _survey_people(ctx: Context, wave: str, answered: bool) -> QuerySet:
    from opora.surveys import selectors

    found = _wave(ctx, wave)
    if found is None:
        return Person.objects.none()
    people = (selectors.answered_people if answered else selectors.audience_people)(
        found, municipality=ctx.municipality_id
    )
    if ctx.school_id:
        people = people.filter(assignments__schools__pk=ctx.school_id).distinct()
    return people


WAVE = Param("wave", "волна опроса", wave_choices)


@fact("survey_addressees", "Кого спрашивает опрос (волна)", "person", WAVE)
def survey_addressees(ctx: Context, wave: str) -> QuerySet:
    return _survey_people(ctx, wave, answered=False)


@fact("survey_respondents", "Ответившие на опрос (волна)", "person", WAVE)
def survey_respondents(ctx: Context, wave: str) -> QuerySet:
    return _survey_people(ctx, wave, answered=True)
