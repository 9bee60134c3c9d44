"""The order appendix (the list of schools with low results) printed as officials print it."""

import re

import pytest

from opora.assessment.exports import CRITERIA_HEADERS, FIXED_HEADERS, build_docx, build_xlsx

from .printing import READABLE_POINTS, broken_words, ink, read_pages
from .samples import MUNICIPALITIES, appendix_result

pytestmark = pytest.mark.documents

RESULT = appendix_result()


@pytest.fixture(scope="module")
def printed(print_to_pdf, tmp_path_factory):
    folder = tmp_path_factory.mktemp("appendix")
    docx = folder / "perechen.docx"
    xlsx = folder / "perechen-tablica.xlsx"
    docx.write_bytes(build_docx(RESULT))
    xlsx.write_bytes(build_xlsx(RESULT))
    docx_pdf, xlsx_pdf = print_to_pdf(docx, xlsx)
    return {"docx": read_pages(docx_pdf), "xlsx": read_pages(xlsx_pdf)}


def listed_pages(pages):
    """The pages of the list itself (the XLSX prints its risk-zone sheet after it)."""
    return [page for page in pages if "Наименование" in page.words and "Основания" not in page.words]


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_76_schools_print_on_a_few_landscape_a4_pages(printed, kind):
    pages = listed_pages(printed[kind])
    assert all(page.is_a4_landscape for page in printed[kind]), [(p.width, p.height) for p in printed[kind]]
    assert 1 <= len(pages) <= 6
    logins = {word for page in pages for word in page.words if re.fullmatch(r"sch99\d{4}", word)}
    assert logins == {school.login for school in RESULT.identified}


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_the_header_rows_are_printed_on_every_page(printed, kind):
    pages = listed_pages(printed[kind])
    assert len(pages) >= 2, "the list must run over a page for the check to mean anything"
    for page in pages:
        assert {"Муниципалитет", "Логин", "Критерий"} <= set(page.words)
        assert str(RESULT.year - 1) in page.words and str(RESULT.year) in page.words


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_no_name_or_heading_is_broken_inside_a_word(printed, kind):
    texts = [school.name for school in RESULT.identified] + MUNICIPALITIES[:1]
    texts += [*FIXED_HEADERS, *CRITERIA_HEADERS]
    assert broken_words(listed_pages(printed[kind]), texts) == []


def test_schools_are_in_natural_order_in_the_printed_list(printed):
    text = "\n".join(page.text for page in printed["docx"])
    positions = [text.index(f"СОШ № {n}»") for n in (3, 4, 32)]
    assert positions == sorted(positions)


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_the_text_is_printed_large_enough_to_read(printed, kind):
    sizes = [page.font_size for page in printed[kind]]
    assert min(sizes) >= READABLE_POINTS, sizes


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_every_page_image_has_print_and_keeps_its_margins(printed, kind):
    """The pages as images (pdftoppm): none is blank, and nothing runs into the paper's edge —
    a table wider than the page, cut off at print, shows here."""
    for number, page in enumerate(printed[kind], 1):
        marks = ink(page.png)
        assert marks.share > 0.002, f"страница {number} пустая"
        edges = {"слева": marks.left, "сверху": marks.top, "справа": marks.right, "снизу": marks.bottom}
        assert min(edges.values()) >= 0.02, f"страница {number}: печать у края листа {edges}"
