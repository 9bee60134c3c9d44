"""The tables of an uploaded document, as rows of cell strings, with its text paragraphs apart.

Pure module (no Django). Reads:

- ``.docx`` — every table of the body in order; a horizontally merged cell gives its text once,
  in its first column, and empty strings for the columns it spans (so columns stay aligned); a
  vertically merged cell keeps its text in the first row only; paragraphs inside a cell are
  joined with a newline;
- ``.xlsx`` — one table per sheet, merged cells likewise;
- ``.csv`` / ``.tsv`` — UTF-8 (with or without BOM) or Windows-1251, delimiter detected;
- ``.md`` / ``.txt`` — text extracted from PDF or Word: markdown pipe tables and tab-separated
  rows. A table goes on across blank lines (page breaks) and ends at a line of ordinary text;
  ``<b>``/``<i>`` tags and ``**`` are dropped.

In every format empty filler rows are dropped, and so is a later copy of the table's header row
(the header that Word or a PDF repeats on each page). Rows of extracted text are left as they
came — their widths vary and a row broken by a page break continues on the next lines — for
`parse.py` to piece together, since only it knows which column holds the item number.
"""

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

TEXT_SUFFIXES = {".md", ".txt", ".markdown"}
SUFFIXES = {".docx", ".xlsx", ".xlsm", ".csv", ".tsv"} | TEXT_SUFFIXES


class UnreadableDocument(ValueError):
    """The file cannot be read; the message is in Russian, for the user."""


@dataclass
class Table:
    rows: list[list[str]]
    position: int = 0  # how many of the document's paragraphs come before the table
    extracted: bool = False  # text extracted from PDF/Word: widths vary, rows break across pages


@dataclass
class Document:
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


def read_document(path: str | Path) -> Document:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise UnreadableDocument(f"Файл «{path}» не найден.") from exc
    except OSError as exc:
        raise UnreadableDocument(f"Файл «{path}» не удаётся прочитать.") from exc
    return read_document_bytes(data, path.name)


def read_document_bytes(data: bytes, filename: str) -> Document:
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise UnreadableDocument(
            f"Формат файла «{filename}» не поддерживается. Сохраните дорожную карту как .docx, .xlsx, "
            ".csv или как текст (.txt)."
        )
    if suffix == ".docx":
        return _read_docx(data, filename)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(data, filename)
    text = _decode(data, filename)
    if suffix in (".csv", ".tsv"):
        delimiter = "\t" if suffix == ".tsv" else _detect_delimiter(text)
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        return Document([], [Table(_tidy(rows))])
    return _read_text(text)


# -- cells and rows ------------------------------------------------------------------------------

_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_FILLER = re.compile(r"[-–—_*.\s]*")


def clean_cell(text: str) -> str:
    """Markup and odd spaces out, one space between words, lines kept; filler dashes are empty."""
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.IGNORECASE)
    text = _TAG.sub("", text).replace("**", "").replace("__", "")
    text = re.sub(r"[\u00a0\u2007\u202f\u200b\t\r]", " ", text)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    text = "\n".join(line for line in lines if line)
    return "" if _FILLER.fullmatch(text) else text


def _tidy(rows: list[list[str]], pad: bool = True) -> list[list[str]]:
    rows = [[clean_cell(cell or "") for cell in row] for row in rows]
    rows = [row for row in rows if any(row)]
    if pad and rows:
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
    header = next((row for row in rows if sum(1 for cell in row if cell) >= 2), None)
    if header is None:
        return rows
    key = _row_key(header)
    first = rows.index(header)
    return rows[: first + 1] + [row for row in rows[first + 1 :] if _row_key(row) != key]


def _row_key(row: list[str]) -> tuple[str, ...]:
    cells = [cell.lower() for cell in row]
    while cells and not cells[-1]:
        cells.pop()
    return tuple(cells)


