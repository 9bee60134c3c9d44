"""The list of schools with low results as an order appendix: XLSX (openpyxl) and DOCX (python-docx).

Both builders take an ``IdentificationResult`` and return the file's bytes, so the web layer and
the command line share them. openpyxl and python-docx are imported inside the builders: the
command line must not pay for them when it prints JSON.
"""

from __future__ import annotations

import io

from opora.core.sorting import natural_key
from opora.core.spreadsheets import workbook_bytes

from .procedures import procedure_label
from .rules import CRITERION_CONSECUTIVE, CRITERION_PROCEDURES, IdentificationResult, RuleParams, format_number

TITLE = "Перечень общеобразовательных организаций, имеющих низкие образовательные результаты обучающихся"
APPENDIX = "Приложение\nк приказу ____________________\nот «___» ____________ 20___ г. № _____"
FIXED_HEADERS = ("№ п/п", "Муниципалитет", "Наименование ОО", "Логин ОО")
CRITERIA_HEADERS = ("Критерий 1: маркеры по двум и более процедурам", "Критерий 2: маркеры два года подряд")
NO_SCHOOLS = "Школ, отвечающих правилу отбора, нет."
FONT = "Times New Roman"


def describe_rule(params: RuleParams, year: int) -> str:
    """The rule in words, for the heading of every output."""
    second = "в той же процедуре" if params.consecutive == "same" else "в любых процедурах"
    combine = "достаточно одного из критериев" if params.combine == "or" else "нужны оба критерия"
    return (
        f"Маркер — доля «2» (не преодолевших порог) не менее {format_number(params.threshold)} % "
        f"при числе участников не менее {params.min_participants}. Критерий 1 — маркеры по двум и более "
        f"процедурам в {year} году; критерий 2 — маркеры в {year - 1} и {year} годах {second}; {combine}."
    )


def _matrix(result: IdentificationResult) -> list[tuple[str, int]]:
    """Marker columns: every procedure found in the data, for N−1 and N."""
    return [(code, y) for code in result.procedures for y in (result.year - 1, result.year)]


def _school_order(school) -> tuple:
    """By municipality, then by name, as people read them: «СОШ № 3» before «СОШ № 32»."""
    return natural_key(school.municipality), natural_key(school.name), school.login


def appendix_rows(result: IdentificationResult) -> list[list[str]]:
    """Rows of the appendix, grouped by municipality as orders customarily are."""
    matrix = _matrix(result)
    schools = sorted(result.identified, key=_school_order)
    rows = []
    for number, school in enumerate(schools, 1):
        marks = ["+" if code in school.markers.get(y, ()) else "" for code, y in matrix]
        criteria = [
            "+" if school.criteria[CRITERION_PROCEDURES] else "",
            "+" if school.criteria[CRITERION_CONSECUTIVE] else "",
        ]
        rows.append([str(number), school.municipality, school.name, school.login, *marks, *criteria])
    return rows


