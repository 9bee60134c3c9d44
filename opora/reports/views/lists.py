"""The curator's reports (their schools × the campaign's stages) and, for the municipality and the
region, who has not submitted a report for a stage."""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from opora.accounts.models import Role
from opora.core.guards import signed_in
from opora.core.http import paginate
from opora.core.scoping import scope_of
from opora.registry.models import Municipality, School
from opora.roadmaps.models import MonitoringStage
from opora.roadmaps.views.common import current_campaign

from ..facts import curator_links
from ..models import StageReport, Status

DUE_SOON_DAYS = 7
STATES = (
    ("", "все"),
    ("missing", "не отправлен"),
    ("draft", "черновик"),
    ("none", "не начат"),
    ("submitted", "отправлен"),
)


def current_stage(stages: list[MonitoringStage], today: datetime.date) -> MonitoringStage | None:
    """The first stage whose deadline has not passed; after the last one, the last."""
    for stage in stages:
        if stage.due >= today:
            return stage
    return stages[-1] if stages else None


def _without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query


@signed_in
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """«Отчёты по этапам»: the curator's schools × the stages, each report's status and a link to write it."""
    campaign = current_campaign(request)
    scope = scope_of(request.user)
    context = {
        "campaign": campaign,
        "sees_others": bool(scope.everything or scope.region_ids or scope.municipality_ids),
    }
    if campaign is not None:
        today = timezone.localdate()
        stages = MonitoringStage.for_campaign(campaign)
        schools = (
            School.objects.for_user(request.user)
            .filter(pk__in=scope.places(Role.CURATOR, "school"), municipality__region_id=campaign.region_id)
            .select_related("municipality")
            .order_by("short_name", "pk")
        )
        page = paginate(request, schools)
        found = {
            (r.school_id, r.stage_id): r
            for r in StageReport.objects.filter(campaign=campaign, school_id__in=[s.pk for s in page])
        }
        current = current_stage(stages, today)
        # A school's own team reads the submitted reports about its school here.
        about_mine = (
            StageReport.objects.for_user(request.user)
            .filter(campaign=campaign, school_id__in=scope.places(Role.SCHOOL_TEAM, "school"), status=Status.SUBMITTED)
            .select_related("school", "stage", "curator")
            .order_by("school__short_name", "stage__number")[:50]
        )
        context |= {
            "about_mine": list(about_mine),
            "stages": stages,
            "current": current,
            "due_soon": current is not None and (current.due - today).days <= DUE_SOON_DAYS,
            "page": page,
            "rows": [(school, [(stage, found.get((school.pk, stage.pk))) for stage in stages]) for school in page],
            "query": _without_page(request),
        }
    return render(request, "reports/home.html", context)


@signed_in
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """Curator × school × the report's status for one stage, with counts; filters by municipality and status."""
    campaign = current_campaign(request)
    context = {"campaign": campaign, "states": STATES}
    if campaign is None:
        return render(request, "reports/overview.html", context)
    stages = MonitoringStage.for_campaign(campaign)
    chosen = {k: request.GET.get(k, "") for k in ("stage", "municipality", "state")}
    stage = next((s for s in stages if str(s.pk) == chosen["stage"]), None) or current_stage(
        stages, timezone.localdate()
    )
    municipalities = Municipality.objects.for_user(request.user).filter(region_id=campaign.region_id).order_by("name")
    # Lists of ids rather than nested subqueries: each query stays a plain index lookup whatever the
    # planner believes about the tables' sizes.
    visible = School.objects.for_user(request.user).filter(municipality__region_id=campaign.region_id)
    if chosen["municipality"].isdigit():
        visible = visible.filter(municipality_id=chosen["municipality"])
    links = curator_links(campaign).filter(school_id__in=list(visible.values_list("pk", flat=True)))
    schools = set(links.values_list("school_id", flat=True))
    reports = StageReport.objects.filter(stage=stage)
    status_of = dict(reports.filter(school_id__in=schools).values_list("school_id", "status"))
    submitted = [s for s, status in status_of.items() if status == Status.SUBMITTED]
    drafts = [s for s, status in status_of.items() if status == Status.DRAFT]
    counts = {"schools": len(schools), "submitted": len(submitted), "draft": len(drafts)}
    counts["none"] = counts["schools"] - counts["submitted"] - counts["draft"]
    state = chosen["state"]
    if state == "missing":
        links = links.exclude(school_id__in=submitted)
    elif state == "submitted":
        links = links.filter(school_id__in=submitted)
    elif state == "draft":
        links = links.filter(school_id__in=drafts)
    elif state == "none":
        links = links.exclude(school_id__in=list(status_of))
    page = paginate(
        request,
        links.select_related("school__municipality", "assignment__person").order_by(
            "school__municipality__name", "school__short_name", "assignment__person__last_name", "pk"
        ),
    )
    found = {r.school_id: r for r in reports.filter(school_id__in=[link.school_id for link in page])}
    context |= {
        "stages": stages,
        "stage": stage,
        "chosen": chosen,
        "municipalities": municipalities,
        "counts": counts,
        "page": page,
        "rows": [(link.school, link.assignment.person, found.get(link.school_id)) for link in page],
        "query": _without_page(request),
        "overdue": stage is not None and stage.due < timezone.localdate(),
    }
    return render(request, "reports/overview.html", context)
