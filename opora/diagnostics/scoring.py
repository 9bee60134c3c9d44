"""How a factor's score and level come out of the answers. Pure: no Django.

Each factor draws on scoring items, possibly from several respondent groups:

- an answer option: the share of that group's respondents to the question who chose it;
- a scale or number question: the mean answer, mapped onto 0…1 between the question's ends.

An item «указывает на риск» counts that share as risk; an item «снижает риск» counts the rest
(1 − share). The factor's score is 100 × the weighted mean of its items' risks. The level is
высокий from the campaign's high threshold, средний from the medium one, else низкий. When any
group the factor draws on has fewer answers than the campaign's minimum, or nobody answered its
items, the level is «недостаточно данных» and no score is given: a level is never guessed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

HIGH, MEDIUM, LOW, INSUFFICIENT = "high", "medium", "low", "insufficient"
RISK, PROTECTIVE = "risk", "protective"


@dataclass(frozen=True)
class Item:
    factor: str  # factor code
    group: str  # respondent group of the question's questionnaire
    question: int  # question id
    option: int | None  # option id; None for a scale or number question
    weight: float
    direction: str  # RISK or PROTECTIVE
    label: str  # «Обучающиеся: За последний месяц меня обижали… — часто»
    low: float = 0.0  # the ends of a scale or number question
    high: float = 1.0


@dataclass
class Tally:
    """A school's answers, counted: respondents per group, respondents per question, how many
    chose each option, and the sum of numbers per question."""

    respondents: dict[str, int] = field(default_factory=dict)
    answered: dict[int, int] = field(default_factory=dict)
    chosen: dict[tuple[int, int], int] = field(default_factory=dict)
    totals: dict[int, float] = field(default_factory=dict)


@dataclass(frozen=True)
class ItemResult:
    item: Item
    answered: int
    share: float | None  # share who chose the option / mean mapped to 0…1
    risk: float | None


@dataclass(frozen=True)
class FactorResult:
    factor: str
    score: float | None
    level: str
    items: tuple[ItemResult, ...]
    short_groups: tuple[str, ...]  # groups below the minimum sample

    def as_json(self) -> dict:
        """What the profile page shows under «почему»: stored with the level."""
        return {
            "short_groups": list(self.short_groups),
            "items": [
                {
                    "label": r.item.label,
                    "group": r.item.group,
                    "direction": r.item.direction,
                    "weight": r.item.weight,
                    "answered": r.answered,
                    "share": None if r.share is None else round(r.share, 3),
                    "risk": None if r.risk is None else round(r.risk, 3),
                }
                for r in self.items
            ],
        }


def item_result(item: Item, tally: Tally) -> ItemResult:
    answered = tally.answered.get(item.question, 0)
    if not answered:
        return ItemResult(item, 0, None, None)
    if item.option is not None:
        share = tally.chosen.get((item.question, item.option), 0) / answered
    else:
        mean = tally.totals.get(item.question, 0.0) / answered
        span = item.high - item.low
        share = min(max((mean - item.low) / span, 0.0), 1.0) if span > 0 else 0.0
    risk = share if item.direction == RISK else 1.0 - share
    return ItemResult(item, answered, share, risk)


def level_of(score: float, *, high_from: float, medium_from: float) -> str:
    if score >= high_from:
        return HIGH
    if score >= medium_from:
        return MEDIUM
    return LOW


def score_factor(
    code: str,
    items: Iterable[Item],
    tally: Tally,
    *,
    minimum: Mapping[str, int],
    high_from: float,
    medium_from: float,
) -> FactorResult:
    results = tuple(item_result(item, tally) for item in items)
    groups = dict.fromkeys(r.item.group for r in results)
    short = tuple(g for g in groups if tally.respondents.get(g, 0) < max(minimum.get(g, 1), 1))
    counted = [r for r in results if r.risk is not None and r.item.weight > 0]
    weights = sum(r.item.weight for r in counted)
    if short or not counted or weights <= 0:
        return FactorResult(code, None, INSUFFICIENT, results, short)
    # The level follows the score as shown (one decimal), so 35,0 on the page is never «низкий» at 35.
    score = round(100.0 * sum(r.item.weight * r.risk for r in counted) / weights, 1)
    return FactorResult(code, score, level_of(score, high_from=high_from, medium_from=medium_from), results, short)


def score_profile(
    codes: Iterable[str],
    items: Iterable[Item],
    tally: Tally,
    *,
    minimum: Mapping[str, int],
    high_from: float,
    medium_from: float,
) -> dict[str, FactorResult]:
    """Every factor of the catalogue, including those with no items (insufficient data)."""
    by_factor: dict[str, list[Item]] = {}
    for item in items:
        by_factor.setdefault(item.factor, []).append(item)
    return {
        code: score_factor(
            code, by_factor.get(code, ()), tally, minimum=minimum, high_from=high_from, medium_from=medium_from
        )
        for code in codes
    }
