"""The scoring rule, without a database: shares, directions, weights, thresholds, minimum samples."""

import pytest

from opora.diagnostics.scoring import (
    HIGH,
    INSUFFICIENT,
    LOW,
    MEDIUM,
    PROTECTIVE,
    RISK,
    Item,
    Tally,
    level_of,
    score_factor,
    score_profile,
)

BULLYING = Item("f07", "pupils", question=1, option=11, weight=2, direction=RISK, label="травля — часто")
SAFE = Item("f07", "pupils", question=2, option=None, weight=1, direction=PROTECTIVE, label="безопасно", low=1, high=5)
STAFF = Item("f07", "teachers", question=3, option=31, weight=1, direction=RISK, label="коллектив — конфликтный")
MINIMUM = {"pupils": 10, "teachers": 3}


def tally(pupils=20, teachers=5):
    return Tally(
        respondents={"pupils": pupils, "teachers": teachers},
        answered={1: pupils, 2: pupils, 3: teachers},
        # 5 of 20 pupils bullied often (0.25); mean safety 2.0 of 1…5 → 0.25 → risk 0.75; 1 of 5 teachers: 0.2
        chosen={(1, 11): pupils // 4, (3, 31): 1},
        totals={2: 2.0 * pupils},
    )


def test_a_factor_draws_on_pupils_and_teachers_with_weights_and_directions():
    result = score_factor("f07", [BULLYING, SAFE, STAFF], tally(), minimum=MINIMUM, high_from=60, medium_from=35)
    shares = {r.item.label: (r.share, r.risk) for r in result.items}
    assert shares["травля — часто"] == (0.25, 0.25)
    assert shares["безопасно"] == (0.25, 0.75)
    assert shares["коллектив — конфликтный"] == (0.2, 0.2)
    assert result.score == round(100 * (2 * 0.25 + 0.75 + 0.2) / 4, 1)  # 36.25 shown as 36,2
    assert result.level == MEDIUM


def test_a_group_below_the_minimum_makes_the_factor_insufficient_never_a_guess():
    result = score_factor("f07", [BULLYING, STAFF], tally(teachers=2), minimum=MINIMUM, high_from=60, medium_from=35)
    assert (result.level, result.score, result.short_groups) == (INSUFFICIENT, None, ("teachers",))


def test_a_factor_without_items_or_answers_is_insufficient():
    results = score_profile(["f07", "f01"], [BULLYING], tally(), minimum=MINIMUM, high_from=60, medium_from=35)
    assert results["f01"].level == INSUFFICIENT and results["f01"].items == ()
    empty = Tally(respondents={"pupils": 30})
    assert score_factor("f07", [BULLYING], empty, minimum=MINIMUM, high_from=60, medium_from=35).level == INSUFFICIENT


@pytest.mark.parametrize(("score", "level"), [(60, HIGH), (59.9, MEDIUM), (35, MEDIUM), (34.9, LOW), (0, LOW)])
def test_thresholds_are_inclusive_from_below(score, level):
    assert level_of(score, high_from=60, medium_from=35) == level


def test_numbers_outside_the_range_are_clamped_to_it():
    share = Item("f11", "self", question=7, option=None, weight=1, direction=RISK, label="ОВЗ", low=0, high=20)
    t = Tally(respondents={"self": 1}, answered={7: 1}, totals={7: 35.0})
    result = score_factor("f11", [share], t, minimum={}, high_from=60, medium_from=35)
    assert (result.score, result.level) == (100.0, HIGH)
