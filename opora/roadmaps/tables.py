"""The tables of an uploaded document, as rows of cell strings, with its text paragraphs apart.

Pure module (no Django; `opora.core.filetypes` and `opora.core.tabular` are pure too). Reads:

- ``.docx`` — every table of the body in order; a horizontally merged cell gives its text once,
  in its first column, and empty strings for the columns it spans (so columns stay aligned); a
  vertically merged cell keeps its text in the first row only; paragraphs inside a cell are
  joined with a newline;
- ``.xlsx`` — one table per sheet, merged cells likewise;
- ``.pdf`` with a text layer — tables recovered from the page layout by `pdf_tables`;
- ``.csv`` / ``.tsv`` — UTF-8 (with or without BOM) or Windows-1251, delimiter detected;
- ``.md`` / ``.txt`` — text extracted from PDF or Word: markdown pipe tables and tab-separated
  rows. A table goes on across blank lines (page breaks) and ends at a line of ordinary text;
  ``<b>``/``<i>`` tags and ``**`` are dropped.

Before anything is read, `check_document` decides what the file is from its bytes (not its name)
and refuses an archive that would unpack past ARCHIVE_LIMITS, a PDF bomb or a PDF of more than
`pdf_tables.MAX_PAGES` pages, text past MAX_TEXT_MB, anything other than Word, Excel, PDF or
text; while reading, a document with more than MAX_ROWS non-empty rows
is refused. Word and Excel are streamed, a row at a time, so memory does not grow with the length.

In every format empty filler rows are dropped, and so is a later copy of the table's header row
(the header that Word or a PDF repeats on each page). Rows of extracted text are left as they
came — their widths vary and a row broken by a page break continues on the next lines — for
`parse.py` to piece together, since only it knows which column holds the item number.
"""

import csv
import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from opora.core.filetypes import DOCX, PDF, TEXT, XLSX, Limits, UnsafeFile, kind_of, require_kind
from opora.core.tabular import TableFileError, decode_text

KINDS = (DOCX, XLSX, PDF, TEXT)
# What a roadmap document may unpack to. A Word order with a 3,000-item table is 10–20 MB of XML
# (Word writes about 5 KB per table row); 64 MB leaves room for embedded scans of signatures and
# stamps, while a bomb that expands to gigabytes is refused from the archive's directory alone.
# The same for a workbook: its sheet XML and shared strings of 3,000 items are a few MB.
ARCHIVE_LIMITS = Limits(unpacked_mb=64)
# Text, CSV: a 3,000-item roadmap is 1–10 MB; a national file is not a roadmap.
MAX_TEXT_MB = 20
# A roadmap has at most MAX_ITEMS items (checked in parse.py); a document whose tables hold many
# more non-empty rows than that (sections and rows broken by page breaks included) is refused
# while it is read, before it takes the memory and the minutes.
MAX_ITEMS = 3_000
MAX_ROWS = 3 * MAX_ITEMS
# No roadmap has more columns; cells past it are dropped (a row padded to column XFD is not read).
MAX_COLUMNS = 60
# The web's upload limit (OPORA_MAX_UPLOAD_MB) by default; the command line reads no bigger file.
MAX_FILE_MB = 100
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def thousands(number: int) -> str:
    """3000 → «3 000», as Russian text writes it (a no-break space between the groups)."""
    return f"{number:,}".replace(",", "\u00a0")


class UnreadableDocument(ValueError):
    """The file cannot be read; the message is in Russian, for the user."""


@dataclass
class Table:
    rows: list[list[str]]
    position: int = 0  # how many of the document's paragraphs come before the table
    extracted: bool = False  # text extracted from PDF/Word: widths vary, rows break across pages
    bold: frozenset[int] = frozenset()  # indices of rows written in bold (known from PDF)


@dataclass
class Document:
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


