"""Facts about events for indicators and dashboards: bounded queries, no Python loops over rows.

`events_held(...)` → the events that took place; `attendees(events)` → the people who attended them
(distinct). Both return querysets, so a caller counts them (`.count()`) or lists them."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from opora.registry.models import Campaign, Person, Region

from .models import Attendance, Event, EventKind


def events_held(
    region_or_campaign: Region | Campaign,
    kind: EventKind | int | str | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    municipality=None,
) -> QuerySet[Event]:
    """Events of a region (all its campaigns) or of one campaign that started within [start, end]
    and not after today (a planned event is not held yet). `kind`: an EventKind, its id or its name
    («вебинар»). `municipality` (object or id): the municipality's own events and the region's
    events whose audience names it."""
    if isinstance(region_or_campaign, Campaign):
        qs = Event.objects.filter(campaign=region_or_campaign)
    else:
        qs = Event.objects.filter(campaign__region=region_or_campaign)
    today = timezone.localdate()
    qs = qs.filter(starts_on__lte=min(end, today) if end else today)
    if start:
        qs = qs.filter(starts_on__gte=start)
    if kind is not None:
        if isinstance(kind, str):
            qs = qs.filter(kind__name__iexact=kind)
        else:
            qs = qs.filter(kind=kind)
    if municipality is not None:
        municipality_id = getattr(municipality, "pk", municipality)
        invited = Event.audience_municipalities.through.objects.filter(municipality_id=municipality_id)
        qs = qs.filter(Q(municipality_id=municipality_id) | Q(pk__in=invited.values("event_id")))
    return qs


def attendees(events_qs: QuerySet[Event], role: str | None = None) -> QuerySet[Person]:
    """People (distinct, guests excluded) who attended any of the events; given a role
    («municipal_coordinator»), only those holding an assignment of that role."""
    attended = Attendance.objects.filter(event__in=events_qs.values("pk"), person__isnull=False)
    people = Person.objects.filter(pk__in=attended.values("person_id"))
    if role:
        from opora.accounts.models import Assignment

        people = people.filter(pk__in=Assignment.objects.filter(role=role).values("person_id"))
    return people
