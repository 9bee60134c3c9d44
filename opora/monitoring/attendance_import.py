"""Reading the participant list a webinar platform exports (CSV or XLSX): who, e-mail, when joined,
how long. Pure: no Django.

The platform is recognised by the header row (found among the first rows: Zoom writes the meeting's
details above it), never by the file's name; CSV may be UTF-8 or Windows-1251, separated by «;»,
«,» or tabs. Every problem is a Russian message with the row number, and then no row is returned
(all or nothing)."""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

HEADER_SEARCH_ROWS = 30


@dataclass(frozen=True)
class Layout:
    platform: str
    # field → the header naming it (normalised: lower case, ё → е, single spaces);
    # fields: name, last_name, first_name, middle_name, email, joined, duration.
    columns: dict[str, str]


# The layouts we know. A header row is one of them when it has all the layout's headers.
LAYOUTS = (
    Layout(
        "Яндекс Телемост",
        {"name": "участник", "email": "почта", "joined": "время подключения", "duration": "длительность"},
    ),
    Layout(
        "VK Звонки / Сферум",
        {
            "name": "имя участника",
            "email": "электронная почта",
            "joined": "вход в звонок",
            "duration": "продолжительность, мин",
        },
    ),
    Layout(
        "МТС Линк (Webinar.ru)",
        {
            "last_name": "фамилия",
            "first_name": "имя",
            "email": "email",
            "joined": "время входа",
            "duration": "длительность просмотра (мин)",
        },
    ),
    Layout(
        "Zoom",
        {
            "name": "name (original name)",
            "email": "user email",
            "joined": "join time",
            "duration": "duration (minutes)",
        },
    ),
    Layout(
        "Zoom (русский интерфейс)",
        {
            "name": "имя (настоящее имя)",
            "email": "электронная почта пользователя",
            "joined": "время входа",
            "duration": "продолжительность (минуты)",
        },
    ),
    Layout(
        "Контур.Толк",
        {"name": "фио", "email": "e-mail", "joined": "подключился", "duration": "время участия"},
    ),
)

# Any other table still works if it names its columns plainly («ФИО», «E-mail», …).
GENERIC = {
    "name": ("фио", "участник", "имя участника", "ф. и. о.", "name", "full name"),
    "last_name": ("фамилия", "last name"),
    "first_name": ("имя", "first name"),
    "middle_name": ("отчество",),
    "email": ("email", "e-mail", "эл. почта", "электронная почта", "почта", "адрес электронной почты"),
    "joined": ("время подключения", "время входа", "подключился", "вход", "join time"),
    "duration": ("длительность", "продолжительность", "время участия", "минут", "duration"),
}
GENERIC_PLATFORM = "таблица с понятными заголовками"


@dataclass
class Row:
    line: int  # the row's number in the file, as a spreadsheet shows it
    name: str
    email: str
    joined: datetime.datetime | datetime.time | None = None
    minutes: int | None = None


@dataclass
class Export:
    platform: str = ""
    rows: list[Row] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _norm(cell) -> str:
    return " ".join(str(cell if cell is not None else "").replace("\ufeff", "").lower().replace("ё", "е").split())


def _table(data: bytes) -> list[list]:
    """The file's rows as lists of cells (XLSX: the first sheet; CSV: decoded and split)."""
    if data[:4] == b"PK\x03\x04":
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:
            raise ValueError(f"Файл похож на XLSX, но не открывается ({error.__class__.__name__}).") from error
        try:
            return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        finally:
            book.close()
    if b"\x00" in data[:2000]:
        raise ValueError("Это не таблица CSV или XLSX. Сохраните список участников из платформы в CSV или XLSX.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1251", errors="strict") if _cp1251_ok(data) else None
        if text is None:
            raise ValueError("Не удалось прочитать кодировку файла: сохраните его в UTF-8 или Windows-1251.") from None
    lines = text.splitlines()
    sample = "\n".join(lines[:HEADER_SEARCH_ROWS])
    delimiter = max(";,\t", key=sample.count)
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _cp1251_ok(data: bytes) -> bool:
    try:
        data.decode("cp1251")
    except UnicodeDecodeError:
        return False
    return True


def _find_header(table: list[list]) -> tuple[int, str, dict[str, int]] | None:
    """(index of the header row, platform, field → column index)."""
    for index, row in enumerate(table[:HEADER_SEARCH_ROWS]):
        cells = [_norm(cell) for cell in row]
        for layout in LAYOUTS:
            if all(header in cells for header in layout.columns.values()):
                return index, layout.platform, {f: cells.index(h) for f, h in layout.columns.items()}
        found = {}
        for fld, names in GENERIC.items():
            for position, cell in enumerate(cells):
                if cell in names and position not in found.values():
                    found[fld] = position
                    break
        if "name" in found or "last_name" in found or "email" in found:
            if len(found) >= 2:
                return index, GENERIC_PLATFORM, found
    return None


