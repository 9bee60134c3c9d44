"""Visit pages: the plan of visits (schools with their last visit and gap flags, planned visits by
week), a school's visits and open recommendations, one visit with everything, its files."""

from __future__ import annotations

import datetime

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from opora.core.access import can
from opora.core.guards import signed_in, with_object
from opora.core.http import paginate, stored_file_response
from opora.registry.models import School
from opora.roadmaps.views.common import current_campaign

from ..forms import CancelForm, ConfirmForm, DoneForm, PlanForm
from ..models import Recommendation, Visit, VisitAttachment, VisitStatus
from ..selectors import (
    curated_school_ids,
    gap_flags,
    last_visit_dates,
    open_recommendations,
    school_rows,
    visit_norm_days,
)

VISIT_RELATED = ("school__municipality__region", "campaign", "curator", "acknowledged_by__person")
STATUS_CLASSES = {VisitStatus.PLANNED: "primary", VisitStatus.HELD: "success", VisitStatus.CANCELLED: "secondary"}


def campaign_of(request, school: School):
    """The chosen campaign when it is the school's region's, else the region's latest."""
    campaign = current_campaign(request)
    if campaign is None or campaign.region_id != school.municipality.region_id:
        campaign = school.municipality.region.current_campaign()
    if campaign is None:
        raise Http404("У региона нет кампании")
    return campaign


def suggested_date(last: datetime.date | None, norm: int, today: datetime.date) -> datetime.date:
    """A week before the norm runs out, never in the past."""
    if last is None:
        return today + datetime.timedelta(days=1)
    return max(today + datetime.timedelta(days=1), last + datetime.timedelta(days=max(norm - 7, 1)))


def paginate_by(request, items, param: str, per_page: int = 50):
    """A second list on a page, with its own page parameter (the first one uses «page»)."""
    page = Paginator(items, per_page, orphans=5).get_page(request.GET.get(param))
    query = request.GET.copy()
    query.pop(param, None)
    page.param, page.query = param, query.urlencode()
    return page


def _weeks(visits) -> list[tuple[datetime.date, list[Visit]]]:
    """Visits grouped by the Monday of their week, in order."""
    weeks: dict[datetime.date, list[Visit]] = {}
    for visit in visits:
        monday = visit.planned_on - datetime.timedelta(days=visit.planned_on.weekday())
        weeks.setdefault(monday, []).append(visit)
    return [(monday, items) for monday, items in weeks.items()]


@signed_in
@require_GET
def plan(request: HttpRequest) -> HttpResponse:
    """The curator's plan: their schools (others: the schools they oversee that have a curator),
    each with its last visit and a flag when the gap exceeds the norm, and planned visits by week."""
    campaign = current_campaign(request)
    today = timezone.localdate()
    context = {"campaign": campaign, "today": today}
    if campaign is not None:
        ids = curated_school_ids(request.user, today)
        norm = visit_norm_days(campaign)
        flags = gap_flags(ids, campaign, today, norm=norm)
        flagged_only = request.GET.get("flagged") == "1"
        if flagged_only:
            ids = [pk for pk in ids if pk in flags]
        page = paginate(request, ids)
        rows = school_rows(page.object_list, campaign, today, flags=flags)
        for row in rows:
            row.suggested = suggested_date(row.last_visit, norm, today)
            row.may_plan = can(request.user, "visit.plan", Visit(school=row.school, campaign=campaign))
        planned = (
            Visit.objects.for_user(request.user)
            .filter(campaign=campaign, status=VisitStatus.PLANNED)
            .select_related("school", "curator")
            .order_by("planned_on", "pk")
        )
        planned_page = paginate_by(request, planned, "wpage")
        query = request.GET.copy()
        query.pop("page", None)
        context |= {
            "rows": rows,
            "page": page,
            "query": query,
            "flag_count": len(flags),
            "flagged_only": flagged_only,
            "norm": norm,
            "weeks": _weeks(planned_page.object_list),
            "planned_page": planned_page,
        }
    return render(request, "monitoring/visits_plan.html", context)


@with_object(School, related=("municipality__region",))
@require_GET
def school_visits(request: HttpRequest, school: School) -> HttpResponse:
    """All visits of one school (newest first) and its recommendations not yet confirmed."""
    campaign = campaign_of(request, school)
    today = timezone.localdate()
    visits = (
        Visit.objects.filter(school=school, campaign=campaign).select_related("curator").order_by("-planned_on", "-pk")
    )
    recommendations = open_recommendations([school.pk], campaign)
    last = last_visit_dates([school.pk], campaign)
    norm = visit_norm_days(campaign)
    return render(
        request,
        "monitoring/visits_school.html",
        {
            "school": school,
            "campaign": campaign,
            "page": paginate(request, visits),
            "recommendations": paginate_by(request, recommendations, "rpage"),
            "last_visit": last[school.pk],
            "gap_days": gap_flags([school.pk], campaign, today, norm=norm, last=last).get(school.pk),
            "norm": norm,
            "may_plan": can(request.user, "visit.plan", Visit(school=school, campaign=campaign)),
            "plan_form": PlanForm(initial={"planned_on": today + datetime.timedelta(days=1)}),
            "today": today,
            "status_classes": STATUS_CLASSES,
        },
    )


def visit_page(request, visit: Visit, *, status: int = 200, **forms) -> HttpResponse:
    recommendations = list(
        Recommendation.objects.filter(visit=visit)
        .select_related("actor_person", "done_by__person", "confirmed_by__person")
        .prefetch_related("changes__by__person")
    )
    for recommendation in recommendations:
        recommendation.visit = visit  # the buttons' rules read the visit's school: no query per row
    return render(
        request,
        "monitoring/visit.html",
        {
            "visit": visit,
            "school": visit.school,
            "recommendations": recommendations,
            "participants": list(visit.participants.all()),
            "attachments": list(visit.attachments.select_related("uploaded_by__person")),
            "status_class": STATUS_CLASSES[visit.status],
            "today": timezone.localdate(),
            "cancel_form": forms.get("cancel_form") or CancelForm(),
            "done_form": forms.get("done_form") or DoneForm(),
            "confirm_form": forms.get("confirm_form") or ConfirmForm(),
        },
        status=status,
    )


@with_object(Visit, related=VISIT_RELATED)
@require_GET
def visit_detail(request: HttpRequest, visit: Visit) -> HttpResponse:
    return visit_page(request, visit)


@with_object(VisitAttachment)
@require_GET
def attachment_file(request: HttpRequest, attachment: VisitAttachment) -> HttpResponse:
    return stored_file_response(attachment.file, attachment.original_name)
