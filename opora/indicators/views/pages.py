"""The indicators of a campaign at a place, and the drill-down of one value with its XLSX."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from opora.core.access import can
from opora.core.guards import signed_in, with_object
from opora.core.scoping import scope_of
from opora.registry.models import Campaign, Municipality

from ..compute import context, evaluate, querysets
from ..export import rows_workbook
from ..facts import FACTS
from ..models import Indicator, Snapshot
from ..places import int_or_none, place_for, sees_region
from ..rows import COLUMNS, ordered
from ..selectors import rows_for

PARTS = {"num": "В числителе", "den": "В знаменателе", "missing": "Не вошли в числитель"}


@signed_in
def home(request: HttpRequest) -> HttpResponse:
    """To the figures the user may see: the region's, else their municipality's, else a school's."""
    campaign = Campaign.objects.for_user(request.user).select_related("region").order_by("-year").first()
    if campaign is None:
        return render(request, "indicators/none.html")
    url = reverse("indicators:campaign", args=[campaign.pk])
    if sees_region(request.user, campaign):
        return redirect(url)
    scope = scope_of(request.user)
    municipality = (
        Municipality.objects.filter(pk__in=scope.municipality_ids, region_id=campaign.region_id)
        .order_by("name")
        .first()
    )
    if municipality:
        return redirect(f"{url}?m={municipality.pk}")
    school = min((pk for pk in scope.school_ids), default=None)
    if school:
        return redirect(f"{url}?s={school}")
    return render(request, "indicators/none.html")


def _place(request, campaign):
    return place_for(
        request.user, campaign, municipality=int_or_none(request.GET.get("m")), school=int_or_none(request.GET.get("s"))
    )


@with_object(Campaign, related=("region",))
def campaign_page(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    place, place_object = _place(request, campaign)
    rows = rows_for(campaign, place)
    snapshots = {}
    for s in (
        Snapshot.objects.filter(
            indicator__campaign=campaign, municipality_id=place.municipality_id if not place.school_id else -1
        )
        .select_related("stage")
        .order_by("indicator_id", "-taken_on", "-pk")
    ):
        snapshots.setdefault(s.indicator_id, [])
        if len(snapshots[s.indicator_id]) < 3:
            snapshots[s.indicator_id].append(s)
    municipalities = []
    if sees_region(request.user, campaign):
        municipalities = list(Municipality.objects.filter(region_id=campaign.region_id).order_by("name"))
    return render(
        request,
        "indicators/campaign.html",
        {
            "campaign": campaign,
            "place": place,
            "place_object": place_object,
            "rows": [(row, snapshots.get(row.indicator.pk, [])) for row in rows],
            "municipalities": municipalities,
            "may_manage": can(request.user, "indicator.manage", campaign),
            "retired": Indicator.objects.filter(campaign=campaign, retired=True),
        },
    )


def _drill(request, indicator: Indicator):
    campaign = indicator.campaign
    place, place_object = _place(request, campaign)
    ctx = context(indicator, place, timezone.localdate())
    numerator, denominator = querysets(indicator, ctx)
    part = request.GET.get("part") if request.GET.get("part") in PARTS else "num"
    if denominator is None and part != "num":
        part = "num"
    snapshot = None
    if request.GET.get("snapshot", "").isdigit():
        # The rows as they were when the snapshot was taken (their ids were kept).
        snapshot = get_object_or_404(
            Snapshot, pk=int(request.GET["snapshot"]), indicator=indicator, municipality_id=place.municipality_id
        )
        ids = {"num": snapshot.numerator_ids, "den": snapshot.denominator_ids}
        ids["missing"] = sorted(set(ids["den"]) - set(ids["num"]))
        numerator = numerator.model.objects.filter(pk__in=ids["num"])
        if denominator is not None:
            denominator = denominator.model.objects.filter(pk__in=ids["den" if part != "missing" else "missing"])
        if part == "missing":
            return (
                place,
                place_object,
                part,
                FACTS[indicator.denominator].rows,
                ordered(FACTS[indicator.denominator].rows, denominator),
                snapshot,
            )
    if part == "missing":
        kind = FACTS[indicator.denominator].rows
        chosen = denominator.exclude(pk__in=numerator.values("pk"))
    elif part == "den":
        kind, chosen = FACTS[indicator.denominator].rows, denominator
    else:
        kind, chosen = FACTS[indicator.numerator].rows, numerator
    return place, place_object, part, kind, ordered(kind, chosen), snapshot


@with_object(Indicator, related=("campaign__region",))
def value(request: HttpRequest, indicator: Indicator) -> HttpResponse:
    place, place_object, part, kind, chosen, snapshot = _drill(request, indicator)
    figure = evaluate(indicator, place)
    page = Paginator(chosen, 50, orphans=10).get_page(request.GET.get("page"))
    columns = COLUMNS[kind]
    query = request.GET.copy()
    query.pop("page", None)
    same_kind = indicator.is_share and FACTS[indicator.numerator].rows == FACTS[indicator.denominator].rows
    parts = {k: v for k, v in PARTS.items() if k == "num" or (indicator.is_share and (k == "den" or same_kind))}
    snapshots = Snapshot.objects.filter(indicator=indicator, municipality_id=place.municipality_id).select_related(
        "stage"
    )[:10]
    return render(
        request,
        "indicators/value.html",
        {
            "indicator": indicator,
            "campaign": indicator.campaign,
            "figure": figure,
            "place": place,
            "place_object": place_object,
            "part": part,
            "parts": parts,
            "headers": columns.headers,
            "page": page,
            "table": [(columns.cells(row), columns.link(row)) for row in page.object_list],
            "query": query,
            "numerator_title": FACTS[indicator.numerator].describe(indicator.numerator_params, indicator.campaign),
            "denominator_title": FACTS[indicator.denominator].describe(indicator.denominator_params, indicator.campaign)
            if indicator.is_share and indicator.denominator in FACTS
            else "",
            "snapshots": snapshots if not place.school_id else [],
            "snapshot": snapshot,
            "may_manage": can(request.user, "indicator.manage", indicator.campaign),
        },
    )


@with_object(Indicator, related=("campaign__region",))
def export(request: HttpRequest, indicator: Indicator) -> HttpResponse:
    _, place_object, part, kind, chosen, _snapshot = _drill(request, indicator)
    columns = COLUMNS[kind]
    title = f"{indicator.title} — {PARTS[part].lower()}" + (f" — {place_object}" if place_object else "")
    data = rows_workbook(title, columns.headers, (columns.cells(row) for row in chosen.iterator(chunk_size=2000)))
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="indicator-{indicator.pk}-{part}.xlsx"'
    return response
