from decimal import Decimal
from fractions import Fraction

import pytest

from opora.assessment.rules import (
    IdentificationResult,
    ResultRow,
    RuleParams,
    identify_frame,
    identify_schools,
    rows_to_frame,
)

N = 2023


def r(login, year, procedure, participants=None, low_count=None, low_share=None, *, name=None):
    return ResultRow(
        login=login,
        name=name or f"МБОУ «СОШ {login}»",
        municipality="Северный МО",
        year=year,
        procedure=procedure,
        participants=participants,
        low_count=low_count,
        low_share=low_share,
    )


def listed(result: IdentificationResult) -> list[str]:
    return [s.login for s in result.identified]


def has_marker(row: ResultRow, params: RuleParams | None = None) -> bool:
    """One result as the only evidence: doubled into two procedures, the school is listed iff it is a marker."""
    twin = ResultRow(**{**row.__dict__, "procedure": "oge_ma"})
    return listed(identify_schools([row, twin], row.year, params)) == [row.login]


# --- the marker ---------------------------------------------------------------------------------


def test_three_of_ten_is_a_marker_at_thirty_percent():
    assert has_marker(r("a", N, "vpr5_ru", 10, 3))


def test_two_of_seven_is_not_a_marker_at_twenty_eight_and_a_half_percent():
    assert not has_marker(r("a", N, "vpr5_ru", 7, 2))


def test_a_stated_share_of_thirty_is_a_marker_and_twenty_nine_ninety_nine_is_not():
    assert has_marker(r("a", N, "vpr5_ru", 40, None, "30"))
    assert has_marker(r("a", N, "vpr5_ru", 40, None, "30,0 %"))
    assert not has_marker(r("a", N, "vpr5_ru", 40, None, "29,99"))


def test_the_count_decides_when_count_and_share_disagree():
    assert not has_marker(r("a", N, "vpr5_ru", 10, 2, "45"))
    assert has_marker(r("a", N, "vpr5_ru", 10, 3, "10"))


def test_a_disagreeing_share_is_reported_as_a_warning():
    result = identify_schools([r("a", N, "vpr5_ru", 10, 2, "45"), r("a", N - 1, "vpr5_ru", 10, 1)], N)
    assert any("не согласуется" in w and "a, ВПР 5 РУ, 2023" in w for w in result.warnings)


def test_a_share_rounded_the_usual_way_is_not_reported():
    result = identify_schools([r("a", N, "vpr5_ru", 3, 1, "33,3"), r("a", N - 1, "vpr5_ru", 3, 1, "33")], N)
    assert result.warnings == []


def test_the_share_decides_when_the_number_of_participants_is_unknown():
    assert has_marker(r("a", N, "vpr5_ru", None, None, "31"))
    assert not has_marker(r("a", N, "vpr5_ru", None, 9, "12"))


@pytest.mark.parametrize("missing", [None, "", "-", "—", "н/д"])
def test_missing_data_is_never_a_marker(missing):
    assert not has_marker(r("a", N, "vpr5_ru", missing, missing, missing))
    assert not has_marker(r("a", N, "vpr5_ru", 10, missing, missing))


def test_zero_participants_is_never_a_marker_whatever_the_share_says():
    assert not has_marker(r("a", N, "vpr5_ru", 0, None, "100"))
    assert not has_marker(r("a", N, "vpr5_ru", 0, 0, None))


def test_fewer_participants_than_the_minimum_give_no_marker():
    params = RuleParams(min_participants=5)
    assert not has_marker(r("a", N, "vpr5_ru", 4, 4), params)
    assert has_marker(r("a", N, "vpr5_ru", 5, 2), params)


def test_a_fractional_threshold_is_compared_exactly():
    # 1 of 3 is 33.33…%: a marker at 33.3, not at 33.34.
    assert has_marker(r("a", N, "vpr5_ru", 3, 1), RuleParams(threshold=Decimal("33.3")))
    assert not has_marker(r("a", N, "vpr5_ru", 3, 1), RuleParams(threshold=Decimal("33.34")))


