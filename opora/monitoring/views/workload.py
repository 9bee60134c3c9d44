"""The region's (or a municipality's) view of its curators: the workload table, one curator's
schools, and handing a school to another curator by order."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from opora.accounts import services as accounts_services
from opora.core.access import can_anywhere
from opora.core.guards import holds, with_object
from opora.core.http import PAGE_ORPHANS, PAGE_SIZE
from opora.registry.models import Campaign, School
from opora.roadmaps.views.common import current_campaign

from ..forms_workload import ReassignForm
from ..mismatches import OVERSEE, curators_by_school, municipalities_of, narrowed
from ..selectors import visit_norm_days
from ..workload import DEFAULT_SORT, SORTS, curator_loads, curator_schools, curators_overseen, sort_loads, workload_for

REASSIGN = "curator.reassign"


def _campaign(request: HttpRequest) -> Campaign:
    campaign = current_campaign(request)
    if campaign is None:
        raise Http404("Нет кампании")
    return campaign


@holds(OVERSEE)
@require_GET
def workload(request: HttpRequest) -> HttpResponse:
    campaign = _campaign(request)
    today = timezone.localdate()
    view = workload_for(request.user, campaign, today)
    municipalities = list(municipalities_of(view))
    municipality = request.GET.get("municipality", "")
    view = narrowed(view, municipality)
    search = request.GET.get("q", "").strip()
    loads, sort = sort_loads(curator_loads(view, search=search), request.GET.get("sort", DEFAULT_SORT))
    page = Paginator(loads, PAGE_SIZE, orphans=PAGE_ORPHANS).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    sorting = request.GET.copy()
    for key in ("page", "sort"):
        sorting.pop(key, None)
    return render(
        request,
        "monitoring/workload.html",
        {
            "campaign": campaign,
            "page": page,
            "query": query,
            "sorting": sorting,
            "sort": sort,
            "columns": SORTS,
            "search": search,
            "municipalities": municipalities,
            "municipality": municipality,
            "norm": visit_norm_days(campaign),
            "today": today,
            "totals": {
                "curators": len(loads),
                "schools": sum(load.schools for load in loads),
                "gaps": sum(load.gaps for load in loads),
            },
        },
    )


@holds(OVERSEE)
@require_GET
def curator(request: HttpRequest, pk: int) -> HttpResponse:
    """One curator's schools the viewer oversees; someone who curates none of them is 404."""
    campaign = _campaign(request)
    today = timezone.localdate()
    view = workload_for(request.user, campaign, today)
    person = get_object_or_404(curators_overseen(view), pk=pk)
    return render(
        request,
        "monitoring/workload_curator.html",
        {
            "campaign": campaign,
            "person": person,
            "rows": curator_schools(view, person),
            "norm": visit_norm_days(campaign),
            "today": today,
            "may_reassign": can_anywhere(request.user, REASSIGN),
        },
    )


@with_object(School, REASSIGN, related=("municipality__region",))
@require_http_methods(["GET", "POST"])
def reassign(request: HttpRequest, school: School) -> HttpResponse:
    today = timezone.localdate()
    campaign = Campaign.objects.filter(region_id=school.municipality.region_id).order_by("-year").first()
    form = ReassignForm(request.POST or None, user=request.user, school=school, initial={"valid_from": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new, ended = accounts_services.curator_reassign(
                school=school,
                curator=data["curator"],
                order=data["order"],
                on=data["valid_from"],
                campaign=campaign,
                created_by=request.user,
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            before = "; ".join(a.person.full_name for a in ended)
            last_day = new.valid_from - datetime.timedelta(days=1)
            note = f" Прежний куратор ({before}) ведёт её по {last_day:%d.%m.%Y} включительно." if ended else ""
            messages.success(
                request,
                f"Новый куратор школы {school.short_name} с {new.valid_from:%d.%m.%Y} — {new.person.full_name} "
                f"({data['order']}).{note}",
            )
            target = redirect("monitoring:workload_curator", new.person_id)
            if campaign is not None:
                target["Location"] += f"?campaign={campaign.pk}"
            return target
    current = curators_by_school([school.pk], today).get(school.pk, [])
    return render(
        request,
        "monitoring/workload_reassign.html",
        {"school": school, "form": form, "current": current, "today": today},
    )
