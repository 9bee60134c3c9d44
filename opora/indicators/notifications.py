"""Run daily by `opora notify`: on a monitoring stage's date, the indicators of its campaign are
snapshotted (once per stage: running twice on the day adds nothing). Snapshots are not messages,
so the scan reports no new notifications."""

from __future__ import annotations

import datetime

from .services import take_stage_snapshots


def scan(today: datetime.date) -> int:
    take_stage_snapshots(today)
    return 0
