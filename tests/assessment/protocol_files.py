"""Small ФИС ОКО protocols in the three real layouts, built in code (the real ones are never committed).

Each builder returns the file's bytes; the figures each file must give are worked out by hand in
the tests that use them (tests/assessment/test_protocols_reading.py)."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook

NBSP = "\xa0"


def _xlsx(sheets: list[tuple[str, list[list[object]]]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


HEADER_2021 = [
    "логин школы", "регион", "номер обучающегося", "код обучающегося",
    "отметка за предыдущую четверть/триместр", "пол", "класс", "вариант", "всего баллов",
    "балл за 1", "балл за 2", "балл за 3", "Учебник",
]  # fmt: skip


def protocol_2021(first: str = "sch220001", second: str = "ksh220002") -> bytes:
    """ВПР 4 МА 2021 (scale 5/6/9/10/14/15, maximum 20): school sch220001 (four participants, one
    absent, an odd variant, a previous mark with a non-breaking space), school ksh220002 (a total
    above the maximum, a missing total, a total that differs from the task points), a bad login."""
    a, b = first, second
    rows = [
        HEADER_2021,
        [a, "Район А", 1, 40001, 4, "м", "а", 1, 15, 1, 2, 12, "Моро"],
        [a, "Район А", 2, 40002, 4, "ж", "а", 2, 10, 1, 1, 8, "Моро"],
        [a, "Район А", 3, 40003, 3, "м", "а", 1, 5, 0, 1, 4, "Моро"],
        [a, "Район А", 4, 40004, None, None, None, "отсутствовал", None, None, None, None, None],
        [a, "Район А", 5, 40005, f"{NBSP}5", "ж", "а", "3", 6, 0, 0, 6, "Моро"],
        [b, "Район Б", 1, 40006, 4, "м", "б", 1, 22, 1, 2, 19, "Моро"],
        [b, "Район Б", 2, 40007, 4, "м", "б", 2, None, None, None, None, "Моро"],
        [b, "Район Б", 3, 40008, 3, "ж", "б", 1, 9, 1, 2, 5, "Моро"],
        [b, "Район Б", 4, 40009, None, "ж", "б", 2, 3, 0, 0, 3, "Моро"],
        ["школа", "Район Б", 5, 40010, 4, "ж", "б", 2, 10, 1, 1, 8, "Моро"],
    ]
    return _xlsx([("Лист1", rows)])


def protocol_2020() -> bytes:
    """ВПР 7 МА 2020 in raw codes (scale 6/7/11/12/15/16, maximum 19), login edu220003: task cells
    «X» (Latin) and «Х» (Cyrillic), an absent pupil with total 0, «нет отметки», an empty task column."""
    header = ["groups", "user", "id", "code", "otc", "gender", "klass", "var-1", "var-2", "sum",
              "a-1-grade", "a-2-grade", "Учебник", "a-4-grade"]  # fmt: skip
    groups = "22-RU-ALT,vpr2020.ma7,vpr2020.ru7"
    rows = [
        header,
        [groups, "edu220003", 1, 80001, 4, "м", "а", 1, None, 16, 1, 15, None, None],
        [groups, "edu220003", 2, 80002, 3, "ж", "а", 2, None, 7, "X", 7, None, None],
        [groups, "edu220003", 3, 80003, None, None, None, "отсутствовал", None, 0, None, None, None, None],
        [groups, "edu220003", 4, 80004, "нет отметки", "м", "а", 1, None, 2, "Х", 2, None, None],
    ]
    return _xlsx([("Sheet1", rows)])


def protocol_2022(login: str = "edu224085", date: str = "17.03.2022 08:33:28") -> bytes:
    """ВПР 6 МА 2022: the «Классы» sheet first, the data on «Протокол»; tasks «1 (1б)», «2 (2б)»;
    an absent pupil with total 0; «Итого баллов» written with a non-breaking space."""
    school = f'{login} | МБОУ "Маралихинская СОШ"'
    municipality = "reg22_m057 | Чарышский муниципальный район"
    region = "reg220000 | Алтайский край"
    classes = [
        ["Пользователь", "Код региона", "Регион", "Муниципалитет", "Школа", "Дата загрузки",
         "Буква (цифра) класса", "Основной учебник по предмету"],
        [login, 22, region, municipality, school, date, "нет", "ma6.3 | Виленкин"],
    ]  # fmt: skip
    header = ["Пользователь", "Код региона", "Регион", "Муниципалитет", "Школа", "Дата загрузки", "Код",
              "Вариант", "1 (1б)", "2 (2б)", "Наименование класса", "Пол",
              "Отметка за предыдущий триместр/ четверть/полугодие", f"Итого{NBSP}баллов"]  # fmt: skip
    common = [login, 22, region, municipality, school, date]
    rows = [
        header,
        [*common, 60001, "отсутствовал", None, None, None, None, None, 0],
        [*common, 60002, 1, 1, 2, "нет", "ж", 3, 3],
        [*common, 60003, 2, 0, 1, "нет", "м", 4, 1],
        [*common, 60004, 1, 0, 0, "нет", "м", 2, 0],
    ]
    return _xlsx([("Классы", classes), ("Протокол", rows)])


def write(directory: Path, name: str, data: bytes) -> Path:
    path = directory / name
    path.write_bytes(data)
    return path
