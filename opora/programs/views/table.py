"""The region's and a municipality's table: listed schools × required kinds, statuses and days waiting."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from opora.core.guards import signed_in
from opora.core.http import paginate
from opora.core.prepared import request_file
from opora.registry.models import Municipality, School
from opora.roadmaps.views.common import current_campaign

from .. import table_export as export
from ..selectors import table_rows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _table(request):
    campaign = current_campaign(request)
    chosen = {k: request.GET.get(k, "") for k in export.FILTERS}
    if campaign is None:
        return None, [], School.objects.none(), chosen
    return campaign, export.table_kinds(campaign), export.table_schools(request.user, campaign, chosen), chosen


def _without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query


@signed_in
@require_GET
def table(request: HttpRequest) -> HttpResponse:
    campaign, kinds, schools, chosen = _table(request)
    page = paginate(request, schools)
    rows = table_rows(list(page), campaign, kinds) if campaign else []
    municipalities = (
        Municipality.objects.for_user(request.user).filter(region=campaign.region)
        if campaign
        else Municipality.objects.none()
    )
    return render(
        request,
        "programs/table.html",
        {
            "campaign": campaign,
            "kinds": kinds,
            "page": page,
            "rows": rows,
            "chosen": chosen,
            "municipalities": municipalities,
            "query": _without_page(request),
        },
    )


@signed_in
@require_http_methods(["GET", "POST"])
def table_export(request: HttpRequest) -> HttpResponse:
    """A region's table is sent at once; a larger one is prepared in the worker (asked by the
    page's button, a POST), and the page of the prepared file sends it when built."""
    campaign, _, schools, chosen = _table(request)
    if campaign is None or schools.count() <= export.INLINE_ROWS:
        data, name = export.table_file(request.user, campaign, chosen)
        response = HttpResponse(data, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    back = f"{reverse('programs:table')}?{_without_page(request).urlencode()}"
    if request.method == "GET":
        messages.info(request, "Таблица большая: файл готовится в фоне — нажмите «Скачать XLSX» на этой странице.")
        return redirect(back)
    prepared = request_file(
        user=request.user,
        kind="programs.table",
        title=export.export_title(campaign),
        params={"campaign": campaign.pk, **chosen},
        back_url=back,
    )
    return redirect("home:prepared_file", prepared.pk)
