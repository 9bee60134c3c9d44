"""Pieces of an official document in DOCX that any app can build with (python-docx): an A4 page,
a centred heading, a table whose header row repeats on every page, a signature block.

python-docx is imported inside the functions, as elsewhere: importing the app costs nothing."""

from __future__ import annotations

import io

from opora.assessment.exports import a4_page, set_table_geometry, text_width, times_new_roman, twips

FONT_POINTS = 12
TABLE_POINTS = 10.5


def new_document(*, landscape: bool = False, points: float = FONT_POINTS, margin_cm: float = 2.0):
    """An empty A4 document in Times New Roman with single spacing and a small gap after paragraphs."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    normal = document.styles["Normal"]
    times_new_roman(normal, Pt(points))
    normal.paragraph_format.space_after = Pt(3)
    normal.paragraph_format.line_spacing = 1.0
    a4_page(document.sections[0], landscape=landscape, margin_cm=margin_cm)
    return document


def heading(document, *lines: str, bold: bool = True, points: float | None = None) -> None:
    """Centred lines: the title of the document («ОТЧЁТ …»), then what it is about."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    for line in lines:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.keep_with_next = True
        run = paragraph.add_run(line)
        run.bold = bold
        if points:
            run.font.size = Pt(points)


def section_title(document, text: str) -> None:
    """A numbered section's title, kept on the page of what follows it."""
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(10)
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run(text).bold = True


def paragraph(document, text: str, *, italic: bool = False, indent: bool = True) -> None:
    """Body text, a paragraph per line of `text`, justified, with the customary first-line indent."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    for line in text.splitlines() or [""]:
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if indent:
            p.paragraph_format.first_line_indent = Cm(1.25)
        p.add_run(line).italic = italic


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _no_split(row) -> None:
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def table(document, headers: list[str], rows: list[list], widths_cm: list[float] | None = None, *, points=TABLE_POINTS):
    """A grid table: the header row bold, centred and repeated on every page; a row never split
    across pages. `widths_cm`: the columns' widths; the last one takes what the page has left."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    grid = document.add_table(rows=1, cols=len(headers))
    grid.style = "Table Grid"

    def put(cell, value, *, bold=False, center=False):
        cell.text = ""
        lines = str("" if value is None else value).splitlines() or [""]
        first = cell.paragraphs[0]
        for number, line in enumerate(lines):
            p = first if number == 0 else cell.add_paragraph()
            p.paragraph_format.space_after = Pt(0)
            if center:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(line)
            run.bold = bold
            run.font.size = Pt(points)

    for cell, title in zip(grid.rows[0].cells, headers, strict=True):
        put(cell, title, bold=True, center=True)
    _repeat_header(grid.rows[0])
    for values in rows:
        row = grid.add_row()
        _no_split(row)
        for cell, value in zip(row.cells, values, strict=True):
            put(cell, value, center=isinstance(value, int | float))
    section = document.sections[-1]
    available = text_width(section)
    if widths_cm:
        widths = [twips(w) for w in widths_cm[: len(headers) - 1]]
        widths.append(available - sum(widths))
    else:
        widths = [available // len(headers)] * len(headers)
    set_table_geometry(grid, widths)
    return grid


def key_values(document, pairs: list[tuple[str, str]], *, key_cm: float = 5.5):
    """A two-column table of «what: value» lines (the report's general information)."""
    from docx.shared import Pt

    grid = document.add_table(rows=0, cols=2)
    grid.style = "Table Grid"
    for key, value in pairs:
        row = grid.add_row()
        _no_split(row)
        for cell, text, bold in ((row.cells[0], key, True), (row.cells[1], value, False)):
            cell.text = ""
            run = cell.paragraphs[0].add_run(text)
            run.bold = bold
            run.font.size = Pt(TABLE_POINTS)
            cell.paragraphs[0].paragraph_format.space_after = Pt(0)
    available = text_width(document.sections[-1])
    set_table_geometry(grid, [twips(key_cm), available - twips(key_cm)])
    return grid


def signature(document, role: str, name: str, date_text: str = "") -> None:
    """«Куратор ________ / Фамилия И.О. /» and the date below, kept together at the end."""
    from docx.shared import Pt

    gap = document.add_paragraph()
    gap.paragraph_format.space_before = Pt(18)
    gap.paragraph_format.keep_with_next = True
    grid = document.add_table(rows=2, cols=3)
    cells = grid.rows[0].cells
    for cell, text in zip(cells, (role, "____________________", f"/ {name or '________________'} /"), strict=True):
        cell.text = text
    captions = grid.rows[1].cells
    for cell, text in zip(captions, ("", "(подпись)", "(ФИО)"), strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.font.size = Pt(8)
    for row in grid.rows:
        _no_split(row)
        for cell in row.cells:
            cell.paragraphs[0].paragraph_format.keep_with_next = True
    available = text_width(document.sections[-1])
    set_table_geometry(grid, [twips(4.0), twips(5.5), available - twips(9.5)])
    document.add_paragraph(f"Дата: {date_text or '«___» ____________ 20__ г.'}")


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
