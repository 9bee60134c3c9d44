"""The deadline forms of unseen documents (issue 13): seasons, halves and terms of the school year,
holidays, «до N числа каждого месяца», a year after a comma, comments in brackets (with typos).

Every expected date below was worked out by hand."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opora.roadmaps.calendar_words import blank_brackets
from opora.roadmaps.deadlines import parse_deadline
from opora.roadmaps.parse import deadline_warnings


def d(text: str) -> date:
    return date.fromisoformat(text)


# (text, school-year roadmap?, start, end, recurrence) — the roadmap's year is 2022 (or 2022/2023).
FORMS = [
    ("март-апрель, 2023 г. (по графику)", False, "2023-03-01", "2023-04-30", None),
    ("март – апрель, 2022 г.", False, "2022-03-01", "2022-04-30", None),
    ("летом 2022", False, "2022-06-01", "2022-08-31", None),
    ("летом", True, "2023-06-01", "2023-08-31", None),
    ("в летний период", False, "2022-06-01", "2022-08-31", None),
    ("весной", False, "2022-03-01", "2022-05-31", None),
    ("весной", True, "2023-03-01", "2023-05-31", None),
    ("Весна 2022 года", False, "2022-03-01", "2022-05-31", None),
    ("осенью", False, "2022-09-01", "2022-11-30", None),
    ("осенью", True, "2022-09-01", "2022-11-30", None),
    ("в осенний период", True, "2022-09-01", "2022-11-30", None),
    ("зимой", True, "2022-12-01", "2023-02-28", None),
    ("в течение I полугодия", False, "2022-01-01", "2022-06-30", None),
    ("в течение I полугодия", True, "2022-09-01", "2022-12-31", None),
    ("II полугодие", True, "2023-01-01", "2023-05-31", None),
    ("II полугодие 2022 г.", False, "2022-07-01", "2022-12-31", None),
    ("до 20 числа каждого месяца", False, "2022-01-01", "2022-12-31", "monthly"),
    ("ежемесячно, до 5-го числа", True, "2022-09-01", "2023-08-31", "monthly"),
    ("по итогам четверти", True, "2022-09-01", "2023-08-31", "quarterly"),
    ("по итогам каждой четверти", False, "2022-01-01", "2022-12-31", "quarterly"),
    ("по окончании полугодия", False, "2022-01-01", "2022-12-31", "semiannually"),
    ("в каникулярное время", True, "2022-09-01", "2023-08-31", None),
    ("в период каникул", False, "2022-01-01", "2022-12-31", None),
    ("в период летних каникул", True, "2023-06-01", "2023-08-31", None),
    ("в течение учебного года", True, "2022-09-01", "2023-05-31", None),
    ("2022-2023 учебный год", False, "2022-09-01", "2023-05-31", None),
    ("до конца учебного года", True, "2022-09-01", "2023-05-31", None),
    ("май 2022 (по утверждённому гарфику)", False, "2022-05-01", "2022-05-31", None),
    ("декабрь (по итогам 2021 года)", False, "2022-12-01", "2022-12-31", None),
    ("1 раз в месяц (сентябрь-декабрь)", False, "2022-09-01", "2022-12-31", "monthly"),
    ("ноябрь (приказ № 15 от 03.03.2021)", False, "2022-11-01", "2022-11-30", None),
]


@pytest.mark.parametrize(("text", "school", "start", "end", "recurrence"), FORMS)
def test_a_form_of_unseen_documents_reads_to_its_dates_without_a_warning(text, school, start, end, recurrence):
    deadline = parse_deadline(text, 2022, school_year=school)
    assert (deadline.start, deadline.end, deadline.recurrence) == (d(start), d(end), recurrence)
    assert deadline.warnings == ()


@pytest.mark.parametrize(
    "text", ["(по утверждённому гарфику)", "(по утвержденному грaфику)", "по грфику", "согласно плану"]
)
def test_a_schedule_even_mistyped_is_understood_without_dates(text):
    deadline = parse_deadline(text, 2022)
    assert (deadline.start, deadline.end, deadline.warnings) == (None, None, ())


def test_winter_in_a_calendar_year_roadmap_runs_over_new_year_so_it_warns_instead_of_guessing():
    deadline = parse_deadline("зимой", 2022)
    assert (deadline.start, deadline.end) == (None, None)
    assert deadline.warnings == ("«зимой» захватывает два года — укажите месяцы",)


@pytest.mark.parametrize("text", ["в межсезонье", "по итогам триместра", "на праздниках", "летучка"])
def test_an_unknown_form_is_a_warning_never_a_guess(text):
    deadline = parse_deadline(text, 2022)
    assert (deadline.start, deadline.end) == (None, None)
    assert deadline.warnings


def test_a_deadline_naming_a_year_outside_the_roadmap_period_warns():
    text = "март-апрель, 2023 г. (по графику)"
    deadline = parse_deadline(text, 2022)
    assert deadline_warnings(text, deadline, 2022, False) == [
        "срок «март-апрель, 2023 г. (по графику)» выходит за период дорожной карты (01.01.2022 – 31.12.2022)"
    ]
    summer = parse_deadline("летом 2022", 2022, school_year=True)
    assert deadline_warnings("летом 2022", summer, 2022, True)  # the school year 2022/23 has no summer 2022


def test_the_year_after_a_comma_does_not_join_a_list_of_months_to_a_school_year():
    deadline = parse_deadline("апрель, август, октябрь 2022 г.", 2022)
    assert len(deadline.periods) == 3


# -- properties --------------------------------------------------------------------------------

DATED = [
    "январь 2022", "февраль – март 2022", "до 5 марта 2022", "21 марта – 31 марта 2022", "IV квартал 2022 г.",
    "16.02.2022 – 01.03.2022", "летом 2022", "весной", "апрель, август, октябрь 2022 г.", "2 полугодие",
    "в течение учебного года", "март-апрель, 2022 г.", "ежемесячно, январь – май 2022",
]  # fmt: skip
COMMENT_WORDS = [
    "по", "графику", "гарфику", "утверждённому", "согласованию", "с", "ИРО", "2021", "2023", "года",
    "приказ", "№", "15", "от", "03.03.2021", "декабрь", "итогам", "четверти", "при", "наличии", "средств",
    "летом", "весной", "ежемесячно", "1", "раз", "в", "месяц",
]  # fmt: skip
comments = st.lists(st.sampled_from(COMMENT_WORDS), min_size=1, max_size=6).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(text=st.sampled_from(DATED), comment=comments, school=st.booleans(), before=st.booleans())
def test_a_comment_in_brackets_never_changes_the_dates(text, comment, school, before):
    # (A recurrence alone outside brackets takes its period from them: «1 раз в месяц (сентябрь-декабрь)».)
    plain = parse_deadline(text, 2022, school_year=school)
    written = f"({comment}) {text}" if before else f"{text} ({comment})"
    commented = parse_deadline(written, 2022, school_year=school)
    assert (commented.start, commented.end, commented.periods) == (plain.start, plain.end, plain.periods)


SEASONS = {"весной": (3, 5), "летом": (6, 8), "осенью": (9, 11)}


@settings(max_examples=100, deadline=None)
@given(word=st.sampled_from(sorted(SEASONS)), year=st.integers(2000, 2090), written=st.booleans())
def test_a_season_is_its_three_months_with_no_warning(word, year, written):
    deadline = parse_deadline(f"{word} {year}" if written else word, year)
    first, last = SEASONS[word]
    assert (deadline.start.year, deadline.start.month, deadline.start.day) == (year, first, 1)
    assert (deadline.end.year, deadline.end.month) == (year, last)
    assert deadline.warnings == ()


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="аб(в) )(12", max_size=30))
def test_blanking_brackets_keeps_the_length_and_everything_outside(text):
    blanked = blank_brackets(text)
    assert len(blanked) == len(text)
    assert all(a == b or a == " " for a, b in zip(blanked, text, strict=True))
