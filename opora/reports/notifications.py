"""Notifications about stage reports (opora.notifications): the curator hears that a report is due.

`scan(today)`, run daily by `opora notify`: for each monitoring stage whose deadline is within
DUE_SOON_DAYS or has passed (up to LATE_DAYS ago), each curator of a school without a submitted
report for it gets one message per school and stage (key `reports:due:<school>:<stage>`)."""

from __future__ import annotations

import datetime

from django.urls import reverse

from opora.roadmaps.models import MonitoringStage

from .facts import curator_links
from .models import StageReport, Status

DUE_SOON_DAYS = 7
LATE_DAYS = 60  # a stage long past is the region's business now, not a daily reminder


def scan(today: datetime.date) -> int:
    from opora.notifications.services import notify

    stages = MonitoringStage.objects.filter(
        due__gte=today - datetime.timedelta(days=LATE_DAYS), due__lte=today + datetime.timedelta(days=DUE_SOON_DAYS)
    ).select_related("campaign")
    created = 0
    for stage in stages:
        submitted = StageReport.objects.filter(stage=stage, status=Status.SUBMITTED).values("school_id")
        curators: dict = {}
        schools = {}
        links = (
            curator_links(stage.campaign, today)
            .exclude(school_id__in=submitted)
            .select_related("school", "assignment__person")
        )
        for link in links:
            curators.setdefault(link.school_id, []).append(link.assignment.person)
            schools[link.school_id] = link.school
        when = "истёк" if stage.due < today else "истекает"
        for school_id, people in curators.items():
            school = schools[school_id]
            created += notify(
                recipients=people,
                kind="stage_report_due",
                title=f"Отчёт по этапу «{stage.title}»: {school.short_name}, срок {when} {stage.due:%d.%m.%Y}",
                url=reverse("reports:write", args=[school_id, stage.pk]),
                key=f"reports:due:{school_id}:{stage.pk}",
                body=f"Куратору школы {school.short_name} нужно отправить отчёт по этапу «{stage.title}».",
            )
    return created
