"""Lists across roadmaps: overdue items, «мои мероприятия», the calendar feed, the timeline."""

import secrets

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Exists, F, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from opora.core import calendar_sources
from opora.core.guards import public, signed_in, with_object
from opora.core.http import paginate
from opora.registry.models import Municipality

from .. import services
from ..calendar import items_ical
from ..models import Item, Roadmap
from ..services import my_items
from ..timeline import timeline_rows
from .common import ROADMAP_RELATED, current_campaign


def _item_list(request, items, template: str, context: dict) -> HttpResponse:
    municipality = request.GET.get("municipality", "")
    if municipality.isdigit():
        items = items.filter(
            Q(roadmap__municipality_id=municipality) | Q(roadmap__school__municipality_id=municipality)
        )
    items = items.with_done().select_related("roadmap__municipality", "roadmap__school", "roadmap__campaign__region")
    query = request.GET.copy()
    query.pop("page", None)
    page = paginate(request, items.order_by(F("end").asc(nulls_last=True), "roadmap_id", "position"))
    today = services.today()
    for item in page:
        item.is_overdue = bool(item.end and item.end < today and not item.is_done)
        if context.get("show_reporting"):
            # Items that name the user but are reported on by others say who reports (no button).
            item.reporters = "" if item.may_report else services.reporters(item.roadmap)
    context.update(page=page, query=query, today=today, municipality=municipality)
    return render(request, template, context)


@signed_in
@require_GET
def overdue(request: HttpRequest) -> HttpResponse:
    campaign = current_campaign(request)
    if campaign is None:
        raise Http404("Нет кампании")
    items = Item.objects.for_user(request.user).filter(roadmap__campaign=campaign).overdue(services.today())
    municipalities = Municipality.objects.for_user(request.user).filter(region_id=campaign.region_id)
    return _item_list(request, items, "roadmaps/overdue.html", {"campaign": campaign, "municipalities": municipalities})


@signed_in
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    items = my_items(request.user)
    reportable = Item.objects.for_user(request.user, "item.report").filter(pk=OuterRef("pk"))
    items = items.annotate(may_report=Exists(reportable))
    if request.GET.get("overdue"):
        items = items.overdue(services.today())
    if request.GET.get("reporting"):
        items = items.filter(may_report=True)
    feed = (
        request.build_absolute_uri(reverse("roadmaps:feed", args=[request.user.calendar_token]))
        if request.user.calendar_token
        else ""
    )
    return _item_list(request, items, "roadmaps/mine.html", {"feed": feed, "show_reporting": True})


@signed_in
@require_POST
def calendar_token(request: HttpRequest) -> HttpResponse:
    """Issues (or replaces, which cuts off the old link) the secret address of the user's calendar."""
    request.user.calendar_token = secrets.token_urlsafe(24)
    request.user.save(update_fields=["calendar_token"])
    messages.success(request, "Новая ссылка на календарь готова; старая больше не работает.")
    return redirect("roadmaps:mine")


@public
@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The iCal feed: no login (calendar programs cannot log in); the token is the secret."""
    if len(token) < 20:
        raise Http404("Календарь не найден")
    user = get_user_model().objects.filter(calendar_token=token, is_active=True).first()
    if user is None:
        raise Http404("Календарь не найден")
    items = (
        my_items(user)
        .exclude(end__isnull=True)
        .select_related("roadmap__municipality", "roadmap__school", "roadmap__campaign__region")
    )
    body = items_ical(
        items,
        host=request.get_host(),
        scheme=request.scheme,
        name=f"Опора — мероприятия: {user.get_full_name()}",
        events=calendar_sources.events_for(user),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="opora.ics"'
    return response


@with_object(Roadmap, related=ROADMAP_RELATED)
@require_GET
def timeline(request: HttpRequest, roadmap: Roadmap) -> HttpResponse:
    months, rows = timeline_rows(roadmap, services.today())
    return render(request, "roadmaps/timeline.html", {"roadmap": roadmap, "months": months, "rows": rows})
