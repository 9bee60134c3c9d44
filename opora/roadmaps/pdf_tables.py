"""The tables and paragraphs of a PDF with a text layer, recovered from the page layout.

Pure module (no Django), on pdfplumber (pdfminer.six). `read_pdf(data, filename, budget)` returns
the same `tables.Document` as the Word reader, so a PDF order goes through the same table pipeline:

- a ruled table: pdfplumber finds its cells from the drawn lines; a cell merged across columns
  gives its text once, in its first column;
- a table without rules: its header line is found by its words' roles («Мероприятие», «Сроки»),
  its columns begin where the header's cells begin; lines are grouped into rows by the gaps
  between them (rows stand further apart than the lines of a cell: the commonest gap between
  lines that do not overlap); a list dash left alone on its line stays with its text; the columns
  go on over the next pages until two rows of running text (the paragraphs after the table) end it;
- the text of a cell is pieced together from its lines by `pdf_cell_text`: wrapped lines, words
  cut at a narrow cell's edge and line-end hyphens joined back, paragraphs kept;
- a table that goes on over the next page is one table: the header repeated at the top of the page
  stays a row for the parser to recognise, and so does the rest of a row cut by the page break
  (it has no number; `parse.py` joins it back);
- rows written in bold are noted (a bold title row without a number is a section).

`check_pdf` refuses, from the raw bytes, a PDF whose compressed streams would inflate past
MAX_INFLATED_MB or with a ratio no document has (a «PDF bomb»); `read_pdf` refuses one with more
than MAX_PAGES pages (counted from the page tree, before a page is read) and an encrypted one, and
reads the pages one at a time, dropping each page's layout after it; a PDF without a text layer (a
scan) gets a message saying so.
"""

from __future__ import annotations

import io
import itertools
import re
import zlib
from collections import Counter
from dataclasses import dataclass, field

from opora.core.russian import plural

from .pdf_cell_text import (
    Cell,
    Line,
    add_letter_statistics,
    carry_cut_word,
    cell_string,
    char_width,
    count_words,
)
from .tables import Document, Table, UnreadableDocument, _RowBudget, clean_cell, thousands

# Roadmaps as regions publish them run to tens of pages. A PDF is read by the task worker (the page
# shows its progress), at 0.35–0.6 s a page on 2 cores: 400 pages in up to four minutes, far inside
# `background.STALE_AFTER`; a longer one is refused with advice (a roadmap of 3,000 items comes as
# Word or Excel, read in seconds).
MAX_PAGES = 400
# What the streams of a PDF may inflate to: page contents and fonts of a few hundred pages are tens of MB.
MAX_INFLATED_MB = 256
MAX_RATIO = 1000  # text streams compress 3–10 times; a bomb, thousands of times
_STREAM = re.compile(rb"stream\r?\n")
_CHUNK = 1024 * 1024


def check_pdf(data: bytes, filename: str) -> None:
    """Refuses a PDF bomb from its raw bytes, before pdfminer inflates anything: every Flate
    stream is inflated a chunk at a time and counted, never held."""
    budget = MAX_INFLATED_MB * 1024 * 1024
    total = 0
    for match in _STREAM.finditer(data):
        start = match.end()
        end = data.find(b"endstream", start)
        if end < 0:
            break
        raw = data[start:end]
        inflater = zlib.decompressobj()
        size = 0
        try:
            piece = inflater.decompress(raw, _CHUNK)
            while piece:
                size += len(piece)
                if total + size > budget or (size > 10 * _CHUNK and size > MAX_RATIO * len(raw)):
                    raise UnreadableDocument(
                        f"Файл «{filename}» распаковывается в слишком большой объём (больше "
                        f"{MAX_INFLATED_MB} МБ или в {MAX_RATIO} раз больше сжатого): так бывает у файлов, созданных, "
                        "чтобы вывести сервер из строя. Сохраните документ в PDF заново."
                    )
                piece = inflater.decompress(inflater.unconsumed_tail, _CHUNK)
        except zlib.error:
            pass  # not a Flate stream (an image, another filter): pdfminer decides
        total += size


