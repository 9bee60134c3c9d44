"""Event pages: the list of events the user sees, one event (audience, materials, roadmap items,
attendance), creating and changing an event, its materials."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from opora.core.access import can_anywhere, require
from opora.core.guards import holds, signed_in, with_object
from opora.core.http import paginate, stored_file_response
from opora.roadmaps.models import Item

from ..forms_events import EventForm, MaterialForm
from ..models import Event, EventKind, EventMaterial

EVENT_RELATED = ("kind", "campaign__region", "municipality", "organiser")


@signed_in
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    """Events the user sees, newest first; filtered by kind and by words of the title."""
    events = (
        Event.objects.for_user(request.user)
        .select_related(*EVENT_RELATED)
        .annotate(present=Count("attendance", filter=Q(attendance__person__isnull=False), distinct=True))
        .order_by("-starts_on", "-pk")
    )
    kind = request.GET.get("kind", "")
    if kind.isdigit():
        events = events.filter(kind_id=kind)
    query = request.GET.get("q", "").strip()
    if query:
        events = events.filter(title__icontains=query)
    region_ids = set(events.values_list("campaign__region_id", flat=True).distinct()[:50])
    kinds = EventKind.objects.filter(Q(region__isnull=True) | Q(region_id__in=region_ids), is_active=True)
    return render(
        request,
        "monitoring/events.html",
        {
            "page": paginate(request, events),
            "query": _without_page(request),
            "kinds": kinds,
            "kind": kind,
            "q": query,
            "may_create": can_anywhere(request.user, "event.manage"),
        },
    )


def _without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query


def _save(form: EventForm, request) -> Event:
    event = form.save(commit=False)
    require(request.user, "event.manage", event)
    if event.pk is None:
        event.created_by = request.user
    with transaction.atomic():
        event.save()
        form.save_m2m()
    return event


@holds("event.manage")
def event_create(request: HttpRequest) -> HttpResponse:
    form = EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        event = _save(form, request)
        messages.success(request, f"Мероприятие «{event.title}» создано.")
        return redirect(event)
    return render(request, "monitoring/event_edit.html", {"form": form})


@with_object(Event, "event.manage", related=EVENT_RELATED)
def event_edit(request: HttpRequest, event: Event) -> HttpResponse:
    form = EventForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        _save(form, request)
        messages.success(request, "Изменения сохранены.")
        return redirect(event)
    return render(request, "monitoring/event_edit.html", {"form": form, "event": event})


@with_object(Event, related=EVENT_RELATED)
@require_GET
def event_detail(request: HttpRequest, event: Event) -> HttpResponse:
    """Everything about the event; the roadmap items shown are those the user may see."""
    items = (
        Item.objects.for_user(request.user)
        .filter(pk__in=event.items.values("pk"))
        .select_related("roadmap__campaign__region", "roadmap__municipality", "roadmap__school")
    )
    attendance = event.attendance.select_related("person__school", "person__organisation").order_by(
        "person__last_name", "name"
    )
    return render(
        request,
        "monitoring/event.html",
        {
            "event": event,
            "items": items,
            "materials": event.materials.all(),
            "audience_municipalities": event.audience_municipalities.order_by("name"),
            "audience_schools": event.audience_schools.select_related("municipality").order_by("short_name"),
            "attendance": paginate(request, attendance),
            "imports": event.imports.select_related("uploaded_by__person")[:10],
            "material_form": MaterialForm(),
        },
    )


@with_object(Event, "event.manage")
@require_POST
def material_add(request: HttpRequest, event: Event) -> HttpResponse:
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        material = form.save(commit=False)
        material.event, material.added_by = event, request.user
        material.save()
        messages.success(request, f"Материал «{material.title}» добавлен.")
    else:
        errors = "; ".join(e for errs in form.errors.values() for e in errs)
        messages.error(request, f"Материал не добавлен: {errors}")
    return redirect(event)


@with_object(EventMaterial)
@require_GET
def material_file(request: HttpRequest, material: EventMaterial) -> HttpResponse:
    return stored_file_response(material.file)
