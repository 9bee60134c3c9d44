"""Load a spreadsheet (CSV in any of the encodings officials produce, or XLSX) as a frame of strings.

Everything is read as text so that «33,3», «-», «н/д» and «45 %» survive to the validation step,
which reports them by row and column. The header row is found by the caller's ``score`` function
(how many cells it recognises), because real files often start with a title such as
«Приложение 3 к приказу …» above the table.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl

from opora.core.filetypes import TEXT, XLSX, Limits, UnsafeFile, require_kind
from opora.core.tabular import TableFileError, bomless_utf16, detect_encoding, utf8_bytes

HEADER_SEARCH_ROWS = 30
_SNIFF_BYTES = 256 * 1024
_DELIMITERS = (";", "\t", ",")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass(frozen=True)
class CellError:
    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if not self.file:  # a message that names the file itself (core.filetypes, core.tabular)
            return self.message
        parts = [f"Файл «{self.file}»"]
        if self.row is not None:
            parts.append(f"строка {self.row}")
        if self.column:
            parts.append(f"столбец {self.column}")
        return ", ".join(parts) + f": {self.message}"


class ResultsFileError(ValueError):
    """A results file cannot be accepted. The message is Russian and names file, row and column."""

    max_listed = 50

    def __init__(self, errors: Sequence[CellError] | str, file: str | None = None, *, more: int = 0):
        """`more`: how many further errors were found but not listed (a file with an error in each
        of 600,000 rows is described by its first errors and a count)."""
        if isinstance(errors, str):
            errors = [CellError(file or "", None, None, errors)]
        self.errors = list(errors)
        self.more = more
        super().__init__(self._message())

    @property
    def total(self) -> int:
        return len(self.errors) + self.more

    def lines(self, limit: int) -> list[str]:
        """At most `limit` messages and «… и ещё N ошибок»: what is stored and shown."""
        from opora.core.tabular import more_line

        lines = [str(e) for e in self.errors[:limit]]
        rest = self.total - len(lines)
        return [*lines, more_line(rest)] if rest > 0 else lines

    def _message(self) -> str:
        from opora.core.russian import plural

        lines = self.lines(self.max_listed)
        if self.total > 1:
            n = self.total
            lines.insert(0, f"Найдено {n} {plural(n, 'ошибка', 'ошибки', 'ошибок')}:")
        return "\n".join(lines)


@dataclass(frozen=True)
class CsvTable:
    """Where a CSV's table starts and how its cells are split: enough to read it as text, or to read
    chosen columns with their types in one pass (a clean national file, see ``results_typed``)."""

    source: Path | bytes
    path: Path
    delimiter: str
    skip: int  # lines above the header row
    name: str
    top: bytes = b""  # the file's first whole lines, where the header row was found

    def head(self, rows: int) -> list[tuple]:
        """The first rows from the header row on, as text, read from the top of the file alone
        (the same parser, so the same cells as the whole file's first rows)."""
        table = replace(self, source=self.top)
        return table._scan(self.skip, infer_schema=False, n_rows=rows).collect().rows()

    def _scan(self, skip: int, **options) -> pl.LazyFrame:
        source = io.BytesIO(self.source) if isinstance(self.source, bytes) else self.source
        return pl.scan_csv(
            source,
            separator=self.delimiter,
            has_header=False,
            skip_rows=skip,
            truncate_ragged_lines=True,
            quote_char='"',
            **options,
        )

    def text(self) -> pl.DataFrame:
        """Every cell as text, each column stored as a dictionary of its distinct values (Categorical):
        a national file repeats names, years, procedures and small numbers 640,000 times, and as
        plain strings it would take three times the memory. Read in streaming batches, so the whole
        file is never held as text at once."""
        try:
            try:
                return self._categorical()
            except pl.exceptions.ComputeError as exc:
                if "utf-8" not in str(exc).lower() or not isinstance(self.source, Path):
                    raise
                # Valid UTF-8 at the top, Windows-1251 further down: a file glued from two exports.
                try:
                    recoded = utf8_bytes(self.path.read_bytes(), self.name)
                except TableFileError as error:
                    raise ResultsFileError(str(error)) from None
                return replace(self, source=recoded)._categorical()
        except (pl.exceptions.PolarsError, ValueError) as exc:
            if isinstance(exc, ResultsFileError):
                raise
            raise ResultsFileError(f"таблицу CSV не удалось разобрать ({exc})", self.name) from None

    def _categorical(self) -> pl.DataFrame:
        scan = self._scan(self.skip, infer_schema=False)
        return scan.select(pl.all().cast(pl.Categorical)).collect(engine="streaming")

    def typed(
        self, dtypes: Sequence[pl.DataType], *, skip: int, first_row: int, null_values: Sequence[str]
    ) -> pl.DataFrame | None:
        """The columns whose type is given (the others are not read), ``skip`` rows below the header
        row, cells in ``null_values`` read as missing, decimal commas as decimals; a row number in
        ``source_row`` counting from ``first_row``. None when any cell does not parse as its type:
        the caller then reads the file as text, which can say which cell is wrong."""
        if self.delimiter == ",":  # a comma cannot both split cells and mark decimals
            return None
        schema = {f"c{i}": pl.String if dtype == pl.Null else dtype for i, dtype in enumerate(dtypes)}
        wanted = [f"c{i}" for i, dtype in enumerate(dtypes) if dtype != pl.Null]
        try:
            scan = self._scan(
                self.skip + skip,
                schema=schema,
                decimal_comma=True,
                null_values=list(null_values),
                row_index_name="source_row",
                row_index_offset=first_row,
            )
            return scan.select("source_row", *wanted).collect()
        except (pl.exceptions.PolarsError, ValueError, OverflowError):
            return None


class Sheet:
    """The table of a file: a frame of text whose row 0 is the header row. A CSV's frame is read when
    first used, so that a reader that can take its columns typed (``csv.typed``) never reads it as text."""

    def __init__(
        self, frame: pl.DataFrame | None, first_row: int, columns: list[int] | None = None, csv: CsvTable | None = None
    ):
        self._frame = frame
        self.first_row = first_row  # the spreadsheet's 1-based number of the header row
        self.columns = columns or []  # absolute 0-based index of each frame column (none: the same)
        self.csv = csv

    @property
    def frame(self) -> pl.DataFrame:
        if self._frame is None:
            self._frame = self.csv.text()  # type: ignore[union-attr]
        return self._frame

    def head(self, rows: int) -> list[tuple]:
        """The first rows (the header row first) as text, without reading the rest of a CSV."""
        if self._frame is None and self.csv is not None:
            try:
                top = self.csv.head(rows)
                if len(top) == rows:  # fewer: the top ends within these rows, so read the file
                    return top
            except (pl.exceptions.PolarsError, ValueError):
                return self.frame.head(rows).rows()  # the full read explains what is wrong
        return self.frame.head(rows).rows()

    def letter(self, position: int) -> str:
        return column_letter(self.columns[position] if position < len(self.columns) else position)


def column_letter(index: int) -> str:
    """0 → A, 27 → AB: how Excel names the column the user has to look at."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# A national results file (640,000 rows: 40,000 schools × 8 procedures × 2 years) unpacks to
# 220–400 MB of sheet XML (shared strings as Excel writes them, or inline strings as some exporters
# do); its parts compress 8–15 times. 600 MB leaves room for that file and then some, and refuses
# a 1.2 GB bomb from its directory alone; a bomb made of repeated rows compresses hundreds or
# thousands of times and is refused by its ratio whatever its size.
RESULTS_LIMITS = Limits(unpacked_mb=600)
RESULTS_KINDS = (XLSX, TEXT)


def load_sheet(
    path: Path, score: Callable[[Sequence[str | None]], int], name: str | None = None, *, deferred: bool = False
) -> Sheet:
    """`name` is the file as the user named it (an upload's original name); every message uses it.
    ``deferred``: a CSV's text is read when the sheet's frame is first used (errors are raised then)."""
    name = name or path.name
    try:
        with path.open("rb") as fh:
            head = fh.read(_SNIFF_BYTES)
            whole = len(head) < _SNIFF_BYTES
            fh.seek(0)
            if bomless_utf16(head):
                detect_encoding(head, name, complete=whole)  # refuses it, for its encoding
            kind = TEXT if head.startswith(_UTF16_BOMS) else require_kind(fh, name, RESULTS_KINDS, RESULTS_LIMITS)
    except FileNotFoundError:
        raise ResultsFileError("файл не найден", name) from None
    except IsADirectoryError:
        raise ResultsFileError("это папка, а не файл", name) from None
    except TableFileError as exc:
        raise ResultsFileError(str(exc)) from None
    except UnsafeFile as exc:
        if whole and not head.strip():
            raise ResultsFileError("файл пуст", name) from None
        raise ResultsFileError(str(exc)) from None
    except OSError as exc:
        raise ResultsFileError(f"файл не удаётся прочитать ({exc.strerror})", name) from None
    if whole and not head.strip():
        raise ResultsFileError("файл пуст", name)
    if kind == XLSX:
        return _load_workbook(path, score, name)
    return _load_csv(path, head, whole, score, name, deferred)


def _not_a_table(name: str) -> ResultsFileError:
    return ResultsFileError("файл не похож на таблицу: ожидается CSV или XLSX с результатами", name)


def _load_csv(
    path: Path, head: bytes, whole: bool, score: Callable[[Sequence[str | None]], int], name: str, deferred: bool
) -> Sheet:
    """Detect the encoding (core.tabular, the one place for it), delimiter and header row from the
    first 256 KB; let Polars parse the rest.

    A UTF-8 file is handed to Polars by path (it maps the file and strips the BOM itself); other
    encodings are converted to UTF-8 in memory once, by core.tabular."""
    source: Path | bytes = path
    try:
        encoding = detect_encoding(head, name, complete=whole)
        if encoding in ("utf-16", "cp1251"):
            source = utf8_bytes(path.read_bytes(), name)
            head, whole = source[:_SNIFF_BYTES], len(source) <= _SNIFF_BYTES
    except TableFileError as exc:
        raise ResultsFileError(str(exc)) from None
    head = head.removeprefix(codecs.BOM_UTF8)
    if not whole:
        head = head[: head.rfind(b"\n") + 1] or head
    control = sum(head.count(bytes([b])) for b in range(32) if b not in (9, 10, 13))
    if control > len(head) // 100:
        raise _not_a_table(name)
    text = head.decode("utf-8", errors="replace")
    lines = text.splitlines()[:HEADER_SEARCH_ROWS]
    best = (0, 0, 0, ";")  # (recognised cells, non-empty cells, -line index, delimiter)
    for delimiter in _DELIMITERS:
        for index, cells in enumerate(csv.reader(lines, delimiter=delimiter)):
            found = score(cells)
            if found >= 2:
                filled = sum(1 for c in cells if c.strip())
                best = max(best, (found, filled, -index, delimiter))
                break
    found, _, minus_index, delimiter = best
    if not found:
        return _first_line_sheet(lines)  # the caller reports which columns are missing
    table = CsvTable(source, path, delimiter, -minus_index, name, head)
    return Sheet(None if deferred else table.text(), -minus_index + 1, csv=table)


def _first_line_sheet(lines: list[str]) -> Sheet:
    first = next((line for line in lines if line.strip()), "")
    cells = max((next(csv.reader([first], delimiter=d)) for d in _DELIMITERS), key=len, default=[""])
    cells = cells or [""]
    schema = {f"column_{i}": pl.String for i in range(len(cells))}
    return Sheet(pl.DataFrame([cells], schema=schema, orient="row"), 1, list(range(len(cells))))


def _load_workbook(path: Path, score: Callable[[Sequence[str | None]], int], name: str) -> Sheet:
    try:
        sheets = _fastexcel_sheets(path)
    except Exception:
        # fastexcel (calamine) rejects a few unusual but valid files; openpyxl is slower but lenient.
        try:
            sheets = _openpyxl_sheets(path)
        except Exception:
            raise _not_a_table(name) from None
    first = None
    for frame, columns in sheets:
        head = frame.head(HEADER_SEARCH_ROWS).rows()
        for index, cells in enumerate(head):
            if score(cells) >= 2:
                return Sheet(frame.slice(index), index + 1, columns)
        if first is None:
            first = Sheet(frame, 1, columns)
    if first is None:
        raise ResultsFileError("в книге нет листов с данными", name)
    return first


def _fastexcel_sheets(path: Path):
    import fastexcel

    reader = fastexcel.read_excel(str(path))
    loaded = []
    for index in range(len(reader.sheet_names)):
        # skip_rows=0 keeps leading empty rows, so frame row i is spreadsheet row i + 1.
        sheet = reader.load_sheet(index, header_row=None, skip_rows=0, dtypes="string")
        frame = sheet.to_polars()
        columns = [c.absolute_index for c in sheet.available_columns()]
        frame.columns = [f"column_{i}" for i in range(frame.width)]
        loaded.append((frame, columns))
    return loaded


def _openpyxl_sheets(path: Path):
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    loaded = []
    for ws in workbook.worksheets:
        rows = [[_cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
        width = max((len(r) for r in rows), default=0)
        rows = [r + [None] * (width - len(r)) for r in rows]
        schema = {f"column_{i}": pl.String for i in range(width)}
        loaded.append((pl.DataFrame(rows, schema=schema, orient="row"), list(range(width))))
    workbook.close()
    return loaded


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
