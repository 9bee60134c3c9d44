"""The three layouts of ФИС ОКО participant protocols, recognised by their headers (never by position).

- 2021: «логин школы | регион | … | вариант | всего баллов | балл за 1 …»;
- 2020 (raw codes): «groups | user | id | code | otc | … | var-1 | var-2 | sum | a-1-grade …»;
- 2022: data on the second sheet «Протокол»: «Пользователь | … | Муниципалитет | Школа |
  Дата загрузки | Код | Вариант | 1 (1б) … | Итого баллов».

Each is brought to one frame of text columns (see FIELDS) plus a column per task, so that the
aggregation does not care which layout the file had. Pure: no Django.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from ..sheets import ResultsFileError, Sheet, load_sheet

FIELDS = ("login", "school", "municipality", "code", "prev_mark", "variant", "variant2", "total", "date")


class ProtocolError(ValueError):
    """The file cannot be read as a protocol; the message is for the user, in Russian."""


@dataclass(frozen=True)
class Task:
    name: str  # as the work numbers it: «1», «11.2»
    column: str  # the frame column holding its points
    max_points: int | None = None  # from the header where the layout gives it («6 (2б)»)


@dataclass
class Layout:
    key: str  # "2020", "2021", "2022"
    title: str
    fields: dict[str, str]  # FIELDS name → normalised header
    task_re: re.Pattern
    required: tuple[str, ...] = ("login", "variant", "total")
    prefixes: dict[str, str] = field(default_factory=dict)  # fields matched by a header's start


# fmt: off
LAYOUTS = (
    Layout("2021", "протокол ВПР 2021 («логин школы», «всего баллов», «балл за N»)",
           {"login": "логин школы", "municipality": "регион", "code": "код обучающегося",
            "variant": "вариант", "total": "всего баллов"},
           re.compile(r"^балл за (\S+)$"), prefixes={"prev_mark": "отметка за предыдущ"}),
    Layout("2020", "протокол ВПР 2020 в кодах («user», «sum», «a-N-grade»)",
           {"login": "user", "code": "code", "prev_mark": "otc", "variant": "var-1", "variant2": "var-2",
            "total": "sum"},
           re.compile(r"^a-(\d+)-grade$")),
    Layout("2022", "протокол ВПР 2022 (лист «Протокол»: «Пользователь», «Итого баллов», «1 (1б)»)",
           {"login": "пользователь", "school": "школа", "municipality": "муниципалитет", "code": "код",
            "variant": "вариант", "total": "итого баллов", "date": "дата загрузки"},
           re.compile(r"^(\d+(?:\.\d+)*)\s*\((\d+)\s*б\)$"), prefixes={"prev_mark": "отметка за предыдущ"}),
)
# fmt: on
_TOTALS = {layout.fields["total"]: layout for layout in LAYOUTS}


def header_key(text: object) -> str:
    """Lower case, non-breaking spaces and runs of spaces collapsed: «Итого\xa0баллов » → «итого баллов»."""
    if text is None:
        return ""
    return " ".join(str(text).replace("\xa0", " ").lower().replace("ё", "е").split())


def _score(cells: Sequence[str | None]) -> int:
    """How much a row looks like a protocol's header: a total, a variant, task columns.

    The 2022 workbook's first sheet «Классы» shares the school columns but has none of these,
    so the data sheet is the one found."""
    keys = [header_key(c) for c in cells]
    found = sum(1 for k in keys if k in _TOTALS)
    found += sum(1 for k in keys if k in ("вариант", "var-1"))
    found += any(any(layout.task_re.match(k) for layout in LAYOUTS) for k in keys)
    return found


@dataclass
class Protocol:
    """A protocol read into text columns: FIELDS (null when the layout has no such column), one
    column per task, `source_row` (the spreadsheet's row number)."""

    layout: Layout
    frame: pl.DataFrame
    tasks: list[Task]


def read_protocol_sheet(path: str | Path, name: str | None = None) -> Protocol:
    path = Path(path)
    name = name or path.name
    try:
        sheet = load_sheet(path, _score, name)
    except ResultsFileError as exc:
        raise ProtocolError(str(exc)) from None
    return _from_sheet(sheet, name)


def _from_sheet(sheet: Sheet, name: str) -> Protocol:
    if sheet.frame.height == 0:
        raise ProtocolError(f"Файл «{name}»: в книге нет ни одной строки.")
    headers = [header_key(c) for c in sheet.frame.row(0)]
    layout = next((_TOTALS[k] for k in headers if k in _TOTALS), None)
    if layout is None:
        raise ProtocolError(
            f"Файл «{name}» не похож на протокол ФИС ОКО: нет столбца с суммой баллов "
            "(«всего баллов», «sum» или «Итого баллов»). Ожидается один из видов: "
            + "; ".join(layout.title for layout in LAYOUTS)
            + "."
        )
    positions: dict[str, int] = {}
    for index, key in enumerate(headers):
        for f, title in layout.fields.items():
            if key == title and f not in positions:
                positions[f] = index
        for f, prefix in layout.prefixes.items():
            if key.startswith(prefix) and f not in positions:
                positions[f] = index
    missing = [layout.fields[f] for f in layout.required if f not in positions]
    if "login" in missing and layout.key == "2022" and "school" in positions:
        missing.remove("пользователь")  # the login is also the first part of «Школа»
    if missing:
        raise ProtocolError(f"Файл «{name}» ({layout.title}): нет столбцов {', '.join(f'«{m}»' for m in missing)}.")
    data = sheet.frame.slice(1)
    columns = data.columns
    tasks: list[Task] = []
    task_exprs = []
    for index, key in enumerate(headers):
        match = layout.task_re.match(key)
        if not match:
            continue
        column = f"task:{len(tasks)}"
        maximum = int(match.group(2)) if layout.key == "2022" else None
        tasks.append(Task(match.group(1), column, maximum))
        task_exprs.append(pl.col(columns[index]).alias(column))
    if not tasks:
        raise ProtocolError(f"Файл «{name}» ({layout.title}): нет столбцов с баллами за задания.")
    exprs = [(pl.col(columns[positions[f]]) if f in positions else pl.lit(None, pl.String)).alias(f) for f in FIELDS]
    first = sheet.first_row + 1
    frame = data.select(*exprs, *task_exprs, (pl.int_range(pl.len(), dtype=pl.Int64) + first).alias("source_row"))
    # Raw 2020 files list forty task columns whatever the work has: a column nobody scored is not a task.
    filled = frame.select(pl.col(t.column).is_not_null().any() for t in tasks).row(0)
    kept = [t for t, any_filled in zip(tasks, filled, strict=True) if any_filled]
    frame = frame.drop([t.column for t in tasks if t not in kept])
    if not kept:
        raise ProtocolError(f"Файл «{name}» ({layout.title}): ни в одном столбце заданий нет баллов.")
    return Protocol(layout, frame, kept)
