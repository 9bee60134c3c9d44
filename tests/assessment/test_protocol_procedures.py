"""Procedure names as ФИС ОКО and regional protocol folders write them (issue 12)."""

import pytest

from opora.assessment.procedures import parse_procedure


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Проведение работы по русскому языку, 5 класс. ВПР 2021", "vpr5_ru"),
        ("Проведение работы по математике, 4 класс. ВПР 2020", "vpr4_ma"),
        ("ВПР РУ 5 (по программе 4 класса)", "vpr4_ru"),  # the procedure is named by the work
        ("ВПР МА 6 по программе 5 класса", "vpr5_ma"),
        ("ВПР 5 кл. рус.яз.", "vpr5_ru"),
        ("ВПР 7 кл. англ. яз.", "vpr7_en"),
    ],
)
def test_fis_oko_wordings_are_recognised(text, code):
    assert parse_procedure(text) == code


@pytest.mark.parametrize("text", ["ВПР 5 РУ 2019", "Проведение работы по пению, 5 класс. ВПР 2021"])
def test_a_year_outside_the_fis_oko_wording_or_an_unknown_subject_is_not_guessed(text):
    assert parse_procedure(text) is None