# --- the two criteria ---------------------------------------------------------------------------


def test_markers_in_two_procedures_in_year_n_list_the_school():
    result = identify_schools([r("a", N, "vpr5_ru", 10, 3), r("a", N, "oge_ma", 10, 5)], N)
    (school,) = result.identified
    assert school.markers == {N: ["oge_ma", "vpr5_ru"]}
    assert school.criteria == {"two_or_more_procedures": True, "consecutive_years": False}


def test_markers_in_two_procedures_in_year_n_minus_one_alone_do_not_list_the_school():
    result = identify_schools([r("a", N - 1, "vpr5_ru", 10, 3), r("a", N - 1, "oge_ma", 10, 5)], N)
    assert listed(result) == []


def test_the_same_procedure_in_two_consecutive_years_lists_the_school():
    result = identify_schools([r("a", N - 1, "oge_ma", 10, 4), r("a", N, "oge_ma", 12, 4)], N)
    (school,) = result.identified
    assert school.markers == {N - 1: ["oge_ma"], N: ["oge_ma"]}
    assert school.criteria == {"two_or_more_procedures": False, "consecutive_years": True}


def test_different_procedures_in_consecutive_years_count_only_when_any_procedure_is_allowed():
    rows = [r("a", N - 1, "oge_ru", 15, 6), r("a", N, "vpr5_ma", 25, 10)]
    assert listed(identify_schools(rows, N, RuleParams(consecutive="same"))) == []
    assert listed(identify_schools(rows, N, RuleParams(consecutive="any"))) == ["a"]


def test_markers_two_and_three_years_ago_are_not_consecutive_with_year_n():
    rows = [r("a", N - 2, "oge_ma", 10, 4), r("a", N, "oge_ma", 10, 4)]
    assert listed(identify_schools(rows, N)) == []


def test_combine_and_needs_both_criteria():
    both = [r("a", N - 1, "oge_ma", 10, 4), r("a", N, "oge_ma", 10, 4), r("a", N, "vpr5_ru", 10, 4)]
    only_first = [r("b", N, "oge_ma", 10, 4), r("b", N, "vpr5_ru", 10, 4)]
    only_second = [r("c", N - 1, "oge_ma", 10, 4), r("c", N, "oge_ma", 10, 4)]
    rows = both + only_first + only_second
    assert listed(identify_schools(rows, N, RuleParams(combine="or"))) == ["a", "b", "c"]
    assert listed(identify_schools(rows, N, RuleParams(combine="and"))) == ["a"]


# --- the list -----------------------------------------------------------------------------------


def test_the_list_is_sorted_by_login_and_schools_checked_count_years_n_and_n_minus_one_only():
    rows = [
        r("sch3", N, "oge_ma", 10, 4), r("sch3", N, "oge_ru", 10, 4),
        r("sch1", N, "oge_ma", 10, 4), r("sch1", N, "oge_ru", 10, 4),
        r("sch2", N - 1, "oge_ma", 10, 1),
        r("sch9", N - 2, "oge_ma", 10, 9), r("sch9", N - 2, "oge_ru", 10, 9),
    ]  # fmt: skip
    result = identify_schools(rows, N)
    assert listed(result) == ["sch1", "sch3"]
    assert result.schools_checked == 3


def test_the_name_of_a_renamed_school_is_taken_from_year_n():
    rows = [
        r("a", N - 1, "oge_ma", 10, 4, name="МБОУ «ООШ № 3»"),
        r("a", N, "oge_ma", 10, 4, name="МБОУ «СОШ № 3»"),
    ]
    assert identify_schools(rows, N).identified[0].name == "МБОУ «СОШ № 3»"