def read_document(path: str | Path) -> Document:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_MB * 1024 * 1024:
            raise UnreadableDocument(
                f"Файл «{path.name}» слишком велик для дорожной карты: {size // (1024 * 1024)} МБ, "
                f"допускается не более {MAX_FILE_MB} МБ."
            )
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise UnreadableDocument(f"Файл «{path}» не найден.") from exc
    except OSError as exc:
        raise UnreadableDocument(f"Файл «{path}» не удаётся прочитать.") from exc
    return read_document_bytes(data, path.name)


def check_document(data: bytes, filename: str) -> str:
    """The document's kind (DOCX, XLSX, PDF or text) if it may be read; else UnreadableDocument with
    what the file really is. What the file is comes from its bytes, not its name: a PDF renamed
    .docx is read as a PDF, a program renamed .docx is refused; an archive or a PDF that would
    unpack past its limits is refused before it is opened; so is text past MAX_TEXT_MB."""
    if not data.strip():
        raise UnreadableDocument(f"Файл «{filename}» пуст.")
    kind = TEXT if data.startswith(_UTF16_BOMS) else kind_of(data)
    try:
        kind = require_kind(data, filename, KINDS, ARCHIVE_LIMITS)
    except UnsafeFile as exc:
        raise UnreadableDocument(str(exc)) from exc
    if kind == PDF:
        from .pdf_tables import check_pdf

        check_pdf(data, filename)
    if kind == TEXT and len(data) > MAX_TEXT_MB * 1024 * 1024:
        raise UnreadableDocument(
            f"Файл «{filename}» слишком велик для дорожной карты: {len(data) // (1024 * 1024)} МБ текста, "
            f"допускается не более {MAX_TEXT_MB} МБ. Разделите её на несколько карт."
        )
    return kind


def read_document_bytes(data: bytes, filename: str, on_page=None) -> Document:
    """The document's tables and paragraphs, once `check_document` lets it through. `on_page(done,
    total)` is told the pages of a PDF as they are read."""
    kind = check_document(data, filename)
    budget = _RowBudget(filename)
    if kind == DOCX:
        return _read_docx(data, filename, budget)
    if kind == XLSX:
        return _read_xlsx(data, filename, budget)
    if kind == PDF:
        from .pdf_tables import read_pdf

        return read_pdf(data, filename, budget, on_page)
    text = _decode(data, filename)
    if Path(filename).suffix.lower() in (".csv", ".tsv"):
        delimiter = "\t" if filename.lower().endswith(".tsv") else _detect_delimiter(text)
        rows = budget.take(csv.reader(io.StringIO(text), delimiter=delimiter))
        return Document([], [Table(_tidy(rows))])
    return _read_text(text, budget)


class _RowBudget:
    """Counts the non-empty rows read so far and stops the reading past MAX_ROWS."""

    def __init__(self, filename: str):
        self.filename, self.count = filename, 0

    def add(self, row: list) -> list:
        if any(cell and cell.strip() for cell in row):
            self.count += 1
            if self.count > MAX_ROWS:
                raise UnreadableDocument(
                    f"В файле «{self.filename}» больше {thousands(MAX_ROWS)} строк таблиц, а в дорожной карте "
                    f"может быть не более {thousands(MAX_ITEMS)} мероприятий. Разделите её на несколько карт."
                )
        return row[:MAX_COLUMNS]

    def take(self, rows: Iterable[list[str]]) -> list[list[str]]:
        return [self.add(row) for row in rows]


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
    return _tidy_marked(rows, [False] * len(rows), pad)[0]


def _tidy_marked(rows: list[list[str]], marks: list[bool], pad: bool = True) -> tuple[list[list[str]], frozenset[int]]:
    """The rows cleaned, without empty ones and later copies of the header; and which of the rows
    kept were marked (written in bold)."""
    kept = [([clean_cell(cell or "") for cell in row], mark) for row, mark in zip(rows, marks, strict=True)]
    kept = [(row, mark) for row, mark in kept if any(row)]
    if pad and kept:
        width = max(len(row) for row, _ in kept)
        kept = [(row + [""] * (width - len(row)), mark) for row, mark in kept]
    first = next((i for i, (row, _) in enumerate(kept) if sum(1 for cell in row if cell) >= 2), None)
    if first is not None:
        key = _row_key(kept[first][0])
        kept = kept[: first + 1] + [(row, mark) for row, mark in kept[first + 1 :] if _row_key(row) != key]
    return [row for row, _ in kept], frozenset(i for i, (_, mark) in enumerate(kept) if mark)