def read_pdf(data: bytes, filename: str, budget: _RowBudget, on_page=None) -> Document:
    """`on_page(done, total)`, if given, is told after each page is read."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    pages: list[_Page] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            count = len(pdf.pages)
            if count > MAX_PAGES:
                pages_word = plural(count, "страница", "страницы", "страниц")
                raise UnreadableDocument(
                    f"В файле «{filename}» {thousands(count)} {pages_word}, а дорожная карта может занимать не более "
                    f"{thousands(MAX_PAGES)} страниц PDF. Загрузите её в Word или Excel (такой файл читается за "
                    "секунды) или разделите на несколько карт."
                )
            state = _State()
            for done, page in enumerate(pdf.pages, 1):
                pages.append(_read_page(page, budget, state))
                page.close()  # drops the page's cached layout: memory stays that of one page
                if on_page is not None:
                    on_page(done, count)
    except UnreadableDocument:
        raise
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise UnreadableDocument(
            f"Файл «{filename}» защищён паролем. Снимите защиту (сохраните PDF заново без пароля) и загрузите его."
        ) from exc
    except (PDFSyntaxError, Exception) as exc:  # pdfminer raises many kinds on a broken file
        raise UnreadableDocument(f"Файл «{filename}» не открывается как документ PDF.") from exc
    if not any(page.has_text for page in pages):
        raise UnreadableDocument(
            f"В файле «{filename}» нет текстового слоя: похоже, это скан (изображение страниц). Распознавание "
            "текста пока не поддерживается — загрузите документ Word или PDF, сохранённый из текстового редактора."
        )
    return _document(pages)


# -- words, lines, cells -------------------------------------------------------------------------


@dataclass
class _Grid:
    rows: list[list[Cell | None]]
    bold: list[bool]
    top: float
    bottom: float


@dataclass
class _Page:
    has_text: bool
    blocks: list[tuple[float, object]] = field(default_factory=list)  # (top, paragraph lines | _Grid)


def _lines(words: list[dict]) -> list[Line]:
    """Words into lines, top to bottom, left to right."""
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1].words[0]["top"] - word["top"]) <= 2:
            lines[-1].words.append(word)
        else:
            lines.append(Line([word]))
    for line in lines:
        line.words.sort(key=lambda w: w["x0"])
    return lines


def _note_spaces(chars: list[dict], words: list[dict]) -> None:
    """Marks each word by whether the PDF writes a space after it. Writers keep the space at the end
    of a line that broke between words and have none where a word was cut: the surest sign of which."""
    order = {id(char): index for index, char in enumerate(chars)}
    spaces = any(char["text"] == " " for char in chars)
    for word in words:
        index = order.get(id(word.pop("chars")[-1]))
        if not spaces or index is None:
            word["space"] = None  # unknown: this writer leaves spaces out
        else:
            word["space"] = index + 1 < len(chars) and chars[index + 1]["text"].isspace()


def _inside(word: dict, box) -> bool:
    x = (word["x0"] + word["x1"]) / 2
    y = (word["top"] + word["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _is_bold(word: dict) -> bool:
    return "bold" in word.get("fontname", "").lower()


def _read_page(page, budget: _RowBudget, state: _State) -> _Page:
    words = page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False, return_chars=True)
    result = _Page(has_text=bool(words))
    if not words:
        return result
    _note_spaces(page.chars, words)
    grids = [_ruled_grid(table, words) for table in page.find_tables() if len(table.columns) >= 2]
    if grids:
        state.edges = None
        taken = [(0, g.top, page.width, g.bottom) for g in grids]
        free = _lines([w for w in words if not any(_inside(w, box) for box in taken)])
    else:
        grids, free = _unruled_page(_lines(words), state)
    for grid in grids:
        for row in grid.rows:
            budget.add([cell.lines[0].text if cell and cell.lines else "" for cell in row])
        result.blocks.append((grid.top, grid))
    for paragraph in _paragraphs(free):
        result.blocks.append((paragraph[0].top, paragraph))
    result.blocks.sort(key=lambda block: block[0])
    return result


@dataclass
class _State:
    edges: list[float] | None = None  # the columns of a table without rules that may go on


def _unruled_page(lines: list[Line], state: _State) -> tuple[list[_Grid], list[Line]]:
    """A page without ruled tables: a table without rules begins at a header line (or goes on from
    the page before, at the top of this one)."""
    start = _header_line(lines)
    if start is not None:
        # The header is the lines from the header line on that stand as close as a cell's lines
        # (a second header row under a merged cell stands as close as that too).
        header_end, usual = start + 1, _usual_gap(lines)
        while header_end < len(lines) and header_end - start < 12:
            if lines[header_end].top - lines[header_end - 1].bottom > max(2 * usual, usual + 3):
                if _header_line(lines[header_end : header_end + 1]) is None:
                    break
            header_end += 1
        state.edges = _header_edges(lines[start:header_end])
    elif state.edges is not None and lines:
        start = 0
    if start is None or state.edges is None or len(state.edges) < 2:
        state.edges = None
        return [], lines
    grid, taken = _unruled_grid(lines[start:], state.edges)
    if start + taken < len(lines):
        state.edges = None  # the table ended on this page
    return [grid], lines[:start] + lines[start + taken :]


def _ruled_grid(table, words: list[dict]) -> _Grid:
    inside = [w for w in words if _inside(w, table.bbox)]
    rows: list[list[Cell | None]] = []
    bold: list[bool] = []
    rights: dict[int, float] = {}  # the rightmost text of each column: where its lines stop
    for row in table.rows:
        cells: list[Cell | None] = []
        row_words = []
        for column, box in enumerate(row.cells):
            if box is None:
                cells.append(None)
                continue
            mine = [w for w in inside if _inside(w, box)]
            row_words += mine
            lines = _lines(mine)
            single = column < len(table.columns) and abs(box[2] - table.columns[column].bbox[2]) < 1
            cells.append(Cell(lines, column if single else -1 - column))
            if lines and single:
                rights[column] = max(rights.get(column, 0.0), *(line.x1 for line in lines))
        rows.append(cells)
        bold.append(bool(row_words) and all(_is_bold(w) for w in row_words))
    # Where a column's lines stop: its rightmost text, or, when no line of it is full, the cell's
    # right side less the padding its text keeps from the left side.
    pads: dict[int, float] = {}
    for cells, row in zip(rows, table.rows, strict=True):
        for column, (cell, box) in enumerate(zip(cells, row.cells, strict=True)):
            if cell is not None and cell.lines and cell.right >= 0:
                pad = min(line.words[0]["x0"] for line in cell.lines) - box[0]
                pads[column] = min(pads.get(column, pad), pad)
    for cells, row in zip(rows, table.rows, strict=True):
        for cell, box in zip(cells, row.cells, strict=True):
            if cell is not None:  # `right` held the column (or, merged, -1 - column) until now
                column = int(cell.right)
                if column >= 0 and column in rights:
                    cell.right = max(rights[column], box[2] - max(pads.get(column, 5.0), 0.0))
                else:
                    cell.right = box[2] - 5
    return _Grid(rows, bold, table.bbox[1], table.bbox[3])


def _segments(line: Line) -> list[list[dict]]:
    """The runs of words of a line that stand apart by more than a wide space (cells of a row)."""
    runs = [[line.words[0]]]
    for word in line.words[1:]:
        before = runs[-1][-1]
        if word["x0"] - before["x1"] > 1.5 * char_width(before):
            runs.append([word])
        else:
            runs[-1].append(word)
    return runs


def _header_line(lines: list[Line]) -> int | None:
    from .columns import role_of

    for index, line in enumerate(lines[:60]):
        roles = {role_of(word["text"]) for word in line.words} - {None}
        if len(roles) >= 2 and roles & {"action", "deadline"} and len(line.words) <= 12:
            return index
    return None


def _header_edges(lines: list[Line]) -> list[float]:
    """Where the columns begin: the left ends of the header's cells (all its lines)."""
    starts = sorted(run[0]["x0"] for line in lines for run in _segments(line))
    edges: list[float] = []
    for x in starts:
        if not edges or x - edges[-1] > 6:
            edges.append(x)
    return edges


