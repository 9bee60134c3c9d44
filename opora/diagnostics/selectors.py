"""Reads other apps build on (programs: one anti-risk programme per activated factor)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from .models import (
    ANONYMOUS_GROUPS,
    DiagnosticsSettings,
    FactorLevel,
    Group,
    Response,
    RiskFactor,
    RiskProfile,
    SurveyLink,
)


def activated_factors(school, campaign) -> QuerySet[RiskFactor]:
    """The factors of the school's profile in this campaign that the curator confirmed, in catalogue order."""
    return RiskFactor.objects.filter(
        campaign=campaign,
        activations__profile__school=school,
        activations__profile__campaign=campaign,
        activations__confirmed_at__isnull=False,
    ).order_by("position", "pk")


@dataclass(frozen=True)
class GroupCount:
    """Answers of one respondent group against the school's numbers and the campaign's minimum."""

    group: str
    label: str
    answers: int
    minimum: int
    expected: int | None  # pupils or teachers of the school; parents are compared with pupils
    anonymous: bool

    @property
    def below_minimum(self) -> bool:
        return self.answers < self.minimum

    @property
    def too_many(self) -> bool:
        """More answers than the school has people in the group: possible stuffing."""
        return self.expected is not None and self.answers > self.expected


def group_counts(profile: RiskProfile, settings_: DiagnosticsSettings) -> list[GroupCount]:
    counts = dict(
        Response.objects.filter(school_id=profile.school_id, questionnaire__campaign_id=profile.campaign_id)
        .values_list("questionnaire__group")
        .annotate(n=Count("id"))
    )
    expected = {Group.PUPILS: profile.pupils, Group.PARENTS: profile.pupils, Group.TEACHERS: profile.teachers}
    return [
        GroupCount(
            group=group,
            label=label,
            answers=counts.get(group, 0),
            minimum=settings_.minimum(group),
            expected=expected.get(group),
            anonymous=group in ANONYMOUS_GROUPS,
        )
        for group, label in Group.choices
    ]


def previous_levels(profile: RiskProfile) -> dict[str, FactorLevel]:
    """Last year's levels of the same school, by factor code (codes carry over between catalogues)."""
    levels = FactorLevel.objects.filter(
        profile__school_id=profile.school_id,
        profile__campaign__region_id=profile.campaign.region_id,
        profile__campaign__year=profile.campaign.year - 1,
    ).select_related("factor")
    return {lv.factor.code: lv for lv in levels}


def active_link(profile: RiskProfile, user=None) -> SurveyLink:
    """The school's current anonymous link, created the first time it is asked for."""
    link = SurveyLink.objects.filter(
        school_id=profile.school_id, campaign_id=profile.campaign_id, retired_at__isnull=True
    ).first()
    if link is None:
        link, _ = SurveyLink.objects.get_or_create(
            school_id=profile.school_id, campaign_id=profile.campaign_id, retired_at=None, defaults={"created_by": user}
        )
    return link
