"""The visits section of the report: the curator's visits to the school within the stage's period
and the recommendations not yet confirmed, read through opora.monitoring's selectors."""

from __future__ import annotations

import datetime

from django.utils import timezone

SHOWN_RECOMMENDATIONS = 30


def _summary(visit) -> str:
    parts = []
    if visit.purpose:
        parts.append(f"Цель: {visit.purpose.strip()}")
    if visit.observation_labels:
        parts.append("Сделано: " + ", ".join(visit.observation_labels))
    if visit.findings:
        parts.append(f"Выводы: {visit.findings.strip()}")
    recommendations = list(visit.recommendations.all())
    if recommendations:
        parts.append(f"Рекомендаций: {len(recommendations)}")
    return "\n".join(parts) or "—"


def visits_section(school, campaign, start: datetime.date, end: datetime.date) -> dict:
    from opora.monitoring.models import Visit, VisitStatus
    from opora.monitoring.selectors import open_recommendations, visits_for_school

    today = timezone.localdate()
    held = visits_for_school(school, campaign, since=start, until=end)
    planned = Visit.objects.filter(
        school=school, campaign=campaign, status=VisitStatus.PLANNED, planned_on__range=(start, end)
    ).count()
    rows = [
        {
            "date": visit.held_on.strftime("%d.%m.%Y"),
            "format": visit.get_format_display(),
            "status": visit.get_status_display(),
            "summary": _summary(visit),
        }
        for visit in held
    ]
    # Given by the end of the period: a later visit's recommendations belong to the next stage's report.
    pending = list(open_recommendations([school.pk], campaign).filter(visit__held_on__lte=end)[:SHOWN_RECOMMENDATIONS])
    return {
        "available": True,
        "held": len(held),
        "planned": planned,
        "rows": rows,
        "open_recommendations": [
            {
                "text": r.text,
                "deadline": r.deadline.strftime("%d.%m.%Y") if r.deadline else "—",
                "who": r.who_acts or "—",
                "status": r.get_status_display() + (" (срок прошёл)" if r.is_overdue(today) else ""),
            }
            for r in pending
        ],
    }