def _column_of(word: dict, edges: list[float]) -> int:
    return max((i for i, edge in enumerate(edges) if edge <= word["x0"] + 2), default=0)


def _crosses(line: Line, edges: list[float]) -> bool:
    # Text running over a column's beginning: a section title across the table, or a paragraph.
    return any(run[0]["x0"] < edge - 2 < run[-1]["x1"] for run in _segments(line) for edge in edges[1:])


def _usual_gap(lines: list[Line]) -> float:
    """The gap between the lines of a cell: the commonest gap between lines that do not overlap
    (lines of two columns set a little apart in height overlap and tell nothing)."""
    gaps = Counter(round(b.top - a.bottom, 1) for a, b in itertools.pairwise(lines) if b.top - a.bottom >= 0)
    return gaps.most_common(1)[0][0] if gaps else 0.0


def _unruled_grid(lines: list[Line], edges: list[float]) -> tuple[_Grid, int]:
    """Rows of a table without rules from `lines` on: lines stand in one row while the gap between
    them is the usual gap of a cell's lines; the table ends with two rows of running text in a row
    (the paragraphs after it). Returns the grid and how many lines it took."""
    gaps = [b.top - a.bottom for a, b in itertools.pairwise(lines)]
    usual = _usual_gap(lines)
    groups: list[list[Line]] = [[lines[0]]]
    for gap, line in zip(gaps, lines[1:], strict=True):
        if gap > max(2 * usual, usual + 3):
            groups.append([line])
        else:
            groups[-1].append(line)
    groups = _markers_kept_with_their_text(groups)
    crossing = [all(_crosses(line, edges) for line in group) for group in groups]
    end = len(groups)
    for index in range(len(groups) - 1):
        if crossing[index] and crossing[index + 1]:
            end = index
            break
    groups = groups[:end]
    rights: dict[int, float] = {}
    for group in groups:
        for line in group:
            if not _crosses(line, edges):
                for word in line.words:
                    column = _column_of(word, edges)
                    rights[column] = max(rights.get(column, 0.0), word["x1"])
    rows, bold = [], []
    for group, across in zip(groups, crossing, strict=False):
        words = [w for line in group for w in line.words]
        if across:
            cells = [Cell(group, max(line.x1 for line in group))] + [None] * (len(edges) - 1)
        else:
            cells = [
                Cell(_lines([w for w in words if _column_of(w, edges) == i]), rights.get(i, 0.0))
                for i in range(len(edges))
            ]
        rows.append(cells)
        bold.append(all(_is_bold(w) for w in words))
    taken = sum(len(group) for group in groups)
    top = groups[0][0].top if groups else 0
    bottom = groups[-1][-1].bottom if groups else 0
    return _Grid(rows, bold, top, bottom), taken


