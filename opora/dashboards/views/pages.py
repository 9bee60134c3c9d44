"""The monitoring summary («Сводка»): the region's page (a municipal coordinator sees theirs only),
one municipality's page with its listed schools, each leading to the school card."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from opora.core.guards import holds, with_object
from opora.core.http import paginate
from opora.indicators.selectors import indicator_rows
from opora.registry.models import Campaign, Municipality
from opora.roadmaps.views.common import current_campaign

from ..charts import charts_for
from ..selectors import VIEW, listed_schools, municipalities_for, school_rows, sees_whole_region, summary


def _events_url() -> str:
    """The events list, once the events pages are there."""
    try:
        return reverse("monitoring:events")
    except NoReverseMatch:
        return ""


def _indicators(request: HttpRequest, found, municipality=None) -> list:
    """The campaign's indicators at the summary's level: the region's, or one municipality's."""
    if municipality is None and found.regional is None:
        if len(found.places) != 1:
            return []
        municipality = found.places[0].municipality
    if municipality is None:
        return indicator_rows(request.user, found.campaign, "region")
    return indicator_rows(request.user, found.campaign, "municipality", municipality)


def _context(request: HttpRequest, found, *, municipality=None) -> dict:
    return {
        "indicators": _indicators(request, found, municipality),
        "events_url": _events_url(),
        "campaign": found.campaign,
        "found": found,
        "municipality": municipality,
        "charts": charts_for(found, municipality=municipality),
        "heat_rows": found.heat_rows(),
    }


@holds(VIEW)
@require_GET
def region(request: HttpRequest) -> HttpResponse:
    campaign = current_campaign(request)
    if campaign is None:
        raise Http404("Нет кампании")
    municipalities = list(municipalities_for(request.user, campaign))
    if not municipalities:
        raise Http404("Сводка этой кампании вам недоступна")
    regional = sees_whole_region(request.user, campaign.region_id)
    found = summary(campaign, municipalities, timezone.localdate(), regional=regional)
    return render(request, "dashboards/dashboard_region.html", _context(request, found))


@with_object(Municipality, VIEW, related=("region",))
@require_GET
def municipality(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    campaigns = Campaign.objects.filter(region_id=municipality.region_id).order_by("-year")
    chosen = request.GET.get("campaign", "")
    campaign = get_object_or_404(campaigns, pk=chosen) if chosen.isdigit() else campaigns.first()
    if campaign is None:
        raise Http404("Нет кампании")
    found = summary(campaign, [municipality], timezone.localdate(), regional=False)
    page = paginate(request, listed_schools(found))
    context = _context(request, found, municipality=municipality)
    query = request.GET.copy()
    query.pop("page", None)
    context.update(page=page, rows=school_rows(found, list(page)), query=query)
    return render(request, "dashboards/dashboard_municipality.html", context)
