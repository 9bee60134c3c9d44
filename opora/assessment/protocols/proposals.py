"""What a protocol file says about itself: the work (grade and subject) and the year, proposed to
the user, never imposed — the user's choice wins. Pure: no Django."""

from __future__ import annotations

import re
from pathlib import PurePath

import polars as pl

from ..procedures import parse_procedure
from .layouts import Protocol

_YEAR_RE = re.compile(r"(?<!\d)(20[1-4]\d)(?!\d)")
# Names the files get in analysts' folders: vpr2021_g04_math.xlsx
_CODED_NAME = re.compile(r"vpr(20\d\d)_g(\d{1,2})_([a-z]+)", re.IGNORECASE)


def propose_work(filename: str) -> str | None:
    """«Математика 5 класс.xlsx», «Проведение работы по русскому языку, 5 класс. ВПР 2021.xlsx»,
    «vpr2021_g04_math.xlsx» → a procedure code; None when the name does not say."""
    stem = PurePath(filename).stem
    coded = _CODED_NAME.search(stem)
    if coded:
        return parse_procedure(f"ВПР {int(coded.group(2))} {coded.group(3)}")
    text = _YEAR_RE.sub(" ", stem.replace("_", " "))
    if not re.search(r"впр|vpr", text, re.IGNORECASE):
        text = f"ВПР {text}"
    return parse_procedure(text)


def propose_year(protocol: Protocol | None, filename: str) -> int | None:
    """The 2022 protocol's upload date, else a year in the file name."""
    if protocol is not None and protocol.layout.key == "2022":
        dates = protocol.frame.get_column("date").drop_nulls()
        years = dates.str.extract(r"(20\d\d)").drop_nulls().cast(pl.Int64)
        if len(years):
            return int(years.mode().sort()[-1])
    found = _YEAR_RE.search(PurePath(filename).stem)
    return int(found.group(1)) if found else None
