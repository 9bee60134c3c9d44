"""A roadmap as the order appendix officials expect (DOCX) and as a spreadsheet (XLSX)."""

from __future__ import annotations

import io

from opora.assessment.exports import APPENDIX as BLANK_APPENDIX
from opora.assessment.exports import (
    a4_page,
    fit_row_height,
    print_on_a4,
    set_table_geometry,
    text_width,
    times_new_roman,
    times_new_roman_workbook,
    twips,
)
from opora.core.spreadsheets import workbook_bytes

FONT = "Times New Roman"
HEADERS = ("№ п/п", "Мероприятие", "Сроки", "Ответственные", "Планируемый результат")
SHEET_HEADERS = (*HEADERS, "Начало", "Окончание", "Исполнение")


def _rows(roadmap):
    """Section rows and item rows in document order."""
    sections = {s.pk: s for s in roadmap.sections.all()}
    current = None
    for item in roadmap.items.with_done().order_by("position"):
        if item.section_id != current and item.section_id in sections:
            current = item.section_id
            yield "section", str(sections[current]), None
        yield (
            "item",
            [item.number, item.action, item.deadline_text, "\n".join(item.executors), item.planned_result],
            item,
        )


def execution(item) -> str:
    """«выполнено», «выполнено с опозданием» or nothing, for an item read with `with_done()`."""
    if item.done_late:
        return "выполнено с опозданием"
    return "выполнено" if item.is_done else ""


def _appendix(roadmap) -> str:
    if roadmap.order_id:
        return roadmap.order.appendix_heading()
    return BLANK_APPENDIX


def build_docx(roadmap) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    times_new_roman(document.styles["Normal"], Pt(11))
    section = document.sections[0]
    a4_page(section, landscape=True)
    appendix = document.add_paragraph(_appendix(roadmap))
    appendix.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for text in ("ДОРОЖНАЯ КАРТА", roadmap.title):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text).bold = True
    table = document.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    header = table.rows[0]
    for cell, title in zip(header.cells, HEADERS, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(title).bold = True
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    flag = OxmlElement("w:tblHeader")  # repeat the header row on every page
    flag.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(flag)
    for kind, value, _item in _rows(roadmap):
        row = table.add_row()
        if kind == "section":
            merged = row.cells[0].merge(row.cells[-1])
            merged.text = ""
            merged.paragraphs[0].add_run(value).bold = True
        else:
            for cell, text in zip(row.cells, value, strict=True):
                cell.text = text
    # The action is the widest column; the planned result takes what the page has left.
    widths = [twips(1.3), twips(9.6), twips(3.8), twips(5.2)]
    set_table_geometry(table, [*widths, text_width(section) - sum(widths)])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def build_xlsx(roadmap) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    book = Workbook()
    times_new_roman_workbook(book)
    sheet = book.active
    sheet.title = "Дорожная карта"
    columns = SHEET_HEADERS
    sheet.append([roadmap.title])
    sheet["A1"].font = Font(name=FONT, bold=True, size=12)
    # Merged and wrapped: a long title running to the right would be printed, at a tiny scale.
    sheet["A1"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    sheet.append(list(columns))
    for cell in sheet[2]:
        cell.font, cell.border, cell.alignment = Font(name=FONT, bold=True), border, wrap
    for kind, value, item in _rows(roadmap):
        if kind == "section":
            sheet.append([value])
            sheet.cell(sheet.max_row, 1).font = Font(name=FONT, bold=True)
            sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=len(columns))
        else:
            sheet.append([*value, item.start, item.end, execution(item)])
    for line in sheet.iter_rows(min_row=3):
        for cell in line:
            cell.border, cell.alignment = border, wrap
            cell.font = Font(name=FONT, bold=cell.font.bold)
            if cell.column in (6, 7) and cell.value:
                cell.number_format = "DD.MM.YYYY"
    widths = (7, 50, 20, 26, 36, 12, 12, 14)
    for letter, width in zip("ABCDEFGH", widths, strict=True):
        sheet.column_dimensions[letter].width = width
    fit_row_height(sheet, 1, [(roadmap.title, 0.8 * sum(widths))], points=12)  # bold letters are wider
    for line in sheet.iter_rows(min_row=2):
        if line[1].value is not None:  # a section row spans the sheet: one line is enough
            fit_row_height(sheet, line[0].row, ((c.value, w) for c, w in zip(line, widths, strict=False)), points=11)
    sheet.freeze_panes = "A3"
    print_on_a4(sheet, title_rows="2:2")
    return workbook_bytes(book)