def test_the_json_shape_prints_an_integral_threshold_as_an_integer():
    result = identify_schools([r("a", N, "oge_ma", 10, 4), r("a", N, "oge_ru", 10, 4)], N)
    data = result.as_dict()
    assert data["rule"] == {"threshold": 30, "min_participants": 1, "consecutive": "same", "combine": "or"}
    assert data["identified"][0]["markers"] == {"2023": ["oge_ma", "oge_ru"]}
    assert identify_schools([], N, RuleParams(threshold=Decimal("33.5"))).as_dict()["rule"]["threshold"] == 33.5


def test_no_results_for_the_previous_year_are_warned_about():
    result = identify_schools([r("a", N, "oge_ma", 10, 1)], N)
    assert any("2022" in w and "два года подряд" in w for w in result.warnings)


# --- the risk zone ------------------------------------------------------------------------------


def test_a_school_with_one_marker_is_in_the_risk_zone_with_the_reason():
    result = identify_schools([r("a", N, "oge_ma", 10, 4), r("a", N, "oge_ru", 10, 1)], N)
    assert listed(result) == []
    (school,) = result.risk_zone
    assert school.reasons == ["один маркер в 2023 году: ОГЭ МА"]


def test_a_share_within_five_points_below_the_threshold_puts_the_school_in_the_risk_zone():
    rows = [r("a", N, "vpr5_ru", 100, 25), r("b", N, "vpr5_ru", 1000, 249), r("c", N - 1, "vpr5_ru", 100, 29)]
    result = identify_schools(rows, N)
    assert [s.login for s in result.risk_zone] == ["a"]
    assert result.risk_zone[0].near == {"vpr5_ru": 25.0}
    assert "ВПР 5 РУ: доля «2» 25 % — не более 5 п. п. до порога 30 %" in result.risk_zone[0].reasons


def test_listed_schools_are_not_in_the_risk_zone():
    rows = [r("a", N, "vpr5_ru", 10, 3), r("a", N, "oge_ma", 10, 5), r("a", N, "oge_ru", 100, 28)]
    result = identify_schools(rows, N)
    assert listed(result) == ["a"]
    assert result.risk_zone == []


# --- parameters ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"threshold": 0}, "Порог"),
        ({"threshold": 101}, "Порог"),
        ({"threshold": "много"}, "ожидается число"),
        ({"min_participants": 0}, "участников"),
        ({"consecutive": "both"}, "два года подряд"),
        ({"combine": "xor"}, "Сочетание"),
    ],
)
def test_impossible_rule_parameters_are_refused_in_russian(kwargs, words):
    with pytest.raises(ValueError, match=words):
        RuleParams(**kwargs)


def test_the_threshold_accepts_a_decimal_comma():
    assert RuleParams(threshold="33,3").threshold == Decimal("33.3")
    assert Fraction(RuleParams(threshold="33,3").threshold) == Fraction(333, 10)


def test_skipping_the_risk_zone_leaves_the_list_and_warnings_unchanged():
    rows = [
        r("a", N, "oge_ma", 10, 4),
        r("a", N, "oge_ru", 10, 4),
        r("b", N, "oge_ma", 10, 4),
        r("c", N, "oge_ma", 100, 26),
    ]
    full = identify_schools(rows, N)
    light = identify_frame(rows_to_frame(rows), N, risk_zone=False)
    assert light.as_dict() == full.as_dict()
    assert [s.login for s in full.risk_zone] == ["b", "c"] and light.risk_zone == []


def test_with_both_criteria_required_a_school_meeting_one_is_in_the_risk_zone():
    from opora.assessment.rules import ResultRow, RuleParams, identify_schools

    rows = [
        ResultRow("sch420001", "МБОУ «СОШ № 1»", "Северный", 2025, "vpr5_ru", 10, 3),
        ResultRow("sch420001", "МБОУ «СОШ № 1»", "Северный", 2025, "oge_ma", 10, 4),
    ]
    result = identify_schools(rows, 2025, RuleParams(combine="and"))
    assert result.identified == []
    assert [s.reasons for s in result.risk_zone] == [
        ["выполнен только критерий 1 (маркеры по двум и более процедурам), а нужны оба"]
    ]
