"""Waves in the shared test world (tests/conftest.py): an open wave asking curators, school teams and
municipal coordinators of region R; found again by title, so a builder may be called per persona."""

from __future__ import annotations

import datetime

from django.utils import timezone

from opora.accounts.models import Role
from opora.surveys.models import Wave
from opora.surveys.services import form_default

AUDIENCE = [Role.CURATOR, Role.SCHOOL_TEAM, Role.MUNICIPAL_COORDINATOR]


def wave_of(world, title: str = "Опрос 1", *, days: tuple[int, int] = (-5, 5), roles=None, campaign=None) -> Wave:
    campaign = campaign or world.campaign
    found = Wave.objects.filter(campaign=campaign, title=title).first()
    if found is not None:
        return found
    today = timezone.localdate()
    return Wave.objects.create(
        campaign=campaign,
        form=form_default(campaign),
        title=title,
        opens_on=today + datetime.timedelta(days=days[0]),
        closes_on=today + datetime.timedelta(days=days[1]),
        roles=[str(r) for r in (roles or AUDIENCE)],
    )


def other_wave(world) -> Wave:
    """A wave of region R2, asking its operators."""
    from opora.registry.models import Campaign
    from tests.factories import CampaignFactory

    campaign = Campaign.objects.filter(region=world.other_region).first() or CampaignFactory(
        region=world.other_region, year=2026
    )
    return wave_of(world, "Опрос Чужой области", campaign=campaign, roles=[Role.REGIONAL_OPERATOR])


def full_answers() -> dict:
    """A POST with every required question of the default form answered."""
    return {
        "role": "school",
        "webinars": "4",
        "visits": "5",
        "docs": "3",
        "needs": ["methods"],
        "comment": "Всё хорошо",
    }
