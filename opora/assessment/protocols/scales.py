"""Score scales of ВПР works as data: the total a pupil scored → the mark «2»…«5».

A scale belongs to a year and a work (``vpr5_ma``); it is six boundaries as ФИОКО publishes them
— [max for «2», min «3», max «3», min «4», max «4», min «5»] — and, where known, the work's
maximum total. The 2020 and 2021 scales of grades 4–8 Russian and mathematics are built in
(`scales.csv`: 2021 as ФИОКО recommended for spring 2021; the autumn-2020 works — previous grade's
programme — with the same boundaries and maximum totals, as the region's analysts applied them);
an operator adds others from a small CSV/XLSX of the same columns. Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from opora.core.tabular import TableFileError, normalise_header, read_table_rows

from ..procedures import parse_procedure, procedure_label

BUILT_IN = Path(__file__).with_name("scales.csv")
COLUMNS = ("год", "работа", "2 до", "3 от", "3 до", "4 от", "4 до", "5 от", "максимум")


class ScaleError(ValueError):
    """A scale cannot be read or is missing; the message is for the user, in Russian."""


@dataclass(frozen=True)
class Scale:
    year: int
    work: str  # procedure code, e.g. "vpr5_ma"
    bounds: tuple[int, int, int, int, int, int]
    maximum: int | None = None

    def __post_init__(self) -> None:
        b = self.bounds
        if len(b) != 6 or any(x < 0 for x in b):
            raise ScaleError(f"{self.title()}: нужно шесть границ, неотрицательные целые числа.")
        if not (b[1] == b[0] + 1 and b[3] == b[2] + 1 and b[5] == b[4] + 1 and b[1] <= b[2] and b[3] <= b[4]):
            raise ScaleError(
                f"{self.title()}: границы {list(b)} не образуют шкалу "
                "(«3 от» = «2 до» + 1, «4 от» = «3 до» + 1, «5 от» = «4 до» + 1, по возрастанию)."
            )
        if self.maximum is not None and self.maximum < b[5]:
            raise ScaleError(f"{self.title()}: максимум {self.maximum} меньше границы «5» ({b[5]}).")

    def title(self) -> str:
        return f"шкала {procedure_label(self.work)} {self.year}"

    def mark(self, total: float) -> int:
        b = self.bounds
        if total <= b[0]:
            return 2
        if total <= b[2]:
            return 3
        if total <= b[4]:
            return 4
        return 5


class Scales:
    """The scales known to a run: built-in ones, overridden by uploaded ones of the same year and work."""

    def __init__(self, scales: Iterable[Scale] = ()):
        self._by_key: dict[tuple[int, str], Scale] = {}
        self.add(scales)

    @classmethod
    def built_in(cls) -> Scales:
        return cls(read_scales(BUILT_IN.read_bytes(), BUILT_IN.name))

    def add(self, scales: Iterable[Scale]) -> None:
        for scale in scales:
            self._by_key[(scale.year, scale.work)] = scale

    def get(self, year: int, work: str) -> Scale:
        try:
            return self._by_key[(year, work)]
        except KeyError:
            raise ScaleError(
                f"Нет шкалы перевода баллов в отметки для работы {procedure_label(work)} {year} года. "
                "Загрузите шкалу (год, работа, шесть границ) или укажите другую работу и год."
            ) from None

    def __iter__(self):
        return iter(sorted(self._by_key.values(), key=lambda s: (s.year, s.work)))

    def __len__(self) -> int:
        return len(self._by_key)


def read_scales(data: bytes, filename: str) -> list[Scale]:
    """Scales from a CSV/XLSX with columns год, работа, 2 до … 5 от and optionally максимум.
    All or nothing: every bad row is reported by number."""
    try:
        rows = read_table_rows(data, filename)
    except TableFileError as exc:
        raise ScaleError(str(exc)) from None
    start = next((i for i, row in enumerate(rows) if row and not row[0].startswith("#")), None)
    if start is None:
        raise ScaleError(f"Файл «{filename}»: нет строк со шкалами.")
    header = [normalise_header(c) for c in rows[start]]
    wanted = {normalise_header(c): c for c in COLUMNS}
    positions = {}
    for key, title in wanted.items():
        if key in header:
            positions[title] = header.index(key)
    missing = [c for c in COLUMNS[:-1] if c not in positions]
    if missing:
        raise ScaleError(
            f"Файл «{filename}»: нет столбцов {', '.join(f'«{c}»' for c in missing)}. "
            f"Нужны столбцы: {'; '.join(COLUMNS)} (максимум — по желанию)."
        )
    scales, errors = [], []
    for number, row in enumerate(rows[start + 1 :], start + 2):
        if not any(row) or row[0].startswith("#"):
            continue

        def cell(title: str, row=row) -> str:
            position = positions.get(title)
            return row[position].strip() if position is not None and position < len(row) else ""

        work = parse_procedure(cell("работа"))
        if work is None:
            errors.append(f"строка {number}: работа «{cell('работа')}» не распознана (пример: «ВПР 5 МА»)")
            continue
        try:
            year = int(cell("год"))
            bounds = tuple(int(cell(c)) for c in COLUMNS[2:8])
            maximum = int(cell("максимум")) if cell("максимум") else None
            scales.append(Scale(year, work, bounds, maximum))  # type: ignore[arg-type]
        except ValueError as exc:
            reason = str(exc) if isinstance(exc, ScaleError) else "год и границы должны быть целыми числами"
            errors.append(f"строка {number}: {reason}")
    if errors:
        raise ScaleError(f"Файл «{filename}»: " + "; ".join(errors[:50]) + ("…" if len(errors) > 50 else ""))
    if not scales:
        raise ScaleError(f"Файл «{filename}»: нет строк со шкалами.")
    return scales
