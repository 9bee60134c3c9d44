"""What the analytic note (аналитическая справка) says, computed once and printed twice (DOCX, PDF).

`collect(user, stage, municipality=None, start=None, end=None)` reads the approved list of the
stage's campaign as the user sees it (their own scope: a municipal coordinator's note holds only
their municipality), narrowed to one municipality when asked, and returns plain data. A fixed
number of queries whatever the number of schools."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q
from django.utils import timezone

from opora.assessment.models import ListedSchool, SchoolResult
from opora.core.russian import counted
from opora.monitoring.models import Visit, VisitStatus
from opora.monitoring.selectors import curators_of, gap_flags, visit_norm_days
from opora.programs.models import Status as DocumentStatus
from opora.programs.selectors import slots_for
from opora.registry.models import Municipality, School
from opora.reports.facts import stage_period
from opora.roadmaps.models import Item, ItemReport, MonitoringStage, Roadmap

RESULT_YEARS = 4
LISTED_ROWS = 100  # lists in the note stop here ("и ещё N" below); the XLSX holds them all
DOCUMENT_STATES = (
    ("missing", "не загружены"),
    (DocumentStatus.DRAFT, "черновик"),
    (DocumentStatus.SUBMITTED, "на проверке"),
    (DocumentStatus.RETURNED, "на доработку"),
    (DocumentStatus.APPROVED, "одобрены"),
)
EXECUTION_STATES = (
    (ItemReport.Status.DONE, "выполнено"),
    (ItemReport.Status.PARTLY, "частично"),
    (ItemReport.Status.NOT_DONE, "не выполнено"),
    ("", "нет отчёта"),
)


@dataclass
class Note:
    region: str
    place: str  # the region, or the municipality the note is about
    municipality_id: int | None
    stage: str
    start: datetime.date
    end: datetime.date
    as_of: datetime.date
    author: str
    campaign_year: int
    figures: dict = field(default_factory=dict)
    summary: list[str] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)
    by_municipality: list[dict] = field(default_factory=list)
    documents: dict[str, int] = field(default_factory=dict)
    execution: dict[str, int] = field(default_factory=dict)
    low_shares: list[tuple[int, float]] = field(default_factory=list)  # (year, mean share of «2», %)
    attention: list[dict] = field(default_factory=list)
    executed: list[dict] = field(default_factory=list)
    overdue: list[dict] = field(default_factory=list)
    schools: list[dict] = field(default_factory=list)  # every school of the note (the XLSX's first sheet)

    @property
    def period(self) -> str:
        return f"с {self.start:%d.%m.%Y} по {self.end:%d.%m.%Y}"

    @property
    def file_stem(self) -> str:
        return f"spravka-{self.campaign_year}-{'m' + str(self.municipality_id) if self.municipality_id else 'region'}"


def share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}".replace(".", ",") + " %" if whole else "—"


def listed_schools(user, stage: MonitoringStage, municipality: Municipality | None) -> list[School]:
    """The approved list's schools the user sees, by municipality and name (1 query)."""
    ids = ListedSchool.objects.approved_for(stage.campaign).values("school_id")
    schools = School.objects.for_user(user).filter(pk__in=ids).select_related("municipality")
    if municipality is not None:
        schools = schools.filter(municipality=municipality)
    return list(schools.order_by("municipality__name", "short_name", "pk"))


def _indicators(user, stage, municipality) -> list[dict]:
    """Rows of opora.indicators (name, unit, target, value, colour) for the note's level and place."""
    try:
        from opora.indicators.selectors import indicator_rows
    except ImportError:  # the indicators app not installed
        return []
    level, place = ("municipality", municipality) if municipality else ("region", None)
    return [
        {
            "name": row.title,
            "unit": row.unit,
            "target": row.target_text,
            "value": row.value_text,
            "colour": str(row.colour or ""),
        }
        for row in indicator_rows(user, stage.campaign, level, place)
    ]


def _documents(schools, campaign) -> tuple[dict[str, int], dict[int, list[str]]]:
    """Counts of required documents by state, and school id → the missing or returned ones."""
    counts = Counter()
    trouble: dict[int, list[str]] = {}
    for school_id, slots in slots_for(schools, campaign, required_only=True).items():
        for slot in slots:
            state = slot.status or "missing"
            counts[state] += 1
            if state == "missing":
                trouble.setdefault(school_id, []).append(f"не загружен: {slot.name}")
            elif state == DocumentStatus.RETURNED:
                trouble.setdefault(school_id, []).append(f"на доработке: {slot.name}")
    return {code: counts[code] for code, _ in DOCUMENT_STATES}, trouble


