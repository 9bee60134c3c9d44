"""The risk catalogue per campaign and the activated factors other apps read."""

import datetime

from django.utils import timezone

from opora.diagnostics.catalogue import FACTORS_2021, seed_catalogue
from opora.diagnostics.models import ActivatedFactor, RiskFactor, RiskProfile
from opora.diagnostics.selectors import activated_factors
from tests.factories import CampaignFactory


def test_each_campaign_gets_its_own_eleven_factors_and_a_renamed_one_stays_in_its_year(world):
    seed_catalogue(world.campaign)
    next_year = CampaignFactory(region=world.region, year=world.campaign.year + 1)
    seed_catalogue(next_year)
    assert RiskFactor.objects.filter(campaign=world.campaign).count() == len(FACTORS_2021) == 11
    RiskFactor.objects.filter(campaign=next_year, code="f07").update(name="Школьная среда", retired=False)
    assert RiskFactor.objects.get(campaign=world.campaign, code="f07").name.startswith("Пониженный уровень")
    # Seeding again keeps what the operator changed.
    seed_catalogue(next_year)
    assert RiskFactor.objects.get(campaign=next_year, code="f07").name == "Школьная среда"


def test_activated_factors_are_the_confirmed_ones_of_that_school_and_campaign(world):
    factors = {f.code: f for f in seed_catalogue(world.campaign)}
    profile = RiskProfile.objects.create(school=world.school_a, campaign=world.campaign)
    other = RiskProfile.objects.create(school=world.school_b, campaign=world.campaign)
    now = timezone.now()
    ActivatedFactor.objects.create(profile=profile, factor=factors["f09"], confirmed_at=now)
    ActivatedFactor.objects.create(profile=profile, factor=factors["f02"], confirmed_at=now - datetime.timedelta(1))
    ActivatedFactor.objects.create(profile=profile, factor=factors["f07"])  # proposed, not confirmed
    ActivatedFactor.objects.create(profile=other, factor=factors["f01"], confirmed_at=now)
    assert [f.code for f in activated_factors(world.school_a, world.campaign)] == ["f02", "f09"]
    assert [f.code for f in activated_factors(world.school_b, world.campaign)] == ["f01"]
    assert not activated_factors(world.school_c, world.campaign).exists()


def test_the_operator_renames_retires_and_adds_factors_of_one_campaign_only(world, client_as):
    from django.urls import reverse

    seed_catalogue(world.campaign)
    next_year = CampaignFactory(region=world.region, year=world.campaign.year + 1)
    factors = {f.code: f for f in seed_catalogue(next_year)}
    client = client_as(world.users["operator"])
    url = reverse("diagnostics:catalogue", args=[next_year.pk])
    data = {f"name-{factors['f07'].pk}": "Школьная среда", "retired": [factors["f06"].pk]}
    client.post(url, data | {"new_code": "F12", "new_name": "Цифровая среда"})
    now = {f.code: f for f in RiskFactor.objects.filter(campaign=next_year)}
    assert now["f07"].name == "Школьная среда" and now["f06"].retired and now["f12"].position == 12
    assert RiskFactor.objects.get(campaign=world.campaign, code="f07").name.startswith("Пониженный")
    assert not RiskFactor.objects.get(campaign=world.campaign, code="f06").retired
    # The rename is in the audit log: who, and the name before and after.
    from opora.core.models import AuditEntry

    entry = AuditEntry.objects.get(model="diagnostics.RiskFactor", object_id=str(factors["f07"].pk), action="update")
    assert entry.actor == world.users["operator"] and entry.changes["name"][1] == "Школьная среда"
    client.post(url, {"new_code": "f12", "new_name": "Ещё раз"})  # the code is taken: refused
    assert RiskFactor.objects.filter(campaign=next_year).count() == 12
    assert client_as(world.users["coordinator"]).post(url, data).status_code == 403
