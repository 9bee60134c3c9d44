"""Recognise the header of a results table: which column holds what.

Two shapes are accepted. *Long*: one row per school × year × procedure, with columns such as
«Логин ОО», «Год», «Процедура», «Участников», «Получили «2»», «Доля «2»». *Wide*: one row per
school, with a column group per procedure and year, as in order appendices:
«ВПР МА 5 2019» spanning «% Выс. рез-тов» and «% 2» in a second header row (merged cells), or the
same written in one cell per column («ВПР МА 5 2019 % 2»). Up to three header rows are combined.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .procedures import parse_procedure

FIELD_TITLES = {
    "login": "Логин ОО",
    "name": "Наименование ОО",
    "municipality": "Муниципалитет",
    "year": "Год",
    "procedure": "Процедура",
    "participants": "Участников",
    "low_count": "Получили «2»",
    "low_share": "Доля «2»",
    "high_share": "% высоких результатов",
}
MEASURES = ("participants", "low_count", "low_share", "high_share")
_IDENTITY = ("login", "name", "municipality", "year", "procedure")

# Spellings seen in regional files. They are compared after ``header_key`` normalisation, which
# lower-cases, drops punctuation and quotes, and turns «%»/«процент» into a leading «доля».
# fmt: off
_SYNONYMS = {
    "login": (
        "логин", "логин оо", "логин ои", "логин фис око", "логин школы", "код оо", "login",
    ),
    "name": (
        "наименование оо", "название оо", "наименование", "название", "оо", "школа",
        "образовательная организация", "наименование образовательной организации",
        "название образовательной организации", "наименование организации", "name", "school",
    ),
    "municipality": (
        "муниципалитет", "территория", "муниципальное образование", "мо", "район", "municipality",
        "муниципальный район", "городской округ", "муниципальный район городской округ", "моуо",
    ),
    "year": (
        "год", "год проведения", "year",
    ),
    "procedure": (
        "процедура", "оценочная процедура", "процедура оценки", "вид процедуры", "procedure",
    ),
    "participants": (
        "участников", "участники", "количество участников", "кол во участников", "число участников",
        "всего участников", "participants",
    ),
    "low_count": (
        "получили 2", "количество 2", "кол во 2", "число 2", "количество получивших 2",
        "количество участников получивших 2", "двоек", "количество двоек", "кол во двоек",
        "не преодолели порог", "не преодолели минимальный порог", "количество не преодолевших порог",
        "количество не преодолевших минимальный порог", "low count",
    ),
    "low_share": (
        "доля 2", "доля двоек", "доля получивших 2", "доля получили 2", "доля участников получивших 2",
        "доля не преодолевших порог", "доля не преодолевших минимальный порог", "доля не преодолели порог",
        "доля не преодолели минимальный порог", "low share",
    ),
    "high_share": (
        "доля выс рез тов", "доля выс рез", "доля выс результатов", "доля высоких результатов",
        "доля высоких рез тов", "доля высокого результата", "high share",
    ),
}
# fmt: on

_TOKEN_RE = re.compile(r"%|[^\W_]+")
_YEAR_RE = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
_KIND_WORDS = frozenset({"впр", "огэ", "егэ", "vpr", "oge", "ege"})
_NUMBER_RE = re.compile(r"^-?\d+(?:[.,]\d+)?\s*%?$")


def header_key(text: str | None) -> str:
    """«Доля «2», %» → «доля 2»; «„ % 2”» → «доля 2»; «Логин ОО» → «логин оо»."""
    if not text:
        return ""
    tokens = _TOKEN_RE.findall(str(text).lower().replace("ё", "е"))
    share = False
    words = []
    for token in tokens:
        if token in ("%", "доля", "процент", "процентов"):
            share = True
        else:
            words.append(token)
    return " ".join((["доля"] if share else []) + words)


_EXACT = {header_key(s): field for field, spellings in _SYNONYMS.items() for s in spellings}


def field_of(key: str, fields: Sequence[str] | None = None) -> tuple[str, int] | None:
    """The field a normalised header names and how sure we are: 1000 for an exact spelling,
    else the length of the longest spelling it starts with («Количество участников, чел.»)."""
    found = _EXACT.get(key)
    if found and (fields is None or found in fields):
        return found, 1000
    best = None
    for spelling, field in _EXACT.items():
        if key.startswith(spelling + " ") and (fields is None or field in fields):
            if best is None or len(spelling) > best[1]:
                best = (field, len(spelling))
    return best


@dataclass(frozen=True)
class Column:
    position: int
    label: str
    field: str | None = None  # canonical field; None for a group title without a measure
    procedure: str | None = None  # wide columns only
    year: int | None = None
    rank: int = 0
    problem: str | None = None  # a header that looks like a procedure column but cannot be read


def classify(position: int, label: str) -> Column | None:
    key = header_key(label)
    if not key:
        return None
    exact = _EXACT.get(key)
    if exact:
        return Column(position, label, exact, rank=1000)
    wide = _wide(position, label)
    if wide:
        return wide
    found = field_of(key)
    if found:
        return Column(position, label, found[0], rank=found[1])
    return None


def _wide(position: int, label: str) -> Column | None:
    years = set(_YEAR_RE.findall(label))
    tokens = _TOKEN_RE.findall(_YEAR_RE.sub(" ", label).lower().replace("ё", "е"))
    if not _KIND_WORDS & set(tokens):
        return None
    if len(years) != 1:
        return Column(
            position, label, problem="в заголовке столбца должен быть указан один год, например «ВПР МА 5 2019»"
        )
    year = int(years.pop())
    for k in range(1, len(tokens) + 1):
        # The procedure first and the measure after it («ВПР МА 5 2019 % 2»), or the other way round.
        for proc_part, measure_part in (
            (tokens[:k], tokens[k:]),
            (tokens[len(tokens) - k :], tokens[: len(tokens) - k]),
        ):
            procedure = parse_procedure(" ".join(proc_part))
            if not procedure:
                continue
            if not measure_part:
                return Column(position, label, None, procedure, year)
            measure = field_of(header_key(" ".join(measure_part)), MEASURES)
            if measure:
                return Column(position, label, measure[0], procedure, year)
    return Column(
        position, label, problem="не удалось понять заголовок столбца: ожидается, например, «ВПР МА 5 2019 % 2»"
    )


def score(cells: Sequence[str | None]) -> int:
    """How many cells of a row read as column titles; the header row is the first with two or more."""
    return sum(1 for i, cell in enumerate(cells) if cell and classify(i, str(cell)) is not None)


def _is_numbering(cells: Sequence[str | None]) -> bool:
    """The row «1 | 2 | 3 | …» that official tables put under the header."""
    values = [str(c).strip() for c in cells if c is not None and str(c).strip()]
    return len(values) >= 3 and values == [str(i) for i in range(1, len(values) + 1)]


def _is_subheader(cells: Sequence[str | None], identity: Sequence[int]) -> bool:
    """A second header row has nothing under the identity titles and no numbers but years."""
    if any(_text(cells[i] if i < len(cells) else None) for i in identity):
        return False
    values = [_text(c) for c in cells if _text(c)]
    if not values or any(_NUMBER_RE.match(v) and not _YEAR_RE.fullmatch(v) for v in values):
        return False
    recognised = (classify(0, v) for v in values if not _YEAR_RE.fullmatch(v))
    return any(_YEAR_RE.fullmatch(v) for v in values) or any(c and not c.problem for c in recognised)


def header_rows(rows: Sequence[Sequence[str | None]]) -> tuple[int, list[str]]:
    """How many rows the header takes and the combined label of every column.

    A title over merged cells is stored in the first cell of the span only, so an upper row's
    title is carried to the right over the columns that have a sub-title underneath.
    """
    identity = [i for i, cell in enumerate(rows[0]) if (c := classify(i, _text(cell))) and c.field in _IDENTITY]
    count, used = 1, [0]
    while count < min(len(rows), 4):
        if _is_numbering(rows[count]):
            count += 1
        elif len(used) < 3 and _is_subheader(rows[count], identity):
            used.append(count)
            count += 1
        else:
            break
    grid = [[_text(c) for c in rows[r]] for r in used]
    width = max(len(r) for r in grid)
    grid = [r + [""] * (width - len(r)) for r in grid]
    for r in range(len(grid) - 1):
        for j in range(1, width):
            below = any(grid[lower][j] for lower in range(r + 1, len(grid)))
            parent_continues = r == 0 or not _text(rows[used[r - 1]][j] if j < len(rows[used[r - 1]]) else None)
            if not grid[r][j] and below and parent_continues:
                grid[r][j] = grid[r][j - 1]
    labels = [" ".join(grid[r][j] for r in range(len(grid)) if grid[r][j]) for j in range(width)]
    return count, labels


def _text(cell: object) -> str:
    return "" if cell is None else " ".join(str(cell).split())
