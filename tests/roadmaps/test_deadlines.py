"""Deadlines as officials write them, read into dates.

Every distinct deadline of the three fixture roadmaps is here with its dates worked out by hand
from the document, plus the other forms the parser promises, plus property tests."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opora.roadmaps.calendar_words import is_recurrence
from opora.roadmaps.deadlines import parse_deadline


def d(text: str) -> date:
    return date.fromisoformat(text)


# (deadline as written, start, end) — Карпинск, roadmap for 2022.
KARPINSK = [
    ("январь 2022", "2022-01-01", "2022-01-31"),
    ("февраль – март 2022", "2022-02-01", "2022-03-31"),
    ("март 2022", "2022-03-01", "2022-03-31"),
    ("до 1 марта 2022", "2022-01-01", "2022-03-01"),
    ("до 5 марта 2022", "2022-01-01", "2022-03-05"),
    ("21марта – 31 марта 2022", "2022-03-21", "2022-03-31"),
    ("до 1апреля 2022", "2022-01-01", "2022-04-01"),
    ("апрель-май 2022", "2022-04-01", "2022-05-31"),
    ("февраль –май 2022", "2022-02-01", "2022-05-31"),
    ("25 апреля – 1 июня 2022", "2022-04-25", "2022-06-01"),
    ("30 мая – 13 июня 2022", "2022-05-30", "2022-06-13"),
    ("август –ноябрь 2022", "2022-08-01", "2022-11-30"),
    ("сентябрь 2022", "2022-09-01", "2022-09-30"),
    ("декабрь2022", "2022-12-01", "2022-12-31"),
    ("февраль 2022", "2022-02-01", "2022-02-28"),
    ("1 - 4 квартал 2022", "2022-01-01", "2022-12-31"),
    ("март - апрель 2022", "2022-03-01", "2022-04-30"),
    ("август 2022", "2022-08-01", "2022-08-31"),
    ("ноябрь - декабрь 2022", "2022-11-01", "2022-12-31"),
    ("декабрь 2022", "2022-12-01", "2022-12-31"),
    ("1-4 кварталы 2022", "2022-01-01", "2022-12-31"),
    ("февраль-март 2022", "2022-02-01", "2022-03-31"),
    ("1 – 2 квартал 2022", "2022-01-01", "2022-06-30"),
    ("июнь-июль2022", "2022-06-01", "2022-07-31"),
    ("ноябрь-декабрь2022", "2022-11-01", "2022-12-31"),
    ("июнь 2022", "2022-06-01", "2022-06-30"),
    ("ноябрь2022", "2022-11-01", "2022-11-30"),
    ("4 квартал 2022", "2022-10-01", "2022-12-31"),
    ("3 – 4 квартал 2022", "2022-07-01", "2022-12-31"),
    ("2 квартал 2022", "2022-04-01", "2022-06-30"),
    ("4 квартал", "2022-10-01", "2022-12-31"),
]

# Акша, roadmap for 2022: most deadlines carry no year at all.
AKSHA = [
    ("03-15 февраля", "2022-02-03", "2022-02-15"),
    ("Февраль-декабрь", "2022-02-01", "2022-12-31"),
    ("10-30 марта", "2022-03-10", "2022-03-30"),
    ("25-30 марта", "2022-03-25", "2022-03-30"),
    ("март", "2022-03-01", "2022-03-31"),
    ("апрель", "2022-04-01", "2022-04-30"),
    ("20-30 апрель", "2022-04-20", "2022-04-30"),
    ("1-10 июня", "2022-06-01", "2022-06-10"),
    ("1-20 июня", "2022-06-01", "2022-06-20"),
    ("15-20 июня", "2022-06-15", "2022-06-20"),
    ("20-30 июня", "2022-06-20", "2022-06-30"),
    ("1-15 июня", "2022-06-01", "2022-06-15"),
    ("Август-декабрь", "2022-08-01", "2022-12-31"),
    ("Август", "2022-08-01", "2022-08-31"),
    ("сентябрь", "2022-09-01", "2022-09-30"),
    ("В течении года", "2022-01-01", "2022-12-31"),
    ("10-20 декабря", "2022-12-10", "2022-12-20"),
    ("25-30 декабря", "2022-12-25", "2022-12-30"),
    ("15-20 декабря", "2022-12-15", "2022-12-20"),
    ("10-30 декабря", "2022-12-10", "2022-12-30"),
    ("декабрь", "2022-12-01", "2022-12-31"),
    ("20-30декабря", "2022-12-20", "2022-12-30"),
]

# Ленинск-Кузнецкий, roadmap «на 2020-2021 годы»: a school year from September 2020.
LENINSK = [
    ("Ноябрь 2020 года", "2020-11-01", "2020-11-30"),
    ("Декабрь 2020 года", "2020-12-01", "2020-12-31"),
    ("Декабрь - январь 2020 – 2021 год", "2020-12-01", "2021-01-31"),
    ("В течение учебного года", "2020-09-01", "2021-05-31"),
    ("Январь 2021 года", "2021-01-01", "2021-01-31"),
    ("Ноябрь - декабрь 2020 года", "2020-11-01", "2020-12-31"),
    ("Апрель 2021", "2021-04-01", "2021-04-30"),
    ("в соответствии с графиком проведения в 2020-2021 учебном году", "2020-09-01", "2021-05-31"),
    ("Июнь 2021", "2021-06-01", "2021-06-30"),
    ("Июнь-июль 2020 года", "2020-06-01", "2020-07-31"),
    ("Июль-август 2021 год", "2021-07-01", "2021-08-31"),
]


@pytest.mark.parametrize(("text", "start", "end"), KARPINSK, ids=[row[0] for row in KARPINSK])
def test_every_karpinsk_deadline_reads_as_its_dates(text, start, end):
    deadline = parse_deadline(text, 2022)
    assert (deadline.start, deadline.end) == (d(start), d(end))
    assert deadline.warnings == ()
    assert deadline.text == text


@pytest.mark.parametrize(("text", "start", "end"), AKSHA, ids=[row[0] for row in AKSHA])
def test_every_aksha_deadline_without_a_year_takes_the_roadmap_year(text, start, end):
    deadline = parse_deadline(text, 2022)
    assert (deadline.start, deadline.end) == (d(start), d(end))
    assert deadline.warnings == ()


@pytest.mark.parametrize(("text", "start", "end"), LENINSK, ids=[row[0] for row in LENINSK])
def test_every_leninsk_deadline_reads_within_the_school_year_roadmap(text, start, end):
    deadline = parse_deadline(text, 2020, school_year=True)
    assert (deadline.start, deadline.end) == (d(start), d(end))
    assert deadline.warnings == ()


def test_a_chain_of_three_months_is_a_list_of_months_not_one_range():
    deadline = parse_deadline("Март-май-июнь", 2022)
    assert (deadline.start, deadline.end) == (d("2022-03-01"), d("2022-06-30"))
    assert deadline.periods == (
        (d("2022-03-01"), d("2022-03-31")),
        (d("2022-05-01"), d("2022-05-31")),
        (d("2022-06-01"), d("2022-06-30")),
    )


def test_a_month_and_the_whole_school_year_give_both_periods():
    deadline = parse_deadline("Ноябрь 2020 года, в течение учебного года", 2020, school_year=True)
    assert (deadline.start, deadline.end) == (d("2020-09-01"), d("2021-05-31"))
    assert deadline.periods == ((d("2020-11-01"), d("2020-11-30")), (d("2020-09-01"), d("2021-05-31")))


def test_a_garbled_deadline_keeps_what_it_can_read_and_names_what_it_cannot():
    # Акша, item 9: «20-30 мая  10.06.2021 21,» — a stray «21,» and a date from the year before.
    deadline = parse_deadline("20-30 мая  10.06.2021 21,", 2022)
    assert deadline.periods == ((d("2022-05-20"), d("2022-05-30")), (d("2021-06-10"), d("2021-06-10")))
    assert (deadline.start, deadline.end) == (d("2021-06-10"), d("2022-05-30"))
    assert any("«21»" in warning for warning in deadline.warnings)


@pytest.mark.parametrize(
    ("text", "recurrence"),
    [
        ("1 раз в четверть", "quarterly"),
        ("Каждую неделю: среда, четверг, пятница (", "weekly:wed,thu,fri"),
        ("Каждую неделю: среда, четверг, пятница", "weekly:wed,thu,fri"),
        ("Не реже 1 раза в 3-4 недели", "every 3-4 weeks"),
        ("ежемесячно", "monthly"),
        ("еженедельно", "weekly"),
        ("ежеквартально", "quarterly"),
        ("ежегодно", "yearly"),
        ("2 раза в месяц", "2 per month"),
        ("1 раз в 2 недели", "every 2 weeks"),
        ("по средам", "weekly:wed"),
    ],
)
def test_a_recurrence_with_no_period_spans_the_roadmap_year(text, recurrence):
    deadline = parse_deadline(text, 2022)
    assert deadline.recurrence == recurrence
    assert is_recurrence(recurrence)
    assert (deadline.start, deadline.end) == (d("2022-01-01"), d("2022-12-31"))
    assert deadline.warnings == ()


def test_a_recurrence_in_a_school_year_roadmap_spans_september_to_august():
    deadline = parse_deadline("ежемесячно", 2020, school_year=True)
    assert (deadline.start, deadline.end) == (d("2020-09-01"), d("2021-08-31"))


def test_a_recurrence_with_months_in_brackets_spans_those_months():
    deadline = parse_deadline("1 раз в месяц (сентябрь-декабрь)", 2022)
    assert deadline.recurrence == "monthly"
    assert (deadline.start, deadline.end) == (d("2022-09-01"), d("2022-12-31"))


@pytest.mark.parametrize("text", ["по отдельному графику", "По графику ИРО", "По графику школы", "по согласованию"])
def test_a_schedule_elsewhere_gives_no_dates_and_no_warning(text):
    deadline = parse_deadline(text, 2022)
    assert (deadline.start, deadline.end, deadline.recurrence) == (None, None, None)
    assert deadline.warnings == ()


def test_a_schedule_with_dates_beside_it_takes_the_dates():
    deadline = parse_deadline("по отдельному графику, март – апрель 2022", 2022)
    assert (deadline.start, deadline.end) == (d("2022-03-01"), d("2022-04-30"))


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("15.12.2021", "2021-12-15", "2021-12-15"),
        ("16.02.2022 – 01.03.2022", "2022-02-16", "2022-03-01"),
        ("Декабрь 2023-январь 2024", "2023-12-01", "2024-01-31"),
        ("декабрь – январь", "2022-12-01", "2023-01-31"),
        ("2024 год", "2024-01-01", "2024-12-31"),
        ("2020-2021 учебный год", "2020-09-01", "2021-05-31"),
        ("в марте", "2022-03-01", "2022-03-31"),
        ("марте 2022 г.", "2022-03-01", "2022-03-31"),
        ("МАРТА 2022", "2022-03-01", "2022-03-31"),
        ("март 2022 (по согласованию с ИРО)", "2022-03-01", "2022-03-31"),
        ("с 1 по 15 марта", "2022-03-01", "2022-03-15"),
        ("IV квартал 2022 г.", "2022-10-01", "2022-12-31"),
        ("2 полугодие", "2022-07-01", "2022-12-31"),
        ("до конца марта", "2022-01-01", "2022-03-31"),
        ("до марта 2022", "2022-01-01", "2022-02-28"),
        ("не позднее 15.04.2022", "2022-01-01", "2022-04-15"),
        ("с 1 сентября", "2022-09-01", "2022-12-31"),
        ("до 28.12.2022 года", "2022-01-01", "2022-12-28"),
        ("до 5-го марта", "2022-01-01", "2022-03-05"),
    ],
)
def test_other_common_forms_read_as_expected(text, start, end):
    deadline = parse_deadline(text, 2022)
    assert (deadline.start, deadline.end) == (d(start), d(end))
    assert deadline.warnings == ()


def test_a_list_of_months_spans_them_and_lists_each_month():
    deadline = parse_deadline("апрель, август, октябрь 2022 г.", 2022)
    assert (deadline.start, deadline.end) == (d("2022-04-01"), d("2022-10-31"))
    assert deadline.periods == (
        (d("2022-04-01"), d("2022-04-30")),
        (d("2022-08-01"), d("2022-08-31")),
        (d("2022-10-01"), d("2022-10-31")),
    )


def test_until_a_date_starts_with_the_roadmap_period():
    assert parse_deadline("до 5 марта 2022", 2022).start == d("2022-01-01")
    assert parse_deadline("до 5 марта 2021", 2020, school_year=True).start == d("2020-09-01")


def test_a_school_year_roadmap_puts_autumn_in_the_first_year_and_spring_in_the_second():
    assert parse_deadline("ноябрь", 2020, school_year=True).start == d("2020-11-01")
    assert parse_deadline("март", 2020, school_year=True).start == d("2021-03-01")


def test_the_school_year_of_a_calendar_roadmap_is_named_in_a_warning():
    deadline = parse_deadline("в течение учебного года", 2022)
    assert (deadline.start, deadline.end) == (d("2021-09-01"), d("2022-05-31"))
    assert deadline.warnings


def test_a_single_period_has_no_separate_periods_and_the_text_is_kept():
    deadline = parse_deadline("  февраль – март 2022 ", 2022)
    assert deadline.periods == ()
    assert deadline.text == "февраль – март 2022"


@pytest.mark.parametrize("text", ["когда-нибудь", "по мере сил", "в срок", "ХХ.ХХ.ХХХХ"])
def test_an_unreadable_deadline_gives_no_dates_and_a_warning(text):
    deadline = parse_deadline(text, 2022)
    assert (deadline.start, deadline.end) == (None, None)
    assert deadline.warnings


def test_an_empty_deadline_is_neither_dates_nor_a_warning():
    for text in ("", "   ", "—"):
        deadline = parse_deadline(text, 2022)
        assert (deadline.start, deadline.end, deadline.warnings) == (None, None, ())


def test_a_range_written_back_to_front_is_turned_round_with_a_warning():
    deadline = parse_deadline("15.03.2022 - 01.03.2022", 2022)
    assert (deadline.start, deadline.end) == (d("2022-03-01"), d("2022-03-15"))
    assert deadline.warnings


def test_an_impossible_day_is_clamped_with_a_warning():
    deadline = parse_deadline("30 февраля 2022", 2022)
    assert deadline.end == d("2022-02-28")
    assert deadline.warnings


def test_without_a_roadmap_year_a_yearless_month_gives_no_dates_and_a_warning():
    deadline = parse_deadline("март", None)
    assert (deadline.start, deadline.end) == (None, None)
    assert deadline.warnings
    assert parse_deadline("март 2022", None).start == d("2022-03-01")


# -- properties --------------------------------------------------------------------------------

WORDS = [
    "январь", "марта", "марте", "май", "мая", "июнь", "августа", "декабрь", "декабря", "сентябрь",
    "1", "3", "4", "10", "15", "30", "31", "2020", "2021", "2022", "2023", "-", "–", ",", "(", ")",
    "до", "с", "по", "в", "течение", "учебного", "года", "год", "квартал", "кварталы", "полугодие",
    "раз", "раза", "в", "неделю", "месяц", "четверть", "недели", "ежемесячно", "каждую", "среда",
    "пятница", "графику", "отдельному", "не", "реже", "15.03.2022", "01.09", "конец", "середина",
    "начало", "iv", "г.", "учебный", "2020-2021", "30.02.2022", "00.13.2022",
]  # fmt: skip

deadline_texts = st.one_of(st.text(max_size=80), st.lists(st.sampled_from(WORDS), max_size=10).map(" ".join))


def _assert_sane(deadline, text):
    assert (deadline.start is None) == (deadline.end is None)
    if deadline.start is not None:
        assert deadline.start <= deadline.end
    for start, end in deadline.periods:
        assert deadline.start <= start <= end <= deadline.end
    assert deadline.recurrence is None or is_recurrence(deadline.recurrence)
    assert deadline.text == text.strip()


@settings(max_examples=400, deadline=None)
@given(text=deadline_texts, year=st.integers(2000, 2090), school=st.booleans())
def test_the_parser_never_crashes_and_never_ends_before_it_starts(text, year, school):
    _assert_sane(parse_deadline(text, year, school_year=school), text)


@settings(max_examples=100, deadline=None)
@given(text=deadline_texts)
def test_without_a_year_the_parser_still_never_crashes(text):
    _assert_sane(parse_deadline(text, None), text)
