"""The drill-down list as XLSX, saved formula-safe (opora.core.spreadsheets)."""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Font

from opora.core.spreadsheets import workbook_bytes


def rows_workbook(title: str, headers: tuple[str, ...], rows: Iterable[tuple]) -> bytes:
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = "Список"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True)
    sheet.append(list(headers))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([str(v) if v is not None else "" for v in row])
    for letter, width in zip("ABCD", (50, 30, 60, 14), strict=False):
        sheet.column_dimensions[letter].width = width
    return workbook_bytes(workbook)
