"""The curator's visits as events of their iCal feed (registered in MonitoringConfig.ready())."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from opora.core.calendar_sources import CalendarEvent

from .models import Visit, VisitStatus

# Old visits are history, not plans: the feed carries the last half-year and everything ahead.
PAST_DAYS = 183


def visit_events(user) -> list[CalendarEvent]:
    """Planned and held visits of the user as curator (1 query)."""
    if not getattr(user, "person_id", None):
        return []
    since = timezone.localdate() - datetime.timedelta(days=PAST_DAYS)
    visits = (
        Visit.objects.filter(curator_id=user.person_id, planned_on__gte=since)
        .exclude(status=VisitStatus.CANCELLED)
        .select_related("school__municipality")
        .order_by("planned_on", "pk")
    )
    events = []
    for visit in visits:
        held = visit.status == VisitStatus.HELD
        prefix = "Визит (проведён)" if held else "Визит"
        description = f"{visit.school.full_name}, {visit.school.municipality}. Формат: {visit.get_format_display()}"
        if visit.purpose:
            description += f". Цель: {visit.purpose}"
        events.append(
            CalendarEvent(
                uid=f"visit-{visit.pk}",
                start=visit.date,
                end=visit.date,
                summary=f"{prefix}: {visit.school.short_name}",
                description=description,
                path=reverse("monitoring:visit", args=[visit.pk]),
            )
        )
    return events
