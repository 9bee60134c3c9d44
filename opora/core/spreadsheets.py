"""Saving XLSX files that cannot run anything when opened.

A school name or a roadmap action typed as «=HYPERLINK("http://…"&B3, "…")» is data, but openpyxl
stores any string that starts with «=» as a formula, and Excel runs it (formula injection, also
through «+», «-», «@», a tab or a carriage return at the start). Our exports hold no formulas of
their own, so every builder saves through `workbook_bytes`, which turns each such cell back into
text. Pure: no Django."""

from __future__ import annotations

import io

# What spreadsheet programs take as the start of a formula or a command.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(workbook) -> int:
    """Turns every formula-looking text cell into plain text; returns how many there were."""
    count = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                    cell.data_type = "s"
                    count += 1
    return count


def workbook_bytes(workbook) -> bytes:
    """The workbook as XLSX bytes, with no cell that a spreadsheet program would execute."""
    neutralise_formulas(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
