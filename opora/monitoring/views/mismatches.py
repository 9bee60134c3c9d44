"""Where the list and the curators disagree: one page with the three kinds as tabs."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from opora.core.access import can_anywhere
from opora.core.guards import holds
from opora.core.http import paginate
from opora.roadmaps.views.common import current_campaign

from ..mismatches import (
    KINDS,
    OVERSEE,
    OWN,
    UNASSIGNED,
    curators_by_school,
    mismatches_for,
    municipalities_of,
    narrowed,
)


@holds(OVERSEE)
@require_GET
def mismatches(request: HttpRequest) -> HttpResponse:
    campaign = current_campaign(request)
    if campaign is None:
        raise Http404("Нет кампании")
    today = timezone.localdate()
    view = mismatches_for(request.user, campaign, today)
    municipalities = list(municipalities_of(view))
    municipality = request.GET.get("municipality", "")
    view = narrowed(view, municipality)
    kind = request.GET.get("kind", UNASSIGNED)
    if kind not in KINDS:
        kind = UNASSIGNED
    page = paginate(request, view.rows(kind))
    curators = {} if kind == OWN else curators_by_school([school.pk for school in page], today)
    for school in [] if kind == OWN else page:
        school.curators = curators.get(school.pk, [])
    counts = view.counts()
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "monitoring/mismatches.html",
        {
            "campaign": campaign,
            "identification": view.identification,
            "municipalities": municipalities,
            "municipality": municipality,
            "tabs": [(code, label, counts[code]) for code, label in KINDS.items()],
            "kind": kind,
            "page": page,
            "query": query,
            "may_reassign": can_anywhere(request.user, "curator.reassign"),
            "today": today,
        },
    )
