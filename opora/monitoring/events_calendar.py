"""Events in the iCal feed of their audience (registered in MonitoringConfig.ready())."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from opora.core.calendar_sources import CalendarEvent
from opora.core.scoping import scope_of

from .models import Event

PAST_DAYS = 183
# A feed is not a report: a person invited to more events than this gets the nearest ones.
LIMIT = 300


def _invited(event: Event, roles: frozenset[str], municipality_ids, school_ids, munis, schools) -> bool:
    if schools & school_ids:
        return True
    if not roles & set(event.audience_roles):
        return False
    if munis:
        return bool(munis & municipality_ids) or not municipality_ids
    return True


def audience_events(user) -> list[CalendarEvent]:
    """Events the user sees and is invited to (by one of their roles, their municipality or their
    school) from half a year ago on (2 queries)."""
    if not getattr(user, "person_id", None):
        return []
    scope = scope_of(user)
    since = timezone.localdate() - datetime.timedelta(days=PAST_DAYS)
    events = list(
        Event.objects.for_user(user)
        .filter(starts_on__gte=since)
        .select_related("kind", "municipality")
        .prefetch_related("audience_municipalities", "audience_schools")
        .order_by("starts_on", "pk")[:LIMIT]
    )
    found = []
    for event in events:
        munis = {m.pk for m in event.audience_municipalities.all()}
        if event.municipality_id and not munis:
            munis = {event.municipality_id}
        schools = {s.pk for s in event.audience_schools.all()}
        if not _invited(event, scope.roles, scope.visible_municipality_ids, scope.school_ids, munis, schools):
            continue
        description = f"{event.kind}. Организатор: {event.organiser_text or '—'}"
        if event.start_time:
            description += f". Начало в {event.start_time:%H:%M}"
        found.append(
            CalendarEvent(
                uid=f"event-{event.pk}",
                start=event.starts_on,
                end=event.last_day,
                summary=f"{str(event.kind).capitalize()}: {event.title}",
                description=description,
                path=reverse("monitoring:event", args=[event.pk]),
            )
        )
    return found
