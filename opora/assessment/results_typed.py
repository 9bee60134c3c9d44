"""A clean long CSV — a national export, one row per school × year × procedure — read in one pass.

Reading every cell as text and parsing each column afterwards (``results_reader``) is what lets a
bad cell be named by row and column, but on a national file it is most of the work. A file whose
cells all parse as their types is read here with typed columns instead: numbers with decimal
commas, «-» and «н/д» as no data, names and codes as dictionaries. The same checks as the text
reader's (``results_checks``) then decide. Anything this reader does not take as it is — a cell that
does not parse, a failed check, an unusual login, a blank or nameless row, a wide table — makes it
step aside (``None``), and the text reader reads the file and words what is wrong, so a file is
judged the same whichever reader accepts it.
"""

from __future__ import annotations

import polars as pl

from .headers import MEASURES, Column
from .procedures import parse_procedure
from .results_checks import MISSING, accepted, check_flags, parse_year
from .sheets import Sheet

_TYPES: dict[str, pl.DataType] = {
    "login": pl.Categorical(),
    "name": pl.Categorical(),
    "municipality": pl.Categorical(),
    "year": pl.Categorical(),
    "procedure": pl.Categorical(),
    "participants": pl.Int64(),
    "low_count": pl.Int64(),
    "low_share": pl.Float64(),
    "high_share": pl.Float64(),
}
_NORMAL_LOGIN = r"^[a-z0-9_.\-]+$"  # as ФИС ОКО writes them; anything else is normalised by the text reader


def read_typed(
    sheet: Sheet, count: int, width: int, columns: list[Column], fields: dict[str, Column], name: str
) -> pl.DataFrame | None:
    """The reader's output for a clean long CSV, or None when the text reader must read the file.
    ``count`` header rows of ``width`` cells; ``fields``: the column chosen for each field."""
    if sheet.csv is None or any(c.procedure is not None or c.problem for c in columns):
        return None
    if not {"login", "year", "procedure"} <= fields.keys():
        return None
    if "low_share" not in fields and not {"low_count", "participants"} <= fields.keys():
        return None
    dtypes: list[pl.DataType] = [pl.Null()] * width
    for field, column in fields.items():
        if field in _TYPES and column.position < width:
            dtypes[column.position] = _TYPES[field]
    frame = sheet.csv.typed(dtypes, skip=count, first_row=sheet.first_row + count, null_values=MISSING)
    if frame is None or frame.height == 0:
        return None
    frame = frame.rename({f"c{c.position}": f for f, c in fields.items() if f in _TYPES})
    # The text reader keeps «-» as a name, and normalises logins; a blank row has no login, which
    # the checks below find, and the text reader drops it.
    nameless = [pl.col(f).is_null().any() for f in ("name", "municipality") if f in fields]
    logins = frame.get_column("login").drop_nulls().unique().cast(pl.String)
    if (nameless and frame.select(pl.any_horizontal(nameless)).item()) or not logins.str.contains(_NORMAL_LOGIN).all():
        return None
    year = _codes(frame, "year", parse_year, pl.Int64())
    procedure = _codes(frame, "procedure", parse_procedure, pl.String())
    if year is None or procedure is None:
        return None

    def text(field: str) -> pl.Expr:
        return pl.col(field) if field in fields else pl.lit("").cast(pl.Categorical)

    def measure(field: str) -> list[pl.Expr]:
        value = pl.col(field).cast(pl.Float64) if field in fields else pl.lit(None, pl.Float64)
        return [value.alias(field), value.is_null().alias(f"{field}:missing")]

    parsed = frame.select(
        "login",
        text("name").alias("name"),
        text("municipality").alias("municipality"),
        year.alias("year"),
        procedure.alias("procedure"),
        pl.col("login").is_null().alias("login:missing"),
        pl.col("year").is_null().alias("year:missing"),
        pl.col("procedure").is_null().alias("procedure:missing"),
        "source_row",
        *[e for f in MEASURES for e in measure(f)],
    )
    if parsed.select(pl.any_horizontal(check_flags().values()).any()).item():
        return None
    login = fields["login"]
    return accepted(parsed, name, f"{sheet.letter(login.position)} «{login.label}»")


def _codes(frame: pl.DataFrame, field: str, parse, dtype: pl.DataType) -> pl.Expr | None:
    """A column of few distinct values (years, procedures) parsed once per value; None if one does not parse."""
    mapping = {v: parse(v) for v in frame.get_column(field).drop_nulls().unique().cast(pl.String).to_list()}
    if any(code is None for code in mapping.values()):
        return None
    return pl.col(field).replace_strict(mapping, default=None, return_dtype=dtype)
