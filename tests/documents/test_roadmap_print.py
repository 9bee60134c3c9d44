"""A real municipal roadmap (Карпинск, 2022: 5 sections, 40 items) printed as the order appendix
and as the spreadsheet."""

import pytest
from django.db import transaction

from opora.roadmaps.exports import HEADERS, SHEET_HEADERS, build_docx, build_xlsx

from .printing import READABLE_POINTS, broken_words, ink, read_pages
from .samples import roadmap_from_fixture

# django_db: pytest-django creates the test database only for a session with tests that ask for it.
pytestmark = [pytest.mark.documents, pytest.mark.django_db]

FIXTURE = "karpinsk-2022-municipal.md"


class _Rollback(Exception):
    pass


@pytest.fixture(scope="module")
def printed(print_to_pdf, tmp_path_factory, django_db_setup, django_db_blocker):
    folder = tmp_path_factory.mktemp("roadmap")
    docx, xlsx = folder / "dorozhnaya-karta.docx", folder / "dorozhnaya-karta-tablica.xlsx"
    # Module scope: the roadmap is saved, exported and rolled back once for all the checks.
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                roadmap, parsed = roadmap_from_fixture(FIXTURE)
                docx.write_bytes(build_docx(roadmap))
                xlsx.write_bytes(build_xlsx(roadmap))
                raise _Rollback
        except _Rollback:
            pass
    docx_pdf, xlsx_pdf = print_to_pdf(docx, xlsx)
    return {"docx": read_pages(docx_pdf), "xlsx": read_pages(xlsx_pdf), "parsed": parsed}


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_the_roadmap_prints_on_landscape_a4_with_every_item(printed, kind):
    pages = printed[kind]
    assert all(page.is_a4_landscape for page in pages), [(p.width, p.height) for p in pages]
    assert 2 <= len(pages) <= 15
    text = " ".join(" ".join(page.words) for page in pages)
    assert all(f" {item.number} " in f" {text} " for item in printed["parsed"].items)


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_the_header_row_is_printed_on_every_page(printed, kind):
    for page in printed[kind]:
        assert {"Мероприятие", "Сроки", "Ответственные"} <= set(page.words), page.text[:200]


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_no_action_executor_or_heading_is_broken_inside_a_word(printed, kind):
    parsed = printed["parsed"]
    texts = list(HEADERS if kind == "docx" else SHEET_HEADERS)
    for item in parsed.items:
        texts += [item.action, item.deadline.text, *item.executors]
    assert broken_words(printed[kind], texts) == []


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
