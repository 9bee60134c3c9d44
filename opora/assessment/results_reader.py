"""Read assessment results from CSV/XLSX into one canonical Polars frame, rejecting bad input.

Every cell is read as text and cleaned with vectorised Polars expressions («33,3» → 33.3,
«45 %» → 45, «-» / «н/д» → no data); Python loops run only over the bad rows, to word the
messages. A file is accepted whole or not at all: all its bad rows are reported together.

A clean long CSV (a national export) is first offered to ``results_typed``, which reads it in one
pass with typed columns and applies the same checks (``results_checks``); a file it does not take
as it is comes back here, so the wording of errors lives in one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import polars as pl

from .headers import FIELD_TITLES, MEASURES, Column, classify, header_rows, score
from .procedures import parse_procedure, procedure_label
from .results_checks import FIRST_YEAR, MISSING, accepted, check_flags, last_year, parse_year
from .results_typed import read_typed
from .sheets import CellError, ResultsFileError, Sheet, load_sheet

__all__ = ["CANONICAL_COLUMNS", "ResultsFileError", "read_results", "read_results_many"]

CANONICAL_COLUMNS = (
    "login", "name", "municipality", "year", "procedure",
    "participants", "low_count", "low_share", "high_share", "source_file", "source_row",
)  # fmt: skip
_TEXT_FIELDS = ("login", "name", "municipality", "year", "procedure", *MEASURES)
_MISSING_SET = frozenset(MISSING)
_MISSING_SQUEEZED = [m.replace(" ", "") for m in MISSING]
# Bad rows worded one by one; the rest of a file with an error in every row is counted, not listed.
MAX_WORDED_ROWS = 1000


def read_results(path: str | Path, *, name: str | None = None) -> pl.DataFrame:
    """Read one results file. ``name`` is how the user knows the file (an upload's original name)."""
    path = Path(path)
    name = name or path.name
    frame = _read_one(path, name)
    _raise_on_duplicates(frame)
    return frame.drop("_login_column")


def read_results_many(paths: Iterable[str | Path], names: Sequence[str] | None = None) -> pl.DataFrame:
    """Read several files (e.g. one per year) into one frame; a school × year × procedure may occur
    once across all of them."""
    paths = [Path(p) for p in paths]
    names = list(names) if names else [p.name for p in paths]
    frames, errors, more = [], [], 0
    for path, name in zip(paths, names, strict=True):
        try:
            frames.append(_read_one(path, name))
        except ResultsFileError as exc:
            errors.extend(exc.errors)
            more += exc.more
    if errors:
        raise ResultsFileError(errors, more=more)
    if not frames:
        return pl.DataFrame(schema=_output_schema())
    frame = pl.concat(frames, how="vertical")
    _raise_on_duplicates(frame)
    return frame.drop("_login_column")


def _output_schema() -> dict[str, pl.DataType]:
    from .rules import FRAME_SCHEMA

    schema = dict(FRAME_SCHEMA)
    schema["source_file"] = pl.String()
    return {c: schema[c] for c in CANONICAL_COLUMNS}


def _read_one(path: Path, name: str) -> pl.DataFrame:
    sheet = load_sheet(path, score, name, deferred=True)
    top = sheet.head(4)
    if not top:
        raise ResultsFileError("в файле нет ни одной строки", name)
    count, labels = header_rows(top)
    columns = [c for i, label in enumerate(labels) if (c := classify(i, label))]
    typed = read_typed(sheet, count, len(top[0]), columns, _pick(columns), name)
    if typed is not None:
        return typed
    raw, cells = _raw_long(sheet, count, columns, labels, name)
    if raw.height == 0:
        raise ResultsFileError("в таблице нет ни одной строки с данными", name)
    return _validated(raw, cells, name)


def _pick(columns: list[Column]) -> dict[str, Column]:
    """The best column per field: an exact title beats a prefix match, the first one breaks ties."""
    chosen: dict[str, Column] = {}
    for c in columns:
        if c.field and c.procedure is None and (c.field not in chosen or c.rank > chosen[c.field].rank):
            chosen[c.field] = c
    return chosen


def _raw_long(
    sheet: Sheet, count: int, columns: list[Column], labels: list[str], name: str
) -> tuple[pl.DataFrame, dict[tuple[int, str], str]]:
    """Bring either shape to text columns of the long shape, plus how to name each source cell."""
    fields = _pick(columns)
    wide = [c for c in columns if c.procedure is not None]
    problems = [c for c in columns if c.problem]
    data = sheet.frame.slice(count)
    first = sheet.first_row + count
    row = (pl.int_range(pl.len(), dtype=pl.Int64) + first).alias("source_row")

    def cell(c: Column) -> str:
        return f"{sheet.letter(c.position)} «{c.label}»"

    def text(c: Column | None, alias: str) -> pl.Expr:
        if c is None:
            return pl.lit(None, pl.String).alias(alias)
        return pl.col(data.columns[c.position]).alias(alias)

    long_mode = "procedure" in fields or not (wide or problems)
    if not long_mode and problems:
        raise ResultsFileError([CellError(name, sheet.first_row, cell(c), c.problem or "") for c in problems])
    missing = [] if "login" in fields else ["login"]
    if long_mode:
        missing += [f for f in ("year", "procedure") if f not in fields]
        if "low_share" not in fields and not {"low_count", "participants"} <= set(fields):
            missing.append("low_share")
    elif not any(c.field in ("low_share", "low_count") for c in wide):
        missing.append("low_share")
    if missing:
        raise ResultsFileError(_missing_message(missing, labels), name)

    used = [*fields.values(), *wide]
    data = data.with_columns(row)
    filled = data.select(pl.any_horizontal(pl.col(data.columns[c.position]).is_not_null() for c in used)).to_series()
    if not filled.all():  # blank lines between blocks, or below the table in a workbook
        data = data.filter(filled)
    cells: dict[tuple[int, str], str] = {}
    if long_mode:
        exprs = [text(fields.get(f), f) for f in _TEXT_FIELDS]
        cells.update({(0, f): cell(c) for f, c in fields.items()})
        return data.select(*exprs, "source_row", pl.lit(0).alias("_group")), cells

    data = data.with_columns(pl.col(pl.Categorical).cast(pl.String))  # order appendices: small tables
    groups: dict[tuple[str, int], dict[str, Column]] = {}
    for c in wide:
        if c.field is None:
            problem = "не указано, что в столбце: ожидается «% 2», «Получили «2»», «Участников» или «% Выс. рез-тов»"
            raise ResultsFileError([CellError(name, sheet.first_row, cell(c), problem)])
        group = groups.setdefault((c.procedure, c.year), {})  # type: ignore[arg-type]
        if c.field in group:
            problem = f"столбец повторяет столбец {cell(group[c.field])}"
            raise ResultsFileError([CellError(name, sheet.first_row, cell(c), problem)])
        group[c.field] = c
    parts = []
    for index, ((procedure, year), measures) in enumerate(groups.items()):
        exprs = [text(fields.get(f), f) for f in ("login", "name", "municipality")]
        exprs += [pl.lit(str(year)).alias("year"), pl.lit(procedure).alias("procedure")]
        exprs += [text(measures.get(f), f) for f in MEASURES]
        # A wide table has a cell for every school and procedure; an empty group means "no result",
        # as a missing row does in a long table (it must not count the school as checked).
        given = [
            pl.col(c).str.strip_chars().is_in(MISSING).not_()
            for c in [data.columns[m.position] for m in measures.values()]
        ]
        part = data.filter(pl.any_horizontal(given).fill_null(False))
        parts.append(part.select(*exprs, "source_row", pl.lit(index).alias("_group")))
        cells.update({(index, f): cell(c) for f, c in (fields | measures).items()})
    return pl.concat(parts, how="vertical"), cells


def _missing_message(missing: list[str], labels: list[str]) -> str:
    wanted = ", ".join(f"«{FIELD_TITLES[f]}»" for f in missing)
    seen = [label for label in labels if label][:15]
    found = ", ".join(f"«{label}»" for label in seen) or "нет"
    return (
        f"не найдены нужные столбцы: {wanted}. Найдены столбцы: {found}. Нужна таблица со столбцами "
        "«Логин ОО», «Год», «Процедура», «Участников», «Получили «2»» или «Доля «2»» — или со столбцами "
        "по процедурам и годам, например «ВПР МА 5 2019» с подстолбцами «% Выс. рез-тов» и «% 2»."
    )


def _by_value(raw: pl.DataFrame, field: str, exprs: list[pl.Expr]) -> pl.DataFrame:
    """`exprs` (over `pl.col(field)` as text) computed once per distinct value of the column and
    spread back over its rows, in row order: a national column has 640,000 cells but a few
    thousand distinct values, so text is cleaned and parsed thousands of times, not 640,000."""
    key = f"{field}:key"
    distinct = raw.select(pl.col(field).unique().alias(key))
    table = distinct.with_columns(pl.col(key).cast(pl.String).alias(field)).select(key, *exprs)
    rows = raw.select(pl.col(field).alias(key))
    return rows.join(table, on=key, how="left", nulls_equal=True, maintain_order="left").drop(key)


def _measures(raw: pl.DataFrame) -> pl.DataFrame:
    """Value and «no data» flag per measure column. Plain numbers and decimal commas («33,3») are
    read as they are; a column with any other cell that does not parse («45 %», «1 234») is cleaned
    as a whole, and its «no data» marks are recognised with spaces squeezed out («н / д»)."""
    parts = []
    for f in MEASURES:
        text = pl.col(f)
        cleaned = text.str.replace_all(r"[\s%]", "").str.replace(",", ".", literal=True)
        table = _by_value(
            raw,
            f,
            [
                text.str.replace(",", ".", literal=True).cast(pl.Float64, strict=False).alias(f),
                text.is_in(MISSING).fill_null(True).alias(f"{f}:missing"),
                cleaned.cast(pl.Float64, strict=False).alias(f"{f}:cleaned"),
                (text.is_null() | cleaned.is_in(_MISSING_SQUEEZED)).alias(f"{f}:cleaned_missing"),
            ],
        )
        messy = table.select((pl.col(f).is_null() & ~pl.col(f"{f}:missing")).any()).item()
        if messy:
            table = table.select(pl.col(f"{f}:cleaned").alias(f), pl.col(f"{f}:cleaned_missing").alias(f"{f}:missing"))
        parts.append(table.select(f, f"{f}:missing"))
    return pl.concat(parts, how="horizontal").select(*MEASURES, *[f"{f}:missing" for f in MEASURES])


def _mapped(raw: pl.DataFrame, field: str, parse, dtype: pl.DataType) -> tuple[pl.Expr, pl.Expr]:
    """Parse a column with few distinct values (year, procedure) once per distinct value."""
    distinct = raw.get_column(field).drop_nulls().unique().to_list()
    blank = [v for v in distinct if v.strip() in _MISSING_SET]
    mapping = {v: parse(v) for v in distinct if v not in blank}
    value = pl.col(field).replace_strict(mapping, default=None, return_dtype=dtype)
    return value, pl.col(field).is_null() | pl.col(field).is_in(blank)


def _validated(raw: pl.DataFrame, cells: dict[tuple[int, str], str], name: str) -> pl.DataFrame:
    year, year_missing = _mapped(raw, "year", parse_year, pl.Int64())
    procedure, procedure_missing = _mapped(raw, "procedure", parse_procedure, pl.String())
    login = pl.col("login")
    # Logins are compared as written by ФИС ОКО (lower case, no spaces); normalise only if needed.
    logins = raw.get_column("login").unique().cast(pl.String)
    if logins.str.contains(r"[^a-z0-9_.\-]").any():
        normal = _by_value(raw, "login", [login.str.strip_chars().str.to_lowercase().alias("login")])
        raw = raw.with_columns(normal.get_column("login").alias(":login"))
        login = pl.col(":login")
    parsed = raw.select(
        login.cast(pl.Categorical).alias("login"),
        # Names are kept as written (stripped where shown): trimming 600,000 of them costs more than
        # the rule itself, and the database keys schools by login.
        pl.col("name").cast(pl.Categorical).fill_null(""),
        pl.col("municipality").cast(pl.Categorical).fill_null(""),
        year.alias("year"),
        procedure.alias("procedure"),
        (login.is_null() | login.is_in(MISSING)).alias("login:missing"),
        year_missing.alias("year:missing"),
        procedure_missing.alias("procedure:missing"),
        "source_row",
        "_group",
    ).with_columns(_measures(raw))

    checks = check_flags()
    flags = [e.alias(f"!{k}") for k, e in checks.items()]
    mask = parsed.select(pl.any_horizontal(flags)).to_series()
    if mask.any():
        bad = parsed.filter(mask).with_columns(flags).hstack(raw.filter(mask).select(pl.all().name.prefix("raw:")))
        counts = bad.select(pl.sum_horizontal(pl.col(f"!{k}").cast(pl.Int64) for k in checks)).to_series()
        worded = _cell_errors(bad.head(MAX_WORDED_ROWS), list(checks), cells, name)
        raise ResultsFileError(worded, more=int(counts.slice(MAX_WORDED_ROWS).sum()))
    return accepted(parsed, name, cells[(0, "login")])


_MESSAGES = {
    "login:missing": "не указан логин ОО",
    "year:missing": "не указан год",
    "year:bad": "год должен быть записан четырьмя цифрами, например 2023",
    "year:range": "год вне допустимых пределов: результаты принимаются за {first}–{last} годы",
    "procedure:missing": "не указана процедура",
    "procedure:bad": "неизвестная процедура; ожидается, например, «ВПР 5 РУ», «ОГЭ МА», «ЕГЭ РУ»",
    "nan": "ожидается число",
    "negative": "число не может быть отрицательным",
    "fraction": "ожидается целое число",
    "over": "доля не может быть больше 100 %",
    "low_count:excess": "получивших «2» больше, чем участников",
}


def _cell_errors(bad: pl.DataFrame, checks: list[str], cells: dict[tuple[int, str], str], name: str) -> list[CellError]:
    errors = []
    for record in bad.iter_rows(named=True):
        for check in checks:
            if not record[f"!{check}"]:
                continue
            field, kind = check.split(":")
            message = (_MESSAGES.get(check) or _MESSAGES[kind]).format(first=FIRST_YEAR, last=last_year())
            value = record[f"raw:{field}"]
            if check == "low_count:excess":
                message += f" ({value.strip()} > {record['raw:participants'].strip()})"
            elif value is not None and kind != "missing":
                message += f" (в ячейке «{value.strip()}»)"
            column = cells.get((record["_group"], field), f"«{FIELD_TITLES[field]}»")
            errors.append(CellError(name, record["source_row"], column, message))
    # In a wide table one school row becomes a row per procedure: report its login cell once.
    errors = list(dict.fromkeys(errors))
    errors.sort(key=lambda e: e.row or 0)  # stable: within a row, columns keep the order of checks
    return errors


def _raise_on_duplicates(frame: pl.DataFrame) -> None:
    key = ["login", "year", "procedure"]
    # One 64-bit hash per row: equal keys give equal hashes, so all-distinct hashes prove there are
    # no duplicates at a third of the cost of comparing the keys; a collision only costs the exact check.
    combined = pl.col("login").hash(1) ^ pl.col("procedure").hash(2) ^ pl.col("year").hash(3)
    if frame.select(combined.n_unique()).item() == frame.height:
        return
    if frame.select(pl.struct(key).is_duplicated().any()).item():
        files = {f: i for i, f in enumerate(frame.get_column("source_file").unique(maintain_order=True))}
        duplicated = frame.filter(pl.struct(key).is_duplicated()).to_dicts()
        duplicated.sort(key=lambda record: (files[record["source_file"]], record["source_row"]))
        first_seen: dict[tuple, tuple[str, int]] = {}
        errors, more = [], 0
        for record in duplicated:
            k = (record["login"], record["year"], record["procedure"])
            here = (record["source_file"], record["source_row"])
            if k not in first_seen:
                first_seen[k] = here
                continue
            if len(errors) >= MAX_WORDED_ROWS:
                more += 1
                continue
            where = f"строке {first_seen[k][1]}"
            if first_seen[k][0] != here[0]:
                where += f" файла «{first_seen[k][0]}»"
            message = (
                f"результат школы {k[0]} за {k[1]} год по процедуре «{procedure_label(k[2])}» "
                f"повторяется (уже есть в {where})"
            )
            errors.append(CellError(here[0], here[1], record["_login_column"], message))
        raise ResultsFileError(errors, more=more)