_DATETIME_FORMATS = (
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%d.%m.%Y, %H:%M",
)
_TIME_FORMATS = ("%H:%M:%S", "%H:%M")


def parse_joined(value) -> datetime.datetime | datetime.time | None:
    """A date and time, or only a time of day (the event's date completes it)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, datetime.time):
        return value
    text = " ".join(str(value).split())
    for fmt in _DATETIME_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt)
        except ValueError:
            pass
    for fmt in _TIME_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).time()
        except ValueError:
            pass
    raise ValueError(f"не удалось прочитать время «{text}» (ожидается, например, 15.03.2026 10:05)")


_HMS = re.compile(r"^(\d{1,3}):(\d{2})(?::(\d{2}))?$")
_WORDS = re.compile(r"^(?:(\d+)\s*ч[а-я.]*)?\s*(?:(\d+)\s*м[а-я.]*)?\s*(?:(\d+)\s*с[а-я.]*)?$")


def parse_minutes(value) -> int | None:
    """«75», «75,5», «01:15:00», «1 ч 15 мин», or a number or time from a spreadsheet → minutes."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)):
        return round(value)
    if isinstance(value, datetime.time):
        return value.hour * 60 + value.minute + round(value.second / 60)
    if isinstance(value, datetime.timedelta):
        return round(value.total_seconds() / 60)
    text = " ".join(str(value).lower().split())
    try:
        return round(float(text.replace(",", ".")))
    except ValueError:
        pass
    hms = _HMS.match(text)
    if hms:
        hours, minutes, seconds = int(hms[1]), int(hms[2]), int(hms[3] or 0)
        if hms[3] is None:  # «1:15» is hours and minutes
            return hours * 60 + minutes
        return hours * 60 + minutes + round(seconds / 60)
    words = _WORDS.match(text)
    if words and any(words.groups()):
        hours, minutes, seconds = (int(g or 0) for g in words.groups())
        return hours * 60 + minutes + round(seconds / 60)
    raise ValueError(f"не удалось прочитать длительность «{value}» (ожидаются минуты или ЧЧ:ММ:СС)")


def _cell(row: list, index: int | None):
    if index is None or index >= len(row):
        return None
    value = row[index]
    return value.strip() if isinstance(value, str) else value


def read_export(data: bytes) -> Export:
    """Reads the file; on any problem `errors` lists them all and `rows` is empty."""
    export = Export()
    if not data:
        export.errors.append("Файл пустой.")
        return export
    try:
        table = _table(data)
    except ValueError as error:
        export.errors.append(str(error))
        return export
    found = _find_header(table)
    if found is None:
        export.errors.append(
            "Не найдена строка заголовков списка участников. Распознаются выгрузки Яндекс Телемоста, "
            "VK Звонков / Сферума, МТС Линк (Webinar.ru), Zoom, Контур.Толка и таблицы со столбцами "
            "«ФИО» (или «Фамилия», «Имя»), «E-mail», «Время входа», «Длительность»."
        )
        return export
    header_index, export.platform, columns = found
    headers = table[header_index]
    rows = []
    for index in range(header_index + 1, len(table)):
        raw = table[index]
        line = index + 1
        if not any(str(cell).strip() for cell in raw if cell is not None):
            continue
        name = _cell(raw, columns.get("name"))
        if name is None and "last_name" in columns:
            parts = (_cell(raw, columns.get(f)) for f in ("last_name", "first_name", "middle_name"))
            name = " ".join(str(p) for p in parts if p)
        name = str(name or "").strip()
        email = str(_cell(raw, columns.get("email")) or "").strip()
        if not name and not email:
            export.errors.append(f"Строка {line}: нет ни имени участника, ни эл. почты.")
            continue
        row = Row(line=line, name=name, email=email)
        for fld, parse in (("joined", parse_joined), ("duration", parse_minutes)):
            position = columns.get(fld)
            try:
                value = parse(_cell(raw, position))
            except ValueError as error:
                export.errors.append(f"Строка {line}, столбец «{headers[position]}»: {error}.")
                continue
            if fld == "joined":
                row.joined = value
            else:
                row.minutes = value
        rows.append(row)
    if not rows and not export.errors:
        export.errors.append("В файле нет ни одного участника под строкой заголовков.")
    if not export.errors:
        export.rows = rows
    return export
