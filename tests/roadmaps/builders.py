"""Roadmaps typed into Word, Excel and CSV the way officials lay them out, for the format tests
and the benchmark. A `Layout` says how a fixture's table is headed; `content_of` takes the
rows from a parsed roadmap so that the same document can be written in every format."""

import csv
import io
import zlib
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from openpyxl import Workbook

from opora.roadmaps.parse import ParsedRoadmap


@dataclass
class Layout:
    header: list[str]
    roles: list[str | None]  # role of each column; None for an empty sub-column
    subheader: list[str] | None = None  # a second header row under a merged header cell


LAYOUTS = {
    "karpinsk": Layout(["№ п/п", "Мероприятия", "Сроки", "Планируемый результат"],
                       ["number", "action", "deadline", "result"]),
    "aksha": Layout(["№", "Наименование мероприятий/мер", "Ответственные исполнители", "Сроки реализации",
                     "Ожидаемый результат"], ["number", "action", "executors", "deadline", "result"]),
    # «Мероприятия» spans «№» and «Наименование», as in the Ленинск-Кузнецкий document.
    "leninsk": Layout(["№ п/п", "Мероприятия", "", "Сроки", "Ответственные"],
                      ["number", None, "action", "deadline", "executors"],
                      ["", "№", "Наименование", "", ""]),
}  # fmt: skip

WORKING_GROUP = [
    ("Ласкожевская Елена Владимировна", "начальник управления образования"),
    ("Копейкина Лариса Михайловна", "директор МБОУ ДПО «Научно-методический центр»"),
    ("Калькина Светлана Юрьевна", "главный специалист управления образования"),
]


def content_of(roadmap: ParsedRoadmap) -> list[tuple[str, object]]:
    """[("section", "2. Информационное сопровождение"), ("item", {role: text or lines}), …]."""
    rows: list[tuple[str, object]] = []
    section = None
    for item in roadmap.items:
        if item.section != section:
            section = item.section
            number = next(s.number for s in roadmap.sections if s.title == section) if section else ""
            if section:
                rows.append(("section", f"{number}. {section}" if number else section))
        parts = item.action.split("; - ")
        # A list inside the cell, one paragraph per entry: «…по блокам: - «Кадры…»;» / «- «…»;» / …
        action_lines = [part + ";" for part in parts[:-1]] + [parts[-1]]
        action_lines = action_lines[:1] + [f"- {line}" for line in action_lines[1:]]
        rows.append(("item", {
            "number": item.number, "action": action_lines, "deadline": [item.deadline.text],
            "executors": item.executors, "result": [item.result] if item.result else [],
        }))  # fmt: skip
    return rows


def title_paragraphs(title: str) -> list[str]:
    # A heading line and its continuation, as in the documents: «ДОРОЖНАЯ КАРТА» / «по реализации …».
    head, sep, rest = title.partition(" по ")
    return [head, f"по {rest}"] if sep else [title]


def _cell_lines(layout: Layout, content: dict) -> list[list[str]]:
    cells = []
    for role in layout.roles:
        value = content.get(role) if role else None
        if value is None:
            cells.append([])
        elif isinstance(value, str):
            cells.append([value] if value else [])
        else:
            cells.append(list(value))
    return cells


# -- Word -------------------------------------------------------------------------------------


def _fill(cell, lines: list[str]) -> None:
    cell.text = lines[0] if lines else ""
    for line in lines[1:]:
        cell.add_paragraph(line)


def _docx_header(table, layout: Layout) -> None:
    top = table.add_row().cells
    if not layout.subheader:
        for cell, text in zip(top, layout.header, strict=True):
            cell.text = text
        return
    below = table.add_row().cells
    column = 0
    while column < len(layout.header):
        text = layout.header[column]
        span = 1
        while column + span < len(layout.header) and not layout.header[column + span]:
            span += 1
        if span > 1:  # a header over several sub-columns
            top[column].merge(top[column + span - 1]).text = text
            for offset in range(span):
                below[column + offset].text = layout.subheader[column + offset]
        else:  # a header standing over both header rows
            top[column].merge(below[column]).text = text
        column += span


def _page(document, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section = document.sections[0]
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))


