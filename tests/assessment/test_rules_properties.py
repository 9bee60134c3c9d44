"""Properties of the identification rule, checked on generated results with hypothesis."""

import random
from decimal import Decimal
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opora.assessment.rules import ResultRow, RuleParams, identify_schools

N = 2023
CODES = ["vpr5_ru", "vpr5_ma", "oge_ru", "oge_ma"]
LOGINS = [f"sch42000{i}" for i in range(6)]
SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

counted = st.integers(0, 40).flatmap(lambda p: st.tuples(st.just(p), st.integers(0, p), st.none()))
shared = st.tuples(st.one_of(st.none(), st.integers(0, 40)), st.none(), st.decimals(0, 100, places=1).map(str))
missing = st.tuples(st.sampled_from([None, "-", "0"]), st.sampled_from([None, "н/д"]), st.sampled_from([None, "—"]))
measurements = st.one_of(counted, shared, missing)
results = st.dictionaries(
    st.tuples(st.sampled_from(LOGINS), st.sampled_from([N - 2, N - 1, N]), st.sampled_from(CODES)),
    measurements,
    max_size=40,
)
rules = st.builds(
    RuleParams,
    threshold=st.sampled_from([30, 25, 50, Decimal("33.3")]),
    min_participants=st.integers(1, 5),
    consecutive=st.sampled_from(["same", "any"]),
    combine=st.sampled_from(["or", "and"]),
)


def to_rows(data) -> list[ResultRow]:
    return [
        ResultRow(login, f"Школа {login}", "Северный МО", year, code, p, c, s)
        for (login, year, code), (p, c, s) in data.items()
    ]


def value(x) -> Fraction | None:
    if x is None or x in ("-", "—", "н/д"):
        return None
    return Fraction(Decimal(str(x)))


def reference(data, year: int, params: RuleParams) -> dict[str, dict]:
    """The rule as the order text states it, in plain Python with exact fractions."""
    threshold = Fraction(params.threshold)
    markers: dict[str, dict[int, set[str]]] = {}
    for (login, y, code), (p, c, s) in data.items():
        p, c, s = value(p), value(c), value(s)
        if y not in (year - 1, year) or (p is not None and (p == 0 or p < params.min_participants)):
            continue
        if c is not None and p is not None:
            marker = c * 100 / p >= threshold
        else:
            marker = s is not None and s >= threshold
        if marker:
            markers.setdefault(login, {}).setdefault(y, set()).add(code)
    listed = {}
    for login, by_year in markers.items():
        now, before = by_year.get(year, set()), by_year.get(year - 1, set())
        first = len(now) >= 2
        second = bool(now & before) if params.consecutive == "same" else bool(now and before)
        if (first or second) if params.combine == "or" else (first and second):
            listed[login] = {
                "markers": {str(y): sorted(codes) for y, codes in sorted(by_year.items())},
                "criteria": {"two_or_more_procedures": first, "consecutive_years": second},
            }
    return listed


@SETTINGS
@given(results, rules)
def test_identification_agrees_with_a_plain_reading_of_the_rule(data, params):
    result = identify_schools(to_rows(data), N, params)
    got = {s["login"]: {"markers": s["markers"], "criteria": s["criteria"]} for s in result.as_dict()["identified"]}
    assert got == reference(data, N, params)


@SETTINGS
@given(results, rules, st.sampled_from([*LOGINS, "sch999999"]), st.sampled_from([N - 1, N]), st.data())
def test_adding_a_result_below_the_threshold_never_changes_the_list(data, params, login, year, draw):
    free = [code for code in CODES if (login, year, code) not in data]
    if not free:
        return
    code = draw.draw(st.sampled_from(free))
    participants = draw.draw(st.integers(1, 60))
    threshold = Fraction(params.threshold)
    low = draw.draw(st.integers(0, participants).filter(lambda c: c * 100 < threshold * participants))
    before = identify_schools(to_rows(data), N, params).as_dict()["identified"]
    after = identify_schools(to_rows({**data, (login, year, code): (participants, low, None)}), N, params)
    assert after.as_dict()["identified"] == before


@SETTINGS
@given(results, rules, st.randoms(use_true_random=False))
def test_the_order_of_rows_never_changes_the_result(data, params, rnd: random.Random):
    rows = to_rows(data)
    shuffled = rows[:]
    rnd.shuffle(shuffled)
    first, second = identify_schools(rows, N, params), identify_schools(shuffled, N, params)
    assert first.as_dict() == second.as_dict()
    assert first.risk_zone == second.risk_zone


@SETTINGS
@given(st.integers(1, 2000).flatmap(lambda p: st.tuples(st.just(p), st.integers(0, p))), st.integers(1, 100))
def test_the_marker_is_exact_at_the_boundary_for_any_count(counts, threshold):
    participants, low = counts
    rows = [ResultRow("a", "Школа", "МО", N, code, participants, low) for code in ("oge_ma", "oge_ru")]
    result = identify_schools(rows, N, RuleParams(threshold=threshold))
    assert bool(result.identified) == (low * 100 >= threshold * participants)
