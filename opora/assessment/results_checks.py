"""What makes a row of results acceptable, shared by the two ways a results file is read.

``results_reader`` reads any file as text, parses each column and words every bad cell;
``results_typed`` reads a clean national CSV with typed columns in one pass. Both build the same
parsed frame (a value and a «no data» flag per field) and accept it only when none of these checks
fires, so the two cannot disagree on what a good file is.
"""

from __future__ import annotations

import datetime
import re

import polars as pl

from .headers import MEASURES

# Spelled out in every case people type, so that no per-value lower-casing is needed.
MISSING = ["", "-", "—", "–", "н/д", "Н/Д", "Н/д", "нд", "НД", "n/a", "N/A", "нет данных", "Нет данных"]
FIRST_YEAR = 2000  # ВПР began in 2015, ОГЭ in 2014, ЕГЭ in 2001: no result is older
_YEAR_RE = re.compile(r"^(\d{4})(?:[.,]0+)?(?:\s*(?:г|год)\.?)?$")


def last_year() -> int:
    """The latest year a result may be for: next year's (a campaign is planned ahead)."""
    return datetime.date.today().year + 1


def parse_year(text: str) -> int | None:
    match = _YEAR_RE.match(text.strip())
    return int(match.group(1)) if match else None


def check_flags() -> dict[str, pl.Expr]:
    """One boolean per check ("field:kind"), over the parsed frame: the value of each field, and
    ``field:missing`` where its cell says «no data»."""

    def col(name: str) -> pl.Expr:
        return pl.col(name)

    checks: dict[str, pl.Expr] = {
        "login:missing": col("login:missing"),
        "year:missing": col("year:missing"),
        "year:bad": ~col("year:missing") & col("year").is_null(),
        "year:range": (col("year") < FIRST_YEAR) | (col("year") > last_year()),
        "procedure:missing": col("procedure:missing"),
        "procedure:bad": ~col("procedure:missing") & col("procedure").is_null(),
    }
    for f in MEASURES:
        given, value = ~col(f"{f}:missing"), col(f)
        checks[f"{f}:nan"] = given & (value.is_null() | value.is_nan() | value.is_infinite())
        checks[f"{f}:negative"] = given & (value < 0)
        if f in ("participants", "low_count"):
            checks[f"{f}:fraction"] = given & (value != value.floor())
        else:
            checks[f"{f}:over"] = given & (value > 100)
    checks["low_count:excess"] = (
        ~col("low_count:missing") & ~col("participants:missing") & (col("low_count") > col("participants"))
    )
    return {k: e.fill_null(False) for k, e in checks.items()}


def accepted(parsed: pl.DataFrame, name: str, login_cell: str) -> pl.DataFrame:
    """The reader's output from a parsed frame that passed every check."""

    def measure(f: str, dtype: pl.DataType) -> pl.Expr:
        return pl.col(f).cast(dtype)  # «no data» cells did not parse as numbers, so they are already null

    return parsed.select(
        "login",
        "name",
        "municipality",
        "year",
        "procedure",
        measure("participants", pl.Int64()),
        measure("low_count", pl.Int64()),
        measure("low_share", pl.Float64()),
        measure("high_share", pl.Float64()),
        pl.lit(name).alias("source_file"),
        pl.col("source_row").cast(pl.Int64),
        pl.lit(login_cell).alias("_login_column"),
    )
