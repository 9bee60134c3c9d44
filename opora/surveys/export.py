"""A wave's response rates and answers as XLSX (no person is named in it)."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Font

from opora.core.spreadsheets import workbook_bytes

from . import results
from .models import Wave

BOLD = Font(bold=True)


def _sheet(sheet, header: list[str], rows) -> None:
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = BOLD
    for row in rows:
        sheet.append(list(row))
    for column, width in zip("ABCDEF", (50, 14, 14, 12, 12, 12), strict=False):
        sheet.column_dimensions[column].width = width


def wave_xlsx(wave: Wave) -> bytes:
    book = Workbook()
    rates = results.rates(wave)
    sheet = book.active
    sheet.title = "Охват"
    header = ["Кто", "Спрошено", "Ответили", "Доля, %"]
    rows = [(r.label, r.audience, r.answered, r.percent) for r in [rates.total, *rates.by_role]]
    rows += [("", None, None, None), ("Муниципалитет", None, None, None)]
    rows += [(r.label, r.audience, r.answered, r.percent) for r in rates.by_municipality]
    _sheet(sheet, header, rows)
    total, questions = results.answers(wave)
    sheet = book.create_sheet("Ответы")
    if total < results.MIN_RESPONSES:
        _sheet(sheet, [f"Ответов {total}: результаты показываются от {results.MIN_RESPONSES} ответов"], [])
    else:
        rows = []
        for r in questions:
            rows.append((f"{r.question.code}. {r.question.text}", r.answered, r.mean))
            rows += [(f"    {label}", count, None) for label, count in r.rows]
        _sheet(sheet, ["Вопрос / вариант", "Ответов", "Среднее"], rows)
        sheet = book.create_sheet("Тексты")
        _sheet(sheet, ["Вопрос", "Ответ"], [(r.question.code, t) for r in questions for t in r.texts])
    return workbook_bytes(book)