def _row_key(row: list[str]) -> tuple[str, ...]:
    cells = [cell.lower() for cell in row]
    while cells and not cells[-1]:
        cells.pop()
    return tuple(cells)


def _decode(data: bytes, filename: str) -> str:
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16")
    try:
        text = decode_text(data, filename)
    except TableFileError as exc:
        raise UnreadableDocument(str(exc)) from exc
    if _looks_misdecoded(text):
        raise UnreadableDocument(
            f"Файл «{filename}»: не удалось определить кодировку (текст читается как «{_sample(text)}…»). "
            "Сохраните его в UTF-8 или Windows-1251."
        )
    return text


_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
# Letters of Windows-1251 that Russian text never has, and its symbols: what KOI8-R or CP866 text
# turns into when it is read as Windows-1251.
_FOREIGN = re.compile(r"[ЂЃѓЉЊЌЋЏђљњќћџЎўЈҐЄЇІіґєјЅѕї¤¦§©®°±µ¶·‰€™]")


def _looks_misdecoded(text: str) -> bool:
    """Text in another Cyrillic encoding read as Windows-1251: KOI8-R makes most letters capitals
    («лМЕПНОПХЪРХЕ»), CP866 makes Ukrainian letters and symbols of half of them."""
    sample = text[:20000]
    letters = _CYRILLIC.findall(sample)
    if len(letters) < 50:
        return False
    capitals = sum(1 for letter in letters if letter.isupper())
    return capitals > 0.7 * len(letters) or len(_FOREIGN.findall(sample)) > 0.1 * len(letters)


def _sample(text: str) -> str:
    line = next((line for line in text.splitlines() if _CYRILLIC.search(line)), text)
    return " ".join(line.split())[:40]


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


def _read_text(text: str, budget: _RowBudget) -> Document:
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
        table.append(budget.add(cells))
    end_paragraph()
    end_table()
    return document


# -- Word ----------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_NAMES = {key: f"{_W}{key}" for key in ("p", "tbl", "tr", "tc", "t", "tab", "br", "cr", "sdt", "body")}
_NAMES |= {key: f"{_W}{key}" for key in ("sdtContent", "tcPr", "trPr", "gridSpan", "gridBefore", "vMerge", "val")}
_NAMES |= {key: f"{_W}{key}" for key in ("r", "rPr", "b")}


def _read_docx(data: bytes, filename: str, budget: _RowBudget) -> Document:
    """The body's paragraphs and tables, streamed from word/document.xml: each table row is turned
    into cells and dropped from memory as soon as it is read, so the memory a document takes does
    not grow with its length (python-docx would hold the whole XML tree, ~15 times the file)."""
    from lxml import etree

    names = _NAMES
    document = Document()
    table_element, rows, bold = None, [], []

    def top_level(element) -> bool:
        # The body's own paragraphs and tables, also inside content controls (sdt), not those in cells.
        parent = element.getparent()
        while parent is not None and parent.tag in (names["sdtContent"], names["sdt"]):
            parent = parent.getparent()
        return parent is not None and parent.tag == names["body"]

    def drop(element) -> None:
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("word/document.xml") as xml:
            events = etree.iterparse(
                xml,
                events=("start", "end"),
                tag=(names["p"], names["tbl"], names["tr"]),
                resolve_entities=False,
                no_network=True,
                huge_tree=False,
            )
            for event, element in events:
                tag = element.tag
                if event == "start":
                    if tag == names["tbl"] and table_element is None and top_level(element):
                        table_element, rows, bold = element, [], []
                    continue
                if tag == names["tr"] and table_element is not None and element.getparent() is table_element:
                    rows.append(budget.add(_docx_row(element, names)))
                    bold.append(_docx_bold(element, names))
                    drop(element)
                elif tag == names["tbl"] and element is table_element:
                    table, marked = _tidy_marked(rows, bold)
                    if table:
                        document.tables.append(Table(table, len(document.paragraphs), bold=marked))
                    table_element, rows, bold = None, [], []
                    drop(element)
                elif tag == names["p"] and table_element is None and top_level(element):
                    text = clean_cell(_docx_text(element, names))
                    if text:
                        document.paragraphs.append(text)
                    drop(element)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, etree.XMLSyntaxError) as exc:
        raise UnreadableDocument(f"Файл «{filename}» не открывается как документ Word (.docx).") from exc
    return document


