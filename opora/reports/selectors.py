"""Reads other pages share (the school card): a school's stage reports the user may see."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import StageReport


def school_reports(user, school, campaign) -> QuerySet[StageReport]:
    """The school's reports in the campaign that the user sees (the school's own team: submitted ones
    only), by stage, with the stage and the curator (1 query)."""
    return (
        StageReport.objects.for_user(user)
        .filter(school=school, campaign=campaign)
        .select_related("stage", "curator")
        .order_by("stage__number")
    )