def _shape_table(table, layout: Layout, ruled: bool, widths_mm: list[int] | None) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    if ruled:
        table.style = "Table Grid"
    if widths_mm:
        table.autofit = False
        for row in table.rows:
            for cell, width in zip(row.cells, widths_mm, strict=False):
                cell.width = Mm(width)
    # Word repeats the header rows at the top of every page.
    for row in table.rows[: 2 if layout.subheader else 1]:
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(header)


def build_docx(
    path: Path,
    roadmap: ParsedRoadmap,
    layout: Layout,
    repeat_header_after: int = 10,
    *,
    landscape: bool = False,
    ruled: bool = False,
    widths_mm: list[int] | None = None,
) -> Path:
    """The roadmap as a Word order; `landscape`, `ruled` (grid lines) and column widths shape the
    page as the PDF made from it will look."""
    document = Document()
    _page(document, landscape)
    document.add_paragraph("ПРИКАЗ")
    document.add_paragraph("Об утверждении дорожной карты и состава муниципальной рабочей группы")
    for line in title_paragraphs(roadmap.title):
        document.add_heading(line, level=1)
    table = document.add_table(rows=0, cols=len(layout.roles))
    _docx_header(table, layout)
    for index, (kind, content) in enumerate(content_of(roadmap)):
        if index and index % repeat_header_after == 0:
            _docx_header(table, layout)  # the header typed again after a page break
        row = table.add_row().cells
        if kind == "section":
            row[0].merge(row[-1]).text = content
            continue
        for cell, lines in zip(row, _cell_lines(layout, content), strict=True):
            _fill(cell, lines)
    _shape_table(table, layout, ruled, widths_mm)
    document.add_paragraph("Начальник управления образования")
    document.add_paragraph("Состав муниципальной рабочей группы")
    group = document.add_table(rows=0, cols=2)
    for name, position in WORKING_GROUP:
        cells = group.add_row().cells
        cells[0].text, cells[1].text = name, f"- {position}"
    document.save(path)
    return path


# -- Excel and CSV ----------------------------------------------------------------------------


def _grid(roadmap: ParsedRoadmap, layout: Layout) -> list[tuple[str, list[str]]]:
    """Rows as ("title" | "header" | "section" | "item", cells) with cell lines joined by newlines."""
    width = len(layout.roles)
    rows = [("title", [roadmap.title] + [""] * (width - 1)), ("header", list(layout.header))]
    if layout.subheader:
        rows.append(("header", list(layout.subheader)))
    for index, (kind, content) in enumerate(content_of(roadmap)):
        if index and index % 12 == 0:
            rows.extend(row for row in rows[1:3] if row[0] == "header")
        if kind == "section":
            rows.append(("section", [content] + [""] * (width - 1)))
        else:
            rows.append(("item", ["\n".join(lines) for lines in _cell_lines(layout, content)]))
    return rows


def build_xlsx(path: Path, roadmap: ParsedRoadmap, layout: Layout) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Дорожная карта"
    width = len(layout.roles)
    for number, (kind, cells) in enumerate(_grid(roadmap, layout), start=1):
        sheet.append(cells)
        if kind in ("title", "section"):
            sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=width)
    group = workbook.create_sheet("Рабочая группа")
    for name, position in WORKING_GROUP:
        group.append([name, position])
    workbook.save(path)
    return path


def build_csv(path: Path, roadmap: ParsedRoadmap, layout: Layout, delimiter: str, encoding: str) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    for _, cells in _grid(roadmap, layout):
        writer.writerow(cells)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


# -- PDF ---------------------------------------------------------------------------------------


def minimal_pdf(pages: int, contents: bytes = b"", inflated_mb: int = 0) -> bytes:
    """A PDF of `pages` A4 pages sharing one content stream, written by hand: `contents` drawn on
    each, or (`inflated_mb`) a Flate stream of that many MB of zeros — a «PDF bomb»."""
    if inflated_mb:
        packer, zeros = zlib.compressobj(9), b"\0" * (1024 * 1024)
        stream = b"".join(packer.compress(zeros) for _ in range(inflated_mb)) + packer.flush()
    else:
        stream = contents
    flate = b"/Filter /FlateDecode " if inflated_mb else b""
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< " + flate + b"/Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"] * pages
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()
