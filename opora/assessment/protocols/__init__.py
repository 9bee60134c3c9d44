"""ФИС ОКО participant protocols (one row per pupil, points per task) → school results, task-level
shares and objectivity markers. Pure: no Django; used by `opora protocols` and by the web upload.

    summary = read_protocol("Математика 5 класс.xlsx", work="ВПР 5 МА", year=2021, scales=Scales.built_in())
"""

from __future__ import annotations

from pathlib import Path

from ..procedures import parse_procedure, procedure_label
from .aggregate import WARNING_TITLES, ProtocolWarning, SchoolResult, Summary, summarise
from .layouts import Protocol, ProtocolError, read_protocol_sheet
from .logins import canonical_login
from .proposals import propose_work, propose_year
from .scales import Scale, ScaleError, Scales, read_scales

__all__ = [
    "WARNING_TITLES",
    "Protocol",
    "ProtocolError",
    "ProtocolWarning",
    "Scale",
    "ScaleError",
    "Scales",
    "SchoolResult",
    "Summary",
    "canonical_login",
    "propose_work",
    "propose_year",
    "read_protocol",
    "read_protocol_sheet",
    "read_scales",
    "resolve_work",
]


def resolve_work(text: str | None, filename: str) -> str:
    """The user's work if given (any spelling parse_procedure knows), else the file's proposal."""
    if text:
        work = parse_procedure(text)
        if work is None or not work.startswith("vpr"):
            raise ProtocolError(f"Работа «{text}» не распознана: укажите её как «ВПР 5 МА» или «ВПР 4 РУ».")
        return work
    proposed = propose_work(filename)
    if proposed is None:
        raise ProtocolError(
            f"Файл «{filename}»: по файлу не видно, какая это работа. Укажите её (например, «ВПР 5 МА»)."
        )
    return proposed


def read_protocol(
    path: str | Path,
    *,
    name: str | None = None,
    work: str | None = None,
    year: int | None = None,
    scales: Scales | None = None,
    task_max: dict[str, int] | None = None,
) -> Summary:
    """Read one protocol and aggregate it by school. Raises ProtocolError (unreadable, no work or
    year) and ScaleError (no scale for the work and year)."""
    path = Path(path)
    name = name or path.name
    protocol = read_protocol_sheet(path, name)
    code = resolve_work(work, name)
    year = year or propose_year(protocol, name)
    if year is None:
        raise ProtocolError(f"Файл «{name}»: по файлу не видно год работы {procedure_label(code)}. Укажите год.")
    scale = (scales or Scales.built_in()).get(year, code)
    return summarise(protocol, file=name, work=code, year=year, scale=scale, task_max=task_max)
