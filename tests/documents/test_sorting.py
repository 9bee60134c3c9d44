"""Names in the order people read them, in documents and on pages."""

from opora.assessment.exports import appendix_rows
from opora.core.sorting import natural_key

from .samples import appendix_result


def test_numbers_inside_names_compare_as_numbers():
    names = ["МБОУ «СОШ № 32»", "МБОУ «СОШ № 4»", "МБОУ «СОШ № 3»", "МБОУ «СОШ № 10»", "МАОУ «Гимназия № 1»"]
    assert sorted(names, key=natural_key) == [
        "МАОУ «Гимназия № 1»",
        "МБОУ «СОШ № 3»",
        "МБОУ «СОШ № 4»",
        "МБОУ «СОШ № 10»",
        "МБОУ «СОШ № 32»",
    ]


def test_case_spaces_and_yo_do_not_change_the_order():
    names = ["Озёрский район", "озерки", "Озерный  район", "Берязовка", "Берёзовский район"]
    assert sorted(names, key=natural_key) == [
        "Берёзовский район",
        "Берязовка",
        "озерки",
        "Озерный  район",
        "Озёрский район",
    ]


def test_names_equal_but_for_case_keep_one_order_and_mixed_texts_compare():
    assert sorted(["сош № 1", "СОШ № 1"], key=natural_key) == sorted(["СОШ № 1", "сош № 1"], key=natural_key)
    assert sorted(["12", "школа", "", None, "3 школа"], key=natural_key) == ["", None, "3 школа", "12", "школа"]


def test_the_appendix_lists_schools_by_municipality_then_naturally_by_name():
    rows = appendix_rows(appendix_result(8))
    pairs = [(row[1], row[2]) for row in rows]
    assert pairs == sorted(pairs, key=lambda pair: (natural_key(pair[0]), natural_key(pair[1])))
    demograd = [name for municipality, name in pairs if municipality == "Город Демоград"]
    assert demograd[:3] == ["МБОУ «СОШ № 3»", "МБОУ «СОШ № 4»", "МБОУ «СОШ № 32»"]
    assert [row[0] for row in rows] == [str(n) for n in range(1, 9)]
