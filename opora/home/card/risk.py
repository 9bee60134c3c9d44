"""The school's risk profile: levels by factor, whether the curator verified it, the activated factors."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from opora.diagnostics.models import ActivatedFactor, FactorLevel, Level, RiskProfile
from opora.registry.models import Campaign, School

ORDER = [Level.HIGH, Level.MEDIUM, Level.LOW, Level.INSUFFICIENT]


@dataclass
class Risk:
    profile: RiskProfile | None = None
    others: list[RiskProfile] = field(default_factory=list)  # other campaigns' profiles, newest first
    levels: list[FactorLevel] = field(default_factory=list)  # high first
    activated: list[ActivatedFactor] = field(default_factory=list)  # confirmed by the curator
    proposed: list[ActivatedFactor] = field(default_factory=list)  # waiting for the curator

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        """(level, label, how many factors) in the order high → insufficient, only those present."""
        found = Counter(lv.level for lv in self.levels)
        return [(level.value, level.label, found[level]) for level in ORDER if found[level]]


def risk(user, school: School, campaign: Campaign | None) -> Risk:
    """The profile of the current campaign (else the newest the user may see). Three queries."""
    profiles = list(
        RiskProfile.objects.for_user(user)
        .filter(school=school)
        .select_related("campaign", "verified_by__person")
        .order_by("-campaign__year")
    )
    if not profiles:
        return Risk()
    profile = next((p for p in profiles if campaign and p.campaign_id == campaign.pk), profiles[0])
    levels = sorted(
        FactorLevel.objects.filter(profile=profile).select_related("factor"),
        key=lambda lv: (ORDER.index(Level(lv.level)), lv.factor.position),
    )
    activations = list(
        ActivatedFactor.objects.filter(profile=profile).select_related("factor").order_by("factor__position")
    )
    return Risk(
        profile=profile,
        others=[p for p in profiles if p.pk != profile.pk],
        levels=levels,
        activated=[a for a in activations if a.is_confirmed],
        proposed=[a for a in activations if not a.is_confirmed],
    )
