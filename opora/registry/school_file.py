"""The schools file a regional office has: one row per school, columns named however they like.

Pure: turns rows of strings into `SchoolRow`s or a list of Russian messages naming row and
column. Whether a municipality exists is for the import service to decide."""

from __future__ import annotations

import re
from dataclasses import dataclass

from opora.core.tabular import normalise_header

# Canonical field → header spellings seen in regional spreadsheets (normalised, see normalise_header).
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "login": (
        "логин",
        "логин оо",
        "логин фис око",
        "логин в фис око",
        "логин школы",
        "login",
        "fis oko login",
        "fis_oko_login",
    ),
    "full_name": (
        "полное наименование",
        "полное наименование оо",
        "наименование оо",
        "наименование",
        "название оо",
        "название",
        "наименование организации",
        "full_name",
        "full name",
        "name",
    ),
    "short_name": (
        "краткое наименование",
        "сокращенное наименование",
        "краткое наименование оо",
        "краткое название",
        "short_name",
        "short name",
    ),
    "municipality": (
        "муниципалитет",
        "муниципальное образование",
        "муниципальный район",
        "территория",
        "мо",
        "район",
        "городской округ",
        "municipality",
    ),
    "kind": ("тип", "тип оо", "вид", "вид оо", "тип организации", "kind", "type"),
    "rural": (
        "сельская",
        "сельская школа",
        "сельская оо",
        "село",
        "местность",
        "расположение",
        "rural",
        "is_rural",
    ),
    "address": ("адрес", "юридический адрес", "фактический адрес", "address"),
    "director": ("директор", "фио директора", "руководитель", "фио руководителя", "director"),
}
COLUMN_TITLES = {
    "login": "Логин ОО",
    "full_name": "Наименование ОО",
    "short_name": "Краткое наименование",
    "municipality": "Муниципалитет",
    "kind": "Тип",
    "rural": "Сельская",
    "address": "Адрес",
    "director": "Директор",
}
REQUIRED = ("login", "full_name", "municipality")

KIND_WORDS = (  # order matters: «СОШ» must not swallow «ООШ», «лицей-интернат» is a lyceum
    ("nosh", ("нош", "начальная общеобразовательная", "начальная школа")),
    ("oosh", ("оош", "основная общеобразовательная", "основная школа")),
    ("gymnasium", ("гимназия",)),
    ("lyceum", ("лицей",)),
    ("education_centre", ("центр образования", "цо ")),
    ("evening", ("вечерняя", "сменная")),
    ("special", ("коррекционная", "адаптированн")),
    ("boarding", ("интернат",)),
    ("sosh", ("сош", "средняя общеобразовательная", "средняя школа")),
)
RURAL_YES = {"да", "1", "+", "сельская", "сельская местность", "село", "сельский", "yes", "true", "д"}
RURAL_NO = {"нет", "0", "-", "городская", "город", "городская местность", "городской", "no", "false", "н", ""}
# ФИС ОКО writes one school's login as sch220206, edu220206 or ksh220206: kept as sch + the digits.
LOGIN_RE = re.compile(r"^(?:sch|edu|ksh)(\d{6})$")


@dataclass(frozen=True)
class SchoolRow:
    row_number: int
    login: str
    full_name: str
    short_name: str
    municipality: str
    kind: str
    is_rural: bool
    address: str
    director: str


def find_columns(header: list[str]) -> dict[str, int]:
    lookup = {spelling: field for field, spellings in HEADER_SYNONYMS.items() for spelling in spellings}
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        field = lookup.get(normalise_header(title))
        if field and field not in columns:
            columns[field] = index
    return columns


def guess_kind(name: str) -> str:
    text = f" {name.lower().replace('ё', 'е')} "
    for kind, words in KIND_WORDS:
        if any(word in text for word in words):
            return kind
    return "other"


