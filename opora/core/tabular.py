"""Reading a small table (CSV or XLSX) as rows of strings, whatever the encoding and delimiter
a regional office saved it with. Pure: no Django. National-scale files go through Polars instead."""

from __future__ import annotations

import csv
import io
from pathlib import PurePath


class TableFileError(ValueError):
    """The file cannot be read as a table; the message is for the user, in Russian."""


def decode_text(data: bytes, filename: str) -> str:
    """UTF-8 (with or without BOM) first, then Windows-1251, the two encodings Excel users produce."""
    if not data.strip():
        raise TableFileError(f"Файл «{filename}» пуст.")
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise TableFileError(
        f"Файл «{filename}»: не удалось определить кодировку. Сохраните его как CSV в UTF-8 или Windows-1251."
    )


def sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in (";", "\t", ",")}
        return max(counts, key=counts.get)


def read_csv_rows(data: bytes, filename: str) -> list[list[str]]:
    text = decode_text(data, filename)
    reader = csv.reader(io.StringIO(text), delimiter=sniff_delimiter(text))
    return [[cell.strip() for cell in row] for row in reader]


def read_xlsx_rows(data: bytes, filename: str) -> list[list[str]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise TableFileError(f"Файл «{filename}» не читается как книга Excel (.xlsx).") from exc
    sheet = workbook.worksheets[0]
    rows = []
    for row in sheet.iter_rows(values_only=True):
        rows.append([_cell_text(value) for value in row])
    workbook.close()
    return rows


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table_rows(data: bytes, filename: str) -> list[list[str]]:
    """All rows of the file's first sheet as stripped strings; trailing empty rows dropped."""
    suffix = PurePath(filename).suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        rows = read_csv_rows(data, filename)
    elif suffix in (".xlsx", ".xlsm"):
        rows = read_xlsx_rows(data, filename)
    else:
        raise TableFileError(f"Файл «{filename}»: поддерживаются таблицы CSV (UTF-8 или Windows-1251) и Excel (.xlsx).")
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        raise TableFileError(f"Файл «{filename}» пуст.")
    return rows


def normalise_header(text: str) -> str:
    """Lower-case, ё→е, quotes and punctuation removed, spaces collapsed: «Логин ОО:» → «логин оо»."""
    text = text.lower().replace("ё", "е")
    for char in "«»\"'.,:;()№*":
        text = text.replace(char, " ")
    return " ".join(text.split())
