"""An indicator's value at a place for its period: counts of its facts, the share, the colour.

Pure arithmetic (`colour_of`, `share`) is separate from the database reads (`evaluate`), which run
one or two counting queries per fact whatever the size of the data."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from opora.roadmaps.models import MonitoringStage

from .facts import FACTS, Context, Fact
from .models import Colour, Indicator
from .models.indicators import Period


@dataclass(frozen=True)
class Place:
    """The region of the campaign (both None), a municipality or a school."""

    municipality_id: int | None = None
    school_id: int | None = None

    @property
    def level(self) -> str:
        return "school" if self.school_id else "municipality" if self.municipality_id else "region"

    def query(self) -> str:
        return (
            f"?s={self.school_id}" if self.school_id else f"?m={self.municipality_id}" if self.municipality_id else ""
        )


REGION = Place()


@dataclass(frozen=True)
class Value:
    indicator: Indicator
    numerator: int
    denominator: int | None
    value: float | None
    target: float | None
    colour: str
    start: datetime.date
    end: datetime.date

    @property
    def text(self) -> str:
        if self.value is None:
            return "—"
        if self.indicator.is_share:
            return f"{self.value:.1f} %".replace(".", ",")
        return f"{self.value:g}"

    @property
    def target_text(self) -> str:
        if self.target is None:
            return "—"
        suffix = " %" if self.indicator.is_share else ""
        return f"{'≤' if self.indicator.lower_is_better else '≥'} {self.target:g}{suffix}".replace(".", ",")

    @property
    def colour_label(self) -> str:
        return Colour(self.colour).label


def share(numerator: int, denominator: int | None) -> float | None:
    if not denominator:
        return None
    return round(100.0 * numerator / denominator, 1)


def colour_of(value: float | None, target: float | None, *, lower_is_better: bool = False, yellow: int = 80) -> str:
    """Green when the target is met; yellow when within `yellow` % of it (≥ 80 % of the target, or
    for «меньше — лучше» at most target ÷ 0.8); red otherwise; no colour without a target or value."""
    if value is None or target is None:
        return Colour.NONE
    ratio = yellow / 100
    if lower_is_better:
        if value <= target:
            return Colour.GREEN
        return Colour.YELLOW if ratio > 0 and value <= target / ratio else Colour.RED
    if value >= target:
        return Colour.GREEN
    return Colour.YELLOW if value >= target * ratio else Colour.RED


def period_of(indicator: Indicator, today: datetime.date, stages: list[MonitoringStage] | None = None):
    """The first and last days the indicator counts over."""
    year = indicator.campaign.year
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if indicator.period == Period.CUSTOM:
        return indicator.start or first, indicator.end or last
    if indicator.period == Period.STAGE:
        stages = sorted(
            stages if stages is not None else MonitoringStage.for_campaign(indicator.campaign), key=lambda s: s.due
        )
        start = first
        for stage in stages:
            if today <= stage.due:
                return start, stage.due
            start = stage.due + datetime.timedelta(days=1)
        return start, last
    return first, last


def context(indicator: Indicator, place: Place, today: datetime.date | None = None, stages=None) -> Context:
    today = today or timezone.localdate()
    start, end = period_of(indicator, today, stages)
    return Context(
        indicator.campaign, start, end, today, municipality_id=place.municipality_id, school_id=place.school_id
    )


def fact_of(code: str) -> Fact | None:
    return FACTS.get(code)


def querysets(indicator: Indicator, ctx: Context) -> tuple[QuerySet, QuerySet | None]:
    numerator = FACTS[indicator.numerator].queryset(ctx, indicator.numerator_params)
    denominator = None
    if indicator.is_share and indicator.denominator in FACTS:
        denominator = FACTS[indicator.denominator].queryset(ctx, indicator.denominator_params)
    return numerator, denominator


def evaluate(indicator: Indicator, place: Place = REGION, today: datetime.date | None = None, stages=None) -> Value:
    """The value now (two counting queries for a share, one for a count)."""
    ctx = context(indicator, place, today, stages)
    numerator_qs, denominator_qs = querysets(indicator, ctx)
    numerator = numerator_qs.count()
    denominator = denominator_qs.count() if denominator_qs is not None else None
    value = share(numerator, denominator) if indicator.is_share else float(numerator)
    target = indicator.target_for(indicator.campaign.year)
    colour = colour_of(value, target, lower_is_better=indicator.lower_is_better, yellow=indicator.yellow_share)
    return Value(indicator, numerator, denominator, value, target, colour, ctx.start, ctx.end)