def note_items(schools, stage, municipality):
    """Items of the roadmaps of the note's level: the schools' own, and the region's and
    municipalities' (a municipality's note: its own municipal roadmap only)."""
    ids = [s.pk for s in schools]
    places = Q(level=Roadmap.Level.SCHOOL, school_id__in=ids)
    if municipality is None:
        places |= Q(level=Roadmap.Level.REGION) | Q(level=Roadmap.Level.MUNICIPALITY)
    else:
        places |= Q(level=Roadmap.Level.MUNICIPALITY, municipality=municipality)
    roadmaps = Roadmap.objects.filter(campaign=stage.campaign).filter(places)
    return Item.objects.filter(roadmap__in=roadmaps)


def _roadmaps(schools, stage, municipality, start, end, today):
    """Execution counts and the executed and overdue items of the roadmaps of the note's level."""
    items = note_items(schools, stage, municipality)
    reports = dict(
        ItemReport.objects.filter(item__in=items, stage=stage, is_current=True).values_list("item_id", "status")
    )
    total = items.count()
    counts = Counter(reports.values())
    execution = {code: counts[code] for code, _ in EXECUTION_STATES if code}
    execution[""] = total - sum(execution.values())

    def rows(queryset, limit=LISTED_ROWS):
        found = []
        for item in queryset.select_related("roadmap__school", "roadmap__municipality", "roadmap__campaign__region")[
            :limit
        ]:
            found.append(
                {
                    "owner": item.roadmap.owner_name,
                    "number": item.number,
                    "action": item.action[:400],
                    "deadline": item.deadline_text or (f"{item.end:%d.%m.%Y}" if item.end else ""),
                    "school_id": item.roadmap.school_id,
                }
            )
        return found

    ordered = items.order_by("roadmap__level", "roadmap__municipality__name", "roadmap__school__short_name", "position")
    executed = rows(
        ordered.filter(
            reports__is_current=True, reports__status=ItemReport.Status.DONE, reports__at__date__range=(start, end)
        ).distinct()
    )
    overdue_qs = ordered.overdue(min(today, end))
    overdue_by_school = dict(
        overdue_qs.filter(roadmap__school_id__isnull=False)
        .values("roadmap__school_id")
        .annotate(n=Count("pk"))
        .values_list("roadmap__school_id", "n")
    )
    overdue = rows(overdue_qs)
    return execution, executed, overdue, overdue_by_school, overdue_qs.count(), total


def _low_shares(schools, campaign) -> list[tuple[int, float]]:
    """Mean share of «2» over the listed schools' procedures, by year (1 query)."""
    years = range(campaign.year - RESULT_YEARS + 1, campaign.year + 1)
    rows = (
        SchoolResult.objects.filter(school_id__in=[s.pk for s in schools], year__in=years, low_share__isnull=False)
        .values("year")
        .annotate(mean=Avg("low_share"))
        .order_by("year")
    )
    return [(row["year"], round(float(row["mean"]), 1)) for row in rows]


