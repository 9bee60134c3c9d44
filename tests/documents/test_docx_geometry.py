"""What Word and LibreOffice lay a table out from: the page, the grid, the cell widths. Read from
the XML, so these run without LibreOffice."""

import io

import pytest
from docx import Document
from docx.oxml.ns import qn

from opora.assessment.exports import build_docx as appendix_docx
from opora.roadmaps.exports import build_docx as roadmap_docx

from .samples import appendix_result, roadmap_from_fixture

A4_TWIPS = (11906, 16838)  # 210 × 297 mm


def geometry(data: bytes):
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    page = (section.page_width.twips, section.page_height.twips)
    text_width = (section.page_width - section.left_margin - section.right_margin) // 635  # EMU a twip
    return document, page, text_width


def check_table(table, text_width: int, header_rows: int) -> list[int]:
    tbl = table._tbl
    grid = [int(column.get(qn("w:w"))) for column in tbl.tblGrid.findall(qn("w:gridCol"))]
    assert abs(sum(grid) - text_width) <= len(grid), (sum(grid), text_width)
    assert tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    assert int(tbl.tblPr.find(qn("w:tblW")).get(qn("w:w"))) == sum(grid)
    for tr in tbl.tr_lst:
        column = 0
        for tc in tr.tc_lst:
            assert tc.width.twips == sum(grid[column : column + tc.grid_span]), (column, tc.grid_span)
            column += tc.grid_span
        assert column == len(grid)
    for tr in tbl.tr_lst[:header_rows]:
        assert tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None
    return grid


@pytest.mark.parametrize(
    ("schools", "procedures"),
    [
        (76, None),
        (0, None),
        (
            3,
            ["vpr4_ru", "vpr4_ma", "vpr4_om", *[f"vpr{g}_{s}" for g in (5, 6, 7, 8) for s in ("ru", "ma", "hi", "bi")]],
        ),
    ],
    ids=["76-schools", "empty", "19-procedures"],
)
def test_the_appendix_is_landscape_a4_and_its_grid_fits_the_page(schools, procedures):
    result = appendix_result(schools, procedures) if procedures else appendix_result(schools)
    document, page, text_width = geometry(appendix_docx(result))
    assert page == A4_TWIPS[::-1]
    grid = check_table(document.tables[0], text_width, header_rows=2)
    markers = grid[4:-2]
    assert len(markers) == 2 * len(result.procedures)
    assert max(markers) < min(grid[1:3]), "marker columns are narrower than the municipality and the name"
    assert grid[2] == max(grid), "the name is the widest column"


def test_a_large_matrix_turns_the_years_to_read_upwards():
    procedures = [f"vpr{g}_{s}" for g in (4, 5, 6, 7, 8) for s in ("ru", "ma", "hi", "bi")]
    document, _, _ = geometry(appendix_docx(appendix_result(3, procedures)))
    years = document.tables[0].rows[1]._tr.tc_lst[4:-2]
    assert all(tc.tcPr.find(qn("w:textDirection")).get(qn("w:val")) == "btLr" for tc in years)
    document, _, _ = geometry(appendix_docx(appendix_result(3)))
    assert document.tables[0].rows[1]._tr.tc_lst[4].tcPr.find(qn("w:textDirection")) is None


@pytest.mark.django_db
def test_the_roadmap_is_landscape_a4_and_its_grid_fits_the_page():
    roadmap, _ = roadmap_from_fixture("aksha-2022-municipal.txt")
    document, page, text_width = geometry(roadmap_docx(roadmap))
    assert page == A4_TWIPS[::-1]
    grid = check_table(document.tables[0], text_width, header_rows=1)
    assert grid[1] == max(grid), "the action is the widest column"