def _decode(data: bytes, filename: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise UnreadableDocument(f"Файл «{filename}» не похож на текст.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace")


def _detect_delimiter(text: str) -> str:
    """The delimiter that splits most lines into the same number (more than one) of cells."""
    sample = "\n".join(text.splitlines()[:60])
    best, best_score = ";", 0
    for delimiter in (";", "\t", ",", "|"):
        widths = Counter(len(row) for row in csv.reader(io.StringIO(sample), delimiter=delimiter) if row)
        width, count = widths.most_common(1)[0] if widths else (0, 0)
        score = count if width > 1 else 0
        if score > best_score:
            best, best_score = delimiter, score
    return best


# -- text extracted from PDF or Word -------------------------------------------------------------

_PIPE_SEPARATOR = re.compile(r"\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?")


def _read_text(text: str) -> Document:
    document = Document()
    paragraph: list[str] = []
    table: list[list[str]] | None = None
    kind = ""

    def end_paragraph() -> None:
        if paragraph:
            joined = clean_cell(" ".join(paragraph)).lstrip("#").strip()
            if joined:
                document.paragraphs.append(joined)
            paragraph.clear()

    def end_table() -> None:
        nonlocal table
        if table:
            rows = _tidy(table, pad=False)
            if rows:
                document.tables.append(Table(rows, len(document.paragraphs), extracted=True))
        table = None

    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            end_paragraph()  # a blank line ends a paragraph but not a table (page breaks)
            continue
        if stripped.startswith("|"):
            if _PIPE_SEPARATOR.fullmatch(stripped):
                continue
            cells = re.split(r"(?<!\\)\|", stripped.strip("|"))
            line_kind = f"pipe{len(cells)}"  # pipe tables of another width are another table
        elif "\t" in line:
            cells, line_kind = line.rstrip("\r\n").split("\t"), "tab"
        else:
            end_table()
            paragraph.append(stripped)
            continue
        end_paragraph()
        if table is None or line_kind != kind:
            end_table()
            table, kind = [], line_kind
        table.append(cells)
    end_paragraph()
    end_table()
    return document


# -- Word ----------------------------------------------------------------------------------------


def _read_docx(data: bytes, filename: str) -> Document:
    from docx import Document as open_docx
    from docx.oxml.ns import qn

    try:
        body = open_docx(io.BytesIO(data)).element.body
    except Exception as exc:  # python-docx raises several kinds for a broken file
        raise UnreadableDocument(f"Файл «{filename}» не открывается как документ Word (.docx).") from exc
    names = {key: qn(f"w:{key}") for key in ("p", "tbl", "tr", "tc", "t", "tab", "br", "cr", "sdt")}
    names |= {key: qn(f"w:{key}") for key in ("sdtContent", "tcPr", "trPr", "gridSpan", "gridBefore")}
    names |= {"vMerge": qn("w:vMerge"), "val": qn("w:val")}
    document = Document()

    def walk(parent) -> None:
        for child in parent.iterchildren():
            if child.tag == names["p"]:
                text = clean_cell(_docx_text(child, names))
                if text:
                    document.paragraphs.append(text)
            elif child.tag == names["tbl"]:
                rows = _tidy(_docx_rows(child, names))
                if rows:
                    document.tables.append(Table(rows, len(document.paragraphs)))
            elif child.tag == names["sdt"]:  # content controls wrap ordinary paragraphs and tables
                content = child.find(names["sdtContent"])
                if content is not None:
                    walk(content)

    walk(body)
    return document


def _docx_text(paragraph, names: dict) -> str:
    parts = []
    for node in paragraph.iter(names["t"], names["tab"], names["br"], names["cr"]):
        if node.tag == names["t"]:
            parts.append(node.text or "")
        else:
            parts.append(" " if node.tag == names["tab"] else "\n")
    return "".join(parts)


def _docx_rows(table, names: dict) -> list[list[str]]:
    def number(parent, key: str) -> int:
        node = parent.find(names[key]) if parent is not None else None
        return int(node.get(names["val"])) if node is not None and node.get(names["val"]) else 0

    rows = []
    for tr in table.iterchildren(names["tr"]):
        cells = [""] * number(tr.find(names["trPr"]), "gridBefore")
        for tc in tr.iterchildren(names["tc"]):
            properties = tc.find(names["tcPr"])
            merge = properties.find(names["vMerge"]) if properties is not None else None
            # A vMerge without val="restart" continues the cell above: its text stays there.
            continued = merge is not None and merge.get(names["val"]) in (None, "continue")
            text = "" if continued else "\n".join(_docx_text(p, names) for p in tc.iterchildren(names["p"]))
            cells.append(text)
            cells.extend([""] * (max(number(properties, "gridSpan"), 1) - 1))
        rows.append(cells)
    return rows


# -- Excel ---------------------------------------------------------------------------------------


def _read_xlsx(data: bytes, filename: str) -> Document:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises zip, XML and key errors alike
        raise UnreadableDocument(f"Файл «{filename}» не открывается как книга Excel (.xlsx).") from exc
    document = Document()
    for sheet in workbook.worksheets:
        # Merged cells other than the top-left one read as None, i.e. an empty string.
        rows = [[_excel_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        rows = _tidy(rows)
        if rows:
            document.tables.append(Table(rows))
    return document


def _excel_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