def _docx_text(paragraph, names: dict) -> str:
    parts = []
    for node in paragraph.iter(names["t"], names["tab"], names["br"], names["cr"]):
        if node.tag == names["t"]:
            parts.append(node.text or "")
        else:
            parts.append(" " if node.tag == names["tab"] else "\n")
    return "".join(parts)


def _docx_bold(tr, names: dict) -> bool:
    """Every run of text in the row is bold (a title row typed in bold)."""
    runs = [run for run in tr.iter(names["r"]) if "".join(t.text or "" for t in run.iter(names["t"])).strip()]
    for run in runs:
        properties = run.find(names["rPr"])
        weight = properties.find(names["b"]) if properties is not None else None
        if weight is None or weight.get(names["val"]) in ("0", "false"):
            return False
    return bool(runs)


def _docx_row(tr, names: dict) -> list[str]:
    def number(parent, key: str) -> int:
        node = parent.find(names[key]) if parent is not None else None
        value = node.get(names["val"]) if node is not None else None
        return min(int(value), MAX_COLUMNS) if value and value.isdigit() else 0

    cells = [""] * number(tr.find(names["trPr"]), "gridBefore")
    for tc in tr.iterchildren(names["tc"]):
        properties = tc.find(names["tcPr"])
        merge = properties.find(names["vMerge"]) if properties is not None else None
        # A vMerge without val="restart" continues the cell above: its text stays there.
        continued = merge is not None and merge.get(names["val"]) in (None, "continue")
        text = "" if continued else "\n".join(_docx_text(p, names) for p in tc.iterchildren(names["p"]))
        cells.append(text)
        cells.extend([""] * (max(number(properties, "gridSpan"), 1) - 1))
        if len(cells) > MAX_COLUMNS:
            break
    return cells


# -- Excel ---------------------------------------------------------------------------------------


def _read_xlsx(data: bytes, filename: str, budget: _RowBudget) -> Document:
    """Every sheet, streamed (read-only mode: rows are parsed as they are iterated, never the
    whole workbook in memory)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zip, XML and key errors alike
        raise UnreadableDocument(f"Файл «{filename}» не открывается как книга Excel (.xlsx).") from exc
    document = Document()
    try:
        for sheet in workbook.worksheets:
            if not hasattr(sheet, "reset_dimensions"):  # a chart sheet has no cells
                continue
            # The size a sheet declares may be wrong (too small: rows would be lost; A1:XFD1048576:
            # every row padded to 16,384 cells): read the rows as they are, cut to MAX_COLUMNS.
            sheet.reset_dimensions()
            # Merged cells other than the top-left one read as None, i.e. an empty string.
            rows = budget.take(
                [_excel_text(value) for value in row[:MAX_COLUMNS]]
                for row in sheet.iter_rows(min_row=1, values_only=True)
            )
            rows = _tidy(rows)
            if rows:
                document.tables.append(Table(rows))
    except UnreadableDocument:
        raise
    except Exception as exc:
        raise UnreadableDocument(f"Файл «{filename}» не открывается как книга Excel (.xlsx).") from exc
    finally:
        workbook.close()
    return document


def _excel_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