_MARKER = re.compile(r"[-–—•·]")


def _markers_kept_with_their_text(groups: list[list[Line]]) -> list[list[Line]]:
    """A list item's dash left alone on its line (its text did not fit beside it) stands as far from
    the text above as the list's paragraphs do: it goes with the text below it, or, at the foot of
    the page, with the text above (the rest comes after the page break)."""
    kept: list[list[Line]] = []
    for index, group in enumerate(groups):
        if all(_MARKER.fullmatch(word["text"]) for line in group for word in line.words):
            if index + 1 < len(groups):
                groups[index + 1] = group + groups[index + 1]
                continue
            if kept:
                kept[-1] = kept[-1] + group
                continue
        kept.append(group)
    return kept


def _paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Lines into paragraphs: a wider gap or another font size begins a new one."""
    paragraphs: list[list[Line]] = []
    for line in lines:
        size = line.words[0].get("size", 0)
        if paragraphs:
            last = paragraphs[-1][-1]
            same_size = abs(last.words[0].get("size", 0) - size) < 0.5
            if same_size and line.top - last.bottom < 0.6 * size:
                paragraphs[-1].append(line)
                continue
        paragraphs.append([line])
    return paragraphs


def _vocabulary(pages: list[_Page]) -> Counter:
    """How often each word is written in the document (pieces of words cut at a line end too), and
    how often whole (see `pdf_cell_text.count_words`)."""
    counts: Counter = Counter()
    for page in pages:
        for _, block in page.blocks:
            if isinstance(block, _Grid):
                for row in block.rows:
                    for cell in row:
                        if cell:
                            count_words(cell.lines, counts, cell.right)
            else:
                count_words(block, counts)
    add_letter_statistics(counts)
    return counts


# -- the document --------------------------------------------------------------------------------


def _words_cut_by_page_breaks(pages: list[_Page], vocabulary: Counter) -> None:
    """A table that ends a page and goes on at the top of the next: a word cut at a cell's edge
    just before the page break is carried over to its rest (`pdf_cell_text.carry_cut_word`)."""
    from .columns import looks_like_header

    def blocks(page: _Page) -> list[object]:
        return [
            block
            for _, block in page.blocks
            if isinstance(block, _Grid) or not _is_page_number(" ".join(line.text for line in block))
        ]

    for page, following in itertools.pairwise(pages):
        ending, starting = blocks(page)[-1:], blocks(following)[:1]
        if not (ending and starting and isinstance(ending[0], _Grid) and isinstance(starting[0], _Grid)):
            continue
        last = ending[0].rows[-1]
        first = next((row for row in starting[0].rows if not looks_like_header([_plain(cell) for cell in row])), None)
        if first is None or len(first) != len(last):
            continue
        for before, after in zip(last, first, strict=True):
            if before is not None and after is not None:
                carry_cut_word(before, after, vocabulary)


def _plain(cell: Cell | None) -> str:
    return " ".join(line.text for line in cell.lines) if cell else ""


def _document(pages: list[_Page]) -> Document:
    vocabulary = _vocabulary(pages)
    _words_cut_by_page_breaks(pages, vocabulary)
    document = Document()
    current: tuple[list[list[str]], list[bool], int] | None = None

    def end_table() -> None:
        nonlocal current
        if current and current[0]:
            rows, bold, position = current
            marked = frozenset(i for i, flag in enumerate(bold) if flag)
            document.tables.append(Table(rows, position, extracted=True, bold=marked))
        current = None

    for page in pages:
        for _, block in page.blocks:
            if isinstance(block, _Grid):
                rows, bold = [], []
                for cells, is_bold in zip(block.rows, block.bold, strict=True):
                    texts = [clean_cell(cell_string(c, vocabulary)) if c else "" for c in cells]
                    if any(texts):
                        rows.append(texts)
                        bold.append(is_bold)
                if not rows:
                    continue
                width = len(rows[0])
                if current is not None and current[0] and len(current[0][0]) == width:
                    current[0].extend(rows)  # the table goes on over the page break
                    current[1].extend(bold)
                else:
                    end_table()
                    current = (rows, bold, len(document.paragraphs))
                continue
            text = clean_cell(" ".join(line.text for line in block))
            if text and not _is_page_number(text):
                end_table()
                document.paragraphs.append(text)
    end_table()
    return document


def _is_page_number(text: str) -> bool:
    return bool(re.fullmatch(r"(?:стр\.?\s*)?\d{1,4}(?:\s*(?:из|/)\s*\d{1,4})?", text.lower()))
