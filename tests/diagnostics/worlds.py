"""Diagnostics in the shared world: profiles of schools A and B, the survey open around today."""

import datetime

from django.utils import timezone

from opora.diagnostics.models import DiagnosticsSettings, RiskProfile
from opora.diagnostics.selectors import active_link

from .builders import seeded


def add_diagnostics(world) -> None:
    seeded(world)
    today = timezone.localdate()
    DiagnosticsSettings.objects.filter(campaign=world.campaign).update(
        opens_on=today - datetime.timedelta(days=10), closes_on=today + datetime.timedelta(days=10)
    )
    world.profile_a = RiskProfile.objects.create(school=world.school_a, campaign=world.campaign, pupils=200)
    world.profile_b = RiskProfile.objects.create(school=world.school_b, campaign=world.campaign, pupils=60)
    world.link_a = active_link(world.profile_a)
    world.link_b = active_link(world.profile_b)


def probe_profile(world, school, *, verified: bool = False, questionnaires: bool = False) -> RiskProfile:
    """A profile for the access probes (built inside each persona's rolled-back request)."""
    from opora.diagnostics.catalogue import seed_catalogue

    if questionnaires:
        seeded(world)
    else:
        seed_catalogue(world.campaign)
    profile, _ = RiskProfile.objects.get_or_create(school=school, campaign=world.campaign)
    if verified:
        RiskProfile.objects.filter(pk=profile.pk).update(state=RiskProfile.State.VERIFIED)
    return profile


def probe_proposal(world, school):
    """A verified profile with one proposed direction: (url data for confirming it)."""
    from opora.diagnostics.models import ActivatedFactor, RiskFactor

    profile = probe_profile(world, school, verified=True)
    factor = RiskFactor.objects.get(campaign=world.campaign, code="f09")
    activation, _ = ActivatedFactor.objects.get_or_create(profile=profile, factor=factor)
    return profile, {"activation": [activation.pk]}