def shorten(full_name: str) -> str:
    """«Муниципальное бюджетное общеобразовательное учреждение "Средняя …"» is too long for lists."""
    name = " ".join(full_name.split())
    replacements = (
        ("муниципальное бюджетное общеобразовательное учреждение", "МБОУ"),
        ("муниципальное автономное общеобразовательное учреждение", "МАОУ"),
        ("муниципальное казенное общеобразовательное учреждение", "МКОУ"),
        ("муниципальное казённое общеобразовательное учреждение", "МКОУ"),
        ("государственное бюджетное общеобразовательное учреждение", "ГБОУ"),
        ("средняя общеобразовательная школа", "СОШ"),
        ("основная общеобразовательная школа", "ООШ"),
        ("начальная общеобразовательная школа", "НОШ"),
    )
    lowered = name.lower()
    for long, short in replacements:
        position = lowered.find(long)
        while position >= 0:
            name = name[:position] + short + name[position + len(long) :]
            lowered = name.lower()
            position = lowered.find(long)
    return name[:200]


def parse_school_rows(rows: list[list[str]], filename: str) -> tuple[list[SchoolRow], list[str]]:
    """Rows of a file (header first) → schools, or every problem found, each naming row and column."""
    header_index = next((i for i, row in enumerate(rows[:10]) if len(find_columns(row)) >= 2), None)
    if header_index is None:
        wanted = ", ".join(COLUMN_TITLES[f] for f in REQUIRED)
        return [], [f"Файл «{filename}»: не найдена строка заголовков со столбцами {wanted}."]
    columns = find_columns(rows[header_index])
    missing = [COLUMN_TITLES[f] for f in REQUIRED if f not in columns]
    if missing:
        found = ", ".join(f"«{t}»" for t in rows[header_index] if t) or "нет"
        return [], [f"Файл «{filename}»: нет обязательных столбцов: {', '.join(missing)}. Найдены: {found}."]

    schools: list[SchoolRow] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for offset, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(field: str, row=row) -> str:
            index = columns.get(field)
            return " ".join(row[index].split()) if index is not None and index < len(row) else ""

        def problem(field: str, message: str, offset=offset) -> None:
            errors.append(f"Строка {offset}, столбец «{COLUMN_TITLES[field]}»: {message}")

        login = cell("login").lower()
        if known := LOGIN_RE.match(login):
            login = f"sch{known.group(1)}"
        if not login:
            problem("login", "не заполнен логин ФИС ОКО.")
        elif not LOGIN_RE.match(login):
            problem("login", f"«{cell('login')}» — логин ФИС ОКО имеет вид sch и шесть цифр, например sch420164.")
        elif login in seen:
            problem("login", f"логин {login} уже встречался в строке {seen[login]}.")
        else:
            seen[login] = offset
        full_name = cell("full_name")
        if not full_name:
            problem("full_name", "не заполнено наименование школы.")
        municipality = cell("municipality")
        if not municipality:
            problem("municipality", "не указан муниципалитет.")
        rural_text = cell("rural").lower()
        if rural_text not in RURAL_YES and rural_text not in RURAL_NO:
            problem("rural", f"«{cell('rural')}» — ожидается «да» или «нет».")
        kind_text = cell("kind")
        kind = guess_kind(kind_text) if kind_text else guess_kind(full_name)
        if kind_text and kind == "other" and normalise_header(kind_text) not in ("иное", "другое", "прочее"):
            problem(
                "kind",
                f"«{kind_text}» — неизвестный тип; допустимы СОШ, ООШ, НОШ, гимназия, лицей, "
                "школа-интернат, центр образования, вечерняя, коррекционная, иное.",
            )
        schools.append(
            SchoolRow(
                row_number=offset,
                login=login,
                full_name=full_name[:500],
                short_name=cell("short_name")[:200] or shorten(full_name),
                municipality=municipality,
                kind=kind,
                is_rural=rural_text in RURAL_YES,
                address=cell("address")[:500],
                director=cell("director")[:300],
            )
        )
    if not schools and not errors:
        errors.append(f"Файл «{filename}»: после заголовка нет ни одной строки со школой.")
    return schools, errors
