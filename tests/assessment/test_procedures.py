import pytest

from opora.assessment.procedures import parse_procedure, procedure_label, procedure_sort_key


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("ВПР 5 РУ", "vpr5_ru"),
        ("ВПР РУ 5", "vpr5_ru"),
        ("ВПР МА 6", "vpr6_ma"),
        ("ВПР по русскому языку (5 класс)", "vpr5_ru"),
        ("впр  5 кл.  математика", "vpr5_ma"),
        ("ВПР 5-й класс, РЯ", "vpr5_ru"),
        ("ВПР окружающий мир 4", "vpr4_om"),
        ("ОГЭ по математике", "oge_ma"),
        ("ОГЭ МА", "oge_ma"),
        ("ОГЭ 9 класс, русский язык", "oge_ru"),
        ("ЕГЭ РУ", "ege_ru"),
        ("ЕГЭ по математике (профильный уровень)", "ege_ma"),
        ("OГЭ РУ", "oge_ru"),  # Latin «O» typed by mistake
        ("vpr5_ru", "vpr5_ru"),
        ("oge_ma", "oge_ma"),
    ],
)
def test_spellings_people_use_map_to_one_code(text, code):
    assert parse_procedure(text) == code


@pytest.mark.parametrize(
    "text",
    ["", "ВПР", "ВПР МА", "ВПР 5 РУ 6", "ВПР 5 химия-биология", "ОГЭ ЕГЭ МА", "ЕГЭ 9 РУ", "Итого", "ВПР 5 РУ 2019"],
)
def test_unknown_or_ambiguous_names_are_not_guessed(text):
    assert parse_procedure(text) is None


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("vpr5_ru", "ВПР 5 РУ"),
        ("vpr6_ma", "ВПР 6 МА"),
        ("oge_ma", "ОГЭ МА"),
        ("ege_ru", "ЕГЭ РУ"),
        ("vpr4_om", "ВПР 4 ОМ"),
    ],
)
def test_codes_have_the_labels_of_order_appendices(code, label):
    assert procedure_label(code) == label
    assert parse_procedure(label) == code


def test_appendix_columns_go_vpr_by_grade_then_oge_then_ege_russian_first():
    codes = ["ege_ma", "oge_ma", "vpr6_ru", "ege_ru", "vpr5_ma", "oge_ru", "vpr5_ru", "vpr6_ma"]
    assert sorted(codes, key=procedure_sort_key) == [
        "vpr5_ru", "vpr5_ma", "vpr6_ru", "vpr6_ma", "oge_ru", "oge_ma", "ege_ru", "ege_ma",
    ]  # fmt: skip
