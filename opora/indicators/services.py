"""Operations that change indicators: saving from the form, retiring, snapshots, item links."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from opora.registry.models import Campaign, Municipality
from opora.roadmaps.models import MonitoringStage

from .compute import REGION, Place, colour_of, context, querysets, share
from .library import ensure_library
from .models import Indicator, ItemIndicatorLink, Snapshot


def save_indicator(*, indicator: Indicator, user) -> Indicator:
    if indicator.pk is None:
        indicator.created_by = user
        last = Indicator.objects.filter(campaign=indicator.campaign).order_by("-position").first()
        indicator.position = (last.position if last else 0) + 10
    indicator.save()
    return indicator


def retire(*, indicator: Indicator, retired: bool = True) -> None:
    indicator.retired = retired
    indicator.save(update_fields=["retired"])


def snapshot_one(indicator: Indicator, place: Place, today: datetime.date, stages, *, stage=None, user=None):
    """The value with the ids of the rows counted (one query per fact: the ids give the count)."""
    ctx = context(indicator, place, today, stages)
    numerator_qs, denominator_qs = querysets(indicator, ctx)
    numerator_ids = sorted(numerator_qs.order_by().values_list("pk", flat=True).distinct())
    denominator_ids = (
        sorted(denominator_qs.order_by().values_list("pk", flat=True).distinct())
        if denominator_qs is not None
        else None
    )
    numerator = len(numerator_ids)
    denominator = None if denominator_ids is None else len(denominator_ids)
    value = share(numerator, denominator) if indicator.is_share else float(numerator)
    target = indicator.target_for(indicator.campaign.year)
    return Snapshot(
        indicator=indicator,
        stage=stage,
        taken_on=today,
        taken_by=user,
        municipality_id=place.municipality_id,
        value=value,
        numerator=numerator,
        denominator=denominator,
        target=target,
        colour=colour_of(value, target, lower_is_better=indicator.lower_is_better, yellow=indicator.yellow_share),
        numerator_ids=numerator_ids,
        denominator_ids=denominator_ids or [],
    )


@transaction.atomic
def take_snapshots(*, campaign: Campaign, today: datetime.date | None = None, stage=None, user=None) -> int:
    """Snapshots of every active indicator for the region and each of its municipalities. With a
    stage it is idempotent: an indicator already snapshotted for that stage is skipped."""
    today = today or timezone.localdate()
    stages = MonitoringStage.for_campaign(campaign)
    indicators = ensure_library(campaign)
    if stage is not None:
        done = set(Snapshot.objects.filter(stage=stage).values_list("indicator_id", flat=True))
        indicators = [i for i in indicators if i.pk not in done]
    municipalities = list(Municipality.objects.filter(region_id=campaign.region_id).values_list("pk", flat=True))
    made = []
    for indicator in indicators:
        indicator.campaign = campaign
        places = [REGION] + ([Place(m) for m in municipalities] if indicator.level != "region" else [])
        made += [snapshot_one(indicator, place, today, stages, stage=stage, user=user) for place in places]
    Snapshot.objects.bulk_create(made)
    return len(made)


def link_item(*, item, indicator: Indicator, user) -> ItemIndicatorLink:
    if indicator.campaign_id != item.roadmap.campaign_id:
        raise ValidationError("Показатель другой кампании.")
    link, _ = ItemIndicatorLink.objects.update_or_create(
        item=item, defaults={"indicator": indicator, "linked_by": user}
    )
    return link


def unlink_item(*, item) -> None:
    ItemIndicatorLink.objects.filter(item=item).delete()


def take_stage_snapshots(today: datetime.date) -> int:
    """Snapshots for every monitoring stage due today (idempotent per stage); how many were saved."""
    made = 0
    for stage in MonitoringStage.objects.filter(due=today).select_related("campaign"):
        made += take_snapshots(campaign=stage.campaign, today=today, stage=stage)
    return made
