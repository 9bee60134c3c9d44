"""Reads other apps build on (programs: one anti-risk programme per activated factor)."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import RiskFactor


def activated_factors(school, campaign) -> QuerySet[RiskFactor]:
    """The factors of the school's profile in this campaign that the curator confirmed, in catalogue order."""
    return RiskFactor.objects.filter(
        campaign=campaign,
        activations__profile__school=school,
        activations__profile__campaign=campaign,
        activations__confirmed_at__isnull=False,
    ).order_by("position", "pk")
