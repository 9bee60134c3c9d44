"""The pure parts: colours, shares, and the word-overlap suggestions for roadmap items."""

from opora.indicators.compute import colour_of, share
from opora.indicators.suggest import rank, stem, stems


def test_colours_higher_is_better():
    assert colour_of(100, 100) == "green"
    assert colour_of(80, 100) == "yellow"
    assert colour_of(79.9, 100) == "red"
    assert colour_of(50, 100, yellow=50) == "yellow"
    assert colour_of(None, 100) == "" and colour_of(50, None) == ""


def test_colours_lower_is_better():
    assert colour_of(0, 0, lower_is_better=True) == "green"
    assert colour_of(1, 0, lower_is_better=True) == "red"
    assert colour_of(12, 10, lower_is_better=True) == "yellow"  # ≤ 10 / 0,8 = 12,5
    assert colour_of(13, 10, lower_is_better=True) == "red"


def test_share_rounds_to_a_tenth_and_has_no_value_without_a_denominator():
    assert share(2, 3) == 66.7 and share(0, 0) is None and share(3, 3) == 100.0


def test_russian_normalisation():
    assert stem("кураторы") == stem("куратора") == stem("кураторами") == "куратор"
    assert stems("Вёрстка ЕЩЁ") == stems("верстка еще")
    assert "доля" not in stems("Доля школ")


def test_ranking_by_shared_words():
    titles = {
        1: "Доля ШНОР, в которых назначены кураторы",
        2: "Количество проведённых вебинаров",
        3: "Доля руководителей МОУО, принявших участие в селекторном совещании",
    }
    assert rank("Назначение кураторов во всех ШНОР", titles) == [1]
    assert rank("проведено не менее 5 вебинаров", titles) == [2]
    assert rank("участие руководителей в селекторных совещаниях", titles)[0] == 3
    assert rank("", titles) == [] and rank("ремонт крыши", titles) == []