def collect(
    user,
    stage: MonitoringStage,
    municipality: Municipality | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> Note:
    campaign = stage.campaign
    stage_start, stage_end = stage_period(stage)
    start, end = start or stage_start, end or stage_end
    today = timezone.localdate()
    as_of = min(today, end)
    schools = listed_schools(user, stage, municipality)
    ids = [s.pk for s in schools]
    region = campaign.region.name
    person = getattr(user, "person", None)
    note = Note(
        region=region,
        place=municipality.name if municipality else region,
        municipality_id=municipality.pk if municipality else None,
        stage=stage.title,
        start=start,
        end=end,
        as_of=today,
        author=person.full_name if person else user.get_username(),
        campaign_year=campaign.year,
    )
    curators = curators_of(ids, as_of)
    norm = visit_norm_days(campaign)
    gaps = gap_flags(ids, campaign, as_of, norm=norm)
    visits = dict(
        Visit.objects.filter(school_id__in=ids, campaign=campaign, status=VisitStatus.HELD, held_on__range=(start, end))
        .values("school_id")
        .annotate(n=Count("pk"))
        .values_list("school_id", "n")
    )
    note.documents, trouble = _documents(schools, campaign)
    note.execution, note.executed, note.overdue, overdue_by_school, overdue_total, items_total = _roadmaps(
        schools, stage, municipality, start, end, today
    )
    note.low_shares = _low_shares(schools, campaign)
    note.indicators = _indicators(user, stage, municipality)

    by_municipality: dict[str, dict] = {}
    for school in schools:
        reasons = []
        if not curators.get(school.pk):
            reasons.append("не назначен куратор")
        if school.pk in gaps:
            reasons.append(f"нет визита куратора {gaps[school.pk]} дн. (норма {norm})")
        reasons += trouble.get(school.pk, [])
        if overdue_by_school.get(school.pk):
            reasons.append(f"просрочено мероприятий дорожной карты: {overdue_by_school[school.pk]}")
        row = {
            "id": school.pk,
            "name": school.short_name,
            "municipality": school.municipality.name,
            "login": school.fis_oko_login,
            "curators": ", ".join(p.short_name for p in curators.get(school.pk, [])),
            "visits": visits.get(school.pk, 0),
            "gap": gaps.get(school.pk),
            "overdue": overdue_by_school.get(school.pk, 0),
            "reasons": reasons,
        }
        note.schools.append(row)
        if reasons:
            note.attention.append(row)
        m = by_municipality.setdefault(
            school.municipality.name,
            {"municipality": school.municipality.name, "schools": 0, "curated": 0, "visited": 0, "attention": 0},
        )
        m["schools"] += 1
        m["curated"] += bool(curators.get(school.pk))
        m["visited"] += bool(visits.get(school.pk))
        m["attention"] += bool(reasons)
    note.by_municipality = list(by_municipality.values())

    total = len(schools)
    curated = sum(1 for s in schools if curators.get(s.pk))
    visited = sum(1 for s in schools if visits.get(s.pk))
    required = sum(note.documents.values())
    approved = note.documents.get(DocumentStatus.APPROVED, 0)
    done = note.execution.get(ItemReport.Status.DONE, 0)
    note.figures = {
        "schools": total,
        "curated": curated,
        "visited": visited,
        "visits": sum(visits.values()),
        "gaps": len(gaps),
        "documents": required,
        "approved": approved,
        "items": items_total,
        "done": done,
        "overdue": overdue_total,
        "attention": len(note.attention),
    }
    note.summary = summary(note)
    return note


def summary(note: Note) -> list[str]:
    f = note.figures
    if not f["schools"]:
        return [f"В утверждённом перечне ШНОР кампании {note.campaign_year} года по уровню «{note.place}» школ нет."]
    lines = [
        f"Утверждённый перечень школ с низкими образовательными результатами ({note.place}) включает "
        f"{counted(f['schools'], 'школу', 'школы', 'школ')}; куратор назначен в {f['curated']} из них "
        f"({share(f['curated'], f['schools'])}).",
        f"За период {note.period} кураторы провели {counted(f['visits'], 'визит', 'визита', 'визитов')} "
        f"в {counted(f['visited'], 'школе', 'школах', 'школах')} ({share(f['visited'], f['schools'])} школ перечня); "
        f"перерыв между визитами превышает норму в {counted(f['gaps'], 'школе', 'школах', 'школах')}.",
        f"Обязательных документов школ: {f['documents']}, из них одобрено {f['approved']} "
        f"({share(f['approved'], f['documents'])}).",
        f"Мероприятий в дорожных картах: {f['items']}; выполнено {f['done']} ({share(f['done'], f['items'])}), "
        f"просрочено {f['overdue']}.",
    ]
    if len(note.low_shares) >= 2:
        (y0, s0), (y1, s1) = note.low_shares[0], note.low_shares[-1]
        trend = "снизилась" if s1 < s0 else "выросла" if s1 > s0 else "не изменилась"
        lines.append(
            f"Средняя доля «2» по оценочным процедурам {trend}: {str(s0).replace('.', ',')} % в {y0} году, "
            f"{str(s1).replace('.', ',')} % в {y1} году."
        )
    lines.append(f"Школ, требующих внимания: {f['attention']} (перечислены ниже).")
    return lines