def build_xlsx(result: IdentificationResult, appendix: str = APPENDIX) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    plain, bold = Font(name=FONT, size=10), Font(name=FONT, size=10, bold=True)

    wb = Workbook()
    times_new_roman_workbook(wb)
    ws = wb.active
    ws.title = "Перечень"
    matrix = _matrix(result)
    width = len(FIXED_HEADERS) + len(matrix) + len(CRITERIA_HEADERS)
    last = get_column_letter(width)

    def banner(row: int, text: str, font: Font, align: Alignment, height: float) -> None:
        ws.merge_cells(f"A{row}:{last}{row}")
        cell = ws.cell(row, 1, text)
        cell.font, cell.alignment = font, align
        ws.row_dimensions[row].height = height

    banner(1, appendix, Font(name=FONT, size=11), Alignment(horizontal="right", wrap_text=True), 45)
    banner(2, TITLE, Font(name=FONT, size=13, bold=True), center, 36)
    banner(3, describe_rule(result.params, result.year), Font(name=FONT, size=10, italic=True), center, 30)

    top, sub = 5, 6
    for i, title in enumerate(FIXED_HEADERS, 1):
        ws.merge_cells(start_row=top, start_column=i, end_row=sub, end_column=i)
        ws.cell(top, i, title)
    for k, (code, y) in enumerate(matrix):
        column = len(FIXED_HEADERS) + 1 + k
        if y == result.year - 1:
            ws.merge_cells(start_row=top, start_column=column, end_row=top, end_column=column + 1)
            ws.cell(top, column, procedure_label(code))
        ws.cell(sub, column, str(y))
    for i, title in enumerate(CRITERIA_HEADERS):
        column = width - len(CRITERIA_HEADERS) + 1 + i
        ws.merge_cells(start_row=top, start_column=column, end_row=sub, end_column=column)
        ws.cell(top, column, title)
    for row in ws.iter_rows(min_row=top, max_row=sub, max_col=width):
        for cell in row:
            cell.font, cell.alignment, cell.border = bold, center, border
    ws.row_dimensions[top].height = 60

    rows = appendix_rows(result)
    styles = _StyleCopier(ws, plain, border, left, center)
    fixed_widths = (6, 20, 36, 11)
    for r, values in enumerate(rows, sub + 1):
        for c, value in enumerate(values, 1):
            styles.apply(ws.cell(r, c, int(value) if c == 1 else value), c in (2, 3))
        fit_row_height(ws, r, zip(values[1:3], fixed_widths[1:3], strict=True))
    if not rows:
        ws.merge_cells(start_row=sub + 1, start_column=1, end_row=sub + 1, end_column=width)
        ws.cell(sub + 1, 1, NO_SCHOOLS).font = plain

    # Printed fitted to the page width: every character of width here is a smaller print.
    for i, w in enumerate(fixed_widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    for k in range(len(matrix)):
        ws.column_dimensions[get_column_letter(len(FIXED_HEADERS) + 1 + k)].width = 5.5
    for i in range(len(CRITERIA_HEADERS)):
        ws.column_dimensions[get_column_letter(width - i)].width = 14
    # By coordinate: when the list is empty that cell lies in the merged «no schools» row, and
    # openpyxl refuses a MergedCell as the top-left of the frozen panes.
    ws.freeze_panes = f"{get_column_letter(len(FIXED_HEADERS) + 1)}{sub + 1}"
    print_on_a4(ws, title_rows=f"{top}:{sub}")

    _risk_sheet(wb.create_sheet("Зона риска"), result, plain, bold, border, center, left)
    return workbook_bytes(wb)


def _risk_sheet(ws, result, plain, bold, border, center, left) -> None:
    """Schools that may be listed next year: useful to the region, not part of the order."""
    ws.append([f"Зона риска: школы, которые могут войти в перечень на {result.year + 1} год"])
    ws.cell(1, 1).font = bold
    headers = ("№ п/п", "Муниципалитет", "Наименование ОО", "Логин ОО", "Основания")
    ws.append(headers)
    for cell in ws[2]:
        cell.font, cell.alignment, cell.border = bold, center, border
    styles = _StyleCopier(ws, plain, border, left, center)
    widths = (6, 20, 36, 11, 70)
    for number, school in enumerate(sorted(result.risk_zone, key=_school_order), 1):
        values = (number, school.municipality, school.name, school.login, "; ".join(school.reasons))
        for c, value in enumerate(values, 1):
            styles.apply(ws.cell(number + 2, c, value), True)
        fit_row_height(ws, number + 2, zip(values, widths, strict=True))
    for letter, w in zip("ABCDE", widths, strict=True):
        ws.column_dimensions[letter].width = w
    print_on_a4(ws, title_rows="2:2")
    if result.warnings:
        ws.append([])
        for warning in result.warnings:
            ws.append([warning])


def times_new_roman_workbook(wb) -> None:
    """Times New Roman 10 as the default font of a new workbook. Column widths count digits of the
    default font: with Calibri, missing on most Linux machines, LibreOffice measures them in a much
    wider substitute and prints the sheet fitted to the page in 5-point letters."""
    from openpyxl.styles import Font

    wb._named_styles["Normal"].font = Font(name=FONT, size=10)


def print_on_a4(ws, *, title_rows: str) -> None:
    """A4 landscape, fitted to the page width, with `title_rows` repeated at the top of every page."""
    ws.print_title_rows = title_rows
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = MARGIN_CM / 2.54  # inches
    ws.page_margins.top = ws.page_margins.bottom = MARGIN_CM / 2.54


def fit_row_height(ws, row: int, texts_and_widths, *, points: float = 10) -> None:
    """Height for the wrapped lines of a row. A file written by openpyxl has no row heights, and
    LibreOffice does not measure wrapped text on opening: long names would print over the next row."""
    from textwrap import wrap

    # A unit of column width is a digit of the default font (Times New Roman 10, see
    # times_new_roman_workbook); a Cyrillic letter of Times is about as wide.
    per_unit = 10 / points

    def lines(text, width: float) -> int:
        columns = max(1, int(width * per_unit) - 1)
        # Most cells fit on one line; wrapping (slow at national scale) only measures the others.
        return sum(1 if len(line) <= columns else len(wrap(line, columns)) for line in str(text or "").split("\n"))

    count = max((lines(text, width) for text, width in texts_and_widths), default=1)
    if count > 1:
        ws.row_dimensions[row].height = 1.2 * points * count + 2


class _StyleCopier:
    """Styles data cells by copying a styled cell's style record: assigning font, border and
    alignment objects costs ~50 µs a cell in openpyxl, which is 25 s for a national list."""

    def __init__(self, ws, font, border, left, center):
        from openpyxl.cell import Cell

        self.samples = {}
        for is_left, alignment in ((True, left), (False, center)):
            sample = Cell(ws)
            sample.font, sample.border, sample.alignment = font, border, alignment
            self.samples[is_left] = sample._style

    def apply(self, cell, is_left: bool) -> None:
        from copy import copy

        cell._style = copy(self.samples[is_left])


def build_docx(result: IdentificationResult, appendix: str = APPENDIX) -> bytes:
    from docx import Document
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    a4_page(section, landscape=True)  # the marker matrix needs the width
    times_new_roman(doc.styles["Normal"], Pt(12))
    cell_style = doc.styles.add_style("Opora Table", doc.styles["Normal"].type)
    cell_style.base_style = doc.styles["Normal"]
    cell_style.font.size = Pt(9)
    cell_style.paragraph_format.space_after = Pt(0)

    appendix = doc.add_paragraph(appendix)
    appendix.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(TITLE).bold = True
    rule = doc.add_paragraph()
    rule.alignment = WD_ALIGN_PARAGRAPH.CENTER
    rule.add_run(describe_rule(result.params, result.year)).font.size = Pt(10)

    matrix = _matrix(result)
    rows = appendix_rows(result)
    width = len(FIXED_HEADERS) + len(matrix) + len(CRITERIA_HEADERS)
    widths, upright_years = _appendix_widths(len(matrix), text_width(section))
    table = doc.add_table(rows=2, cols=width)
    table.style = doc.styles["Table Grid"]

    def put(cell, text: str, *, bold: bool = False, align=WD_ALIGN_PARAGRAPH.CENTER, size=None) -> None:
        paragraph = cell.paragraphs[0]
        # By id: assigning the style object looks up the default style on every call (slow).
        paragraph._p.style = cell_style.style_id
        paragraph.alignment = align
        run = paragraph.add_run(text)
        if bold:
            run.bold = True
        if size:
            run.font.size = size
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER

    top, sub = table.rows[0].cells, table.rows[1].cells
    for i, text in enumerate(FIXED_HEADERS):
        put(top[i].merge(sub[i]), text, bold=True)
    for k, (code, y) in enumerate(matrix):
        column = len(FIXED_HEADERS) + k
        if y == result.year - 1:
            put(top[column].merge(top[column + 1]), procedure_label(code), bold=True, size=Pt(8))
        put(sub[column], str(y), bold=True, size=Pt(8))
        if not upright_years:
            _vertical_text(sub[column])
    for i, text in enumerate(CRITERIA_HEADERS):
        column = width - len(CRITERIA_HEADERS) + i
        put(top[column].merge(sub[column]), text, bold=True, size=Pt(8))
    for row, height in zip(table.rows[:2], (Cm(1.4), Cm(0.5) if upright_years else Cm(0.9)), strict=True):
        # LibreOffice lays the repeated header out again on every page and, without a height,
        # gives the vertically merged header cells one line there.
        row.height, row.height_rule = height, WD_ROW_HEIGHT_RULE.AT_LEAST
        _repeat_as_header(row)

    if rows:
        # python-docx needs ~15 ms per row of 22 cells; a formatted row is built once and copied
        # with the texts replaced, which keeps a national list of thousands of schools fast.
        template = table.add_row()
        for c, cell in enumerate(template.cells):
            put(cell, "-", align=WD_ALIGN_PARAGRAPH.LEFT if c in (1, 2) else WD_ALIGN_PARAGRAPH.CENTER)
        _keep_row_on_one_page(template)
    else:
        cells = table.add_row().cells
        put(cells[0].merge(cells[-1]), NO_SCHOOLS)
    set_table_geometry(table, widths, cell_margin=CELL_MARGIN)
    if rows:
        _fill_from_template(template._tr, rows)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# Page and table geometry, shared with the roadmap document. Word and LibreOffice lay a table out
# from its grid (w:tblGrid), not from the cell widths: when the two disagree, or the grid is wider
# than the page, LibreOffice squeezes columns until names break letter by letter. So the grid, the
# cell widths and the table width are written from one list of twips that sums to the text width.
TWIPS_PER_CM = 1440 / 2.54
A4_CM = (21.0, 29.7)
MARGIN_CM = 1.5
CELL_MARGIN = 57  # twips each side (0.1 cm) instead of Word's 0.19 cm: the marker columns are narrow


def twips(cm: float) -> int:
    return round(cm * TWIPS_PER_CM)


def a4_page(section, *, landscape: bool, margin_cm: float = MARGIN_CM) -> None:
    """A4 whatever the template's paper (python-docx's own is US Letter)."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    short, long = Cm(A4_CM[0]), Cm(A4_CM[1])
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(margin_cm))


def text_width(section) -> int:
    """The width between the margins, in twips."""
    return int(section.page_width - section.left_margin - section.right_margin) // 635  # 635 EMU a twip


def _appendix_widths(markers: int, text_twips: int) -> tuple[list[int], bool]:
    """Widths of the appendix columns and whether the years fit upright above the marker columns.

    The marker columns hold a «+» and are as narrow as their year allows; the name takes the rest.
    With many procedures the marker columns narrow further and their years turn vertical; only a
    matrix too large for any page is squeezed as a whole (never wider than the page)."""
    number, municipality, login = twips(0.8), twips(3.0), twips(1.7)
    criterion = twips(1.9)
    name_least = twips(3.4)
    marker = twips(0.8)
    room = text_twips - number - municipality - login - 2 * criterion - name_least
    upright = True
    if markers and marker * markers > room:
        marker = max(room // markers, twips(0.45))
        upright = marker >= twips(0.8)
    rest = [login] + [marker] * markers + [criterion, criterion]
    name = text_twips - number - municipality - sum(rest)
    widths = [number, municipality, name, *rest]
    if name < name_least:  # dozens of procedures: scale everything to the page
        widths[2] = name_least
        total = sum(widths)
        widths = [w * text_twips // total for w in widths]
        widths[2] += text_twips - sum(widths)
    return widths, upright


def set_table_geometry(table, widths: list[int], *, cell_margin: int | None = None) -> None:
    """Fixed layout with the grid, every cell's width and the table width taken from `widths` (twips)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Twips

    tbl = table._tbl
    table.autofit = False  # w:tblLayout type="fixed": the widths are kept, not guessed from the text
    grid = tbl.tblGrid
    for column in list(grid):
        grid.remove(column)
    for w in widths:
        column = OxmlElement("w:gridCol")
        column.set(qn("w:w"), str(w))
        grid.append(column)
    table_width = tbl.tblPr.find(qn("w:tblW"))
    if table_width is None:
        table_width = OxmlElement("w:tblW")
        tbl.tblPr.append(table_width)
    table_width.set(qn("w:type"), "dxa")
    table_width.set(qn("w:w"), str(sum(widths)))
    if cell_margin is not None:
        margins = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            element = OxmlElement(f"w:{side}")
            element.set(qn("w:w"), str(cell_margin))
            element.set(qn("w:type"), "dxa")
            margins.append(element)
        tbl.tblPr.find(qn("w:tblLayout")).addnext(margins)  # schema order: tblLayout, tblCellMar, tblLook
    for tr in tbl.tr_lst:
        column = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tc.width = Twips(sum(widths[column : column + span]))
            column += span


def _fill_from_template(template, rows: list[list[str]]) -> None:
    from copy import deepcopy

    from docx.oxml.ns import qn

    table = template.getparent()
    table.remove(template)
    for values in rows:
        tr = deepcopy(template)
        for text_element, value in zip(tr.iter(qn("w:t")), values, strict=True):
            text_element.text = value
        table.append(tr)


def times_new_roman(style, size) -> None:
    from docx.oxml.ns import qn

    style.font.name = FONT
    style.font.size = size
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)  # Cyrillic text is drawn with the cs/eastAsia fonts in some Words


def _vertical_text(cell) -> None:
    """Text read bottom to top, for a year above a column too narrow to hold it upright."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    direction = OxmlElement("w:textDirection")
    direction.set(qn("w:val"), "btLr")
    properties = cell._tc.get_or_add_tcPr()
    anchor = properties.find(qn("w:vAlign"))
    if anchor is not None:
        anchor.addprevious(direction)  # schema order: …, textDirection, …, vAlign
    else:
        properties.append(direction)


def _keep_row_on_one_page(row) -> None:
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _repeat_as_header(row) -> None:
    """Mark a table row to be repeated at the top of every page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)
