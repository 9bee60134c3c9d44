"""Run daily by `opora notify`: on a monitoring stage's date, the indicators of its campaign are
snapshotted (once per stage: running twice on the day adds nothing)."""

from __future__ import annotations

import datetime

from opora.roadmaps.models import MonitoringStage

from .services import take_snapshots


def scan(today: datetime.date) -> int:
    made = 0
    for stage in MonitoringStage.objects.filter(due=today).select_related("campaign"):
        made += take_snapshots(campaign=stage.campaign, today=today, stage=stage)
    return made
