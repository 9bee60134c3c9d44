"""Reads other apps share: `indicator_rows(user, campaign, level, place)` for the dashboards.

A row per active indicator of the campaign that makes sense at the level: value, target, colour
and the link to its drill-down. Two counting queries per indicator, whatever the data size; an
empty list when the user may not see that place."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from opora.registry.models import Campaign
from opora.roadmaps.models import MonitoringStage

from .compute import Place, Value, evaluate
from .library import ensure_library
from .models import Indicator
from .places import place_for

LEVEL_ORDER = {"region": 0, "municipality": 1, "school": 2}


@dataclass(frozen=True)
class Row:
    indicator: Indicator
    value: Value
    url: str

    @property
    def title(self) -> str:
        return self.indicator.title

    @property
    def unit(self) -> str:
        return self.indicator.get_unit_display()

    @property
    def value_text(self) -> str:
        return self.value.text

    @property
    def target_text(self) -> str:
        return self.value.target_text

    @property
    def colour(self) -> str:
        return self.value.colour


def shown_at(indicator: Indicator, level: str) -> bool:
    """A region-level indicator (municipalities with a roadmap) is not shown for one school."""
    return LEVEL_ORDER[level] <= LEVEL_ORDER.get(indicator.level, 2)


def rows_for(campaign: Campaign, place: Place, today=None) -> list[Row]:
    today = today or timezone.localdate()
    stages = MonitoringStage.for_campaign(campaign)
    rows = []
    for indicator in ensure_library(campaign):
        if not shown_at(indicator, place.level):
            continue
        indicator.campaign = campaign
        value = evaluate(indicator, place, today, stages)
        rows.append(Row(indicator, value, reverse("indicators:value", args=[indicator.pk]) + place.query()))
    return rows


def indicator_rows(user, campaign: Campaign, level: str = "region", place=None) -> list[Row]:
    """`level`: "region" (place None), "municipality" or "school" (place: the object or its id)."""
    try:
        if level == "school":
            found, _ = place_for(user, campaign, school=place)
        elif level == "municipality":
            found, _ = place_for(user, campaign, municipality=place)
        else:
            found, _ = place_for(user, campaign)
    except Http404:
        return []
    return rows_for(campaign, found)
