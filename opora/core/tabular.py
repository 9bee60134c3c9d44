"""Reading a small table (CSV or XLSX) as rows of strings, whatever the encoding and delimiter
a regional office saved it with. Pure: no Django. National-scale files go through Polars instead, but their
encoding is detected here too (`detect_encoding`, `utf8_bytes`)."""

from __future__ import annotations

import codecs
import csv
import io
import re

from .filetypes import TEXT, XLSX, Limits, UnsafeFile, require_kind


class TableFileError(ValueError):
    """The file cannot be read as a table; the message is for the user, in Russian."""


_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
# Letters of Windows-1251 that Russian text never has, and its rarer symbols: what CP866 (or UTF-8
# glued into a Windows-1251 file) turns into when read as Windows-1251.
_FOREIGN = re.compile(r"[ЂЃѓЉЊЌЋЏђљњќћџЎўЈҐЄЇІіґєјЅѕї¤¦©®µ¶·‰€™]")
_LOWER_UPPER = re.compile(r"[а-яё][А-ЯЁ]")
_UPPER_LOWER = re.compile(r"[А-ЯЁ][а-яё]")
_UTF8_CYRILLIC = re.compile(rb"[\xd0\xd1][\x80-\xbf]")


def _unknown_encoding(filename: str, text: str = "") -> TableFileError:
    seen = ""
    if text:
        line = next((line for line in text.splitlines() if _CYRILLIC.search(line)), text)
        seen = f" (текст читается как «{' '.join(line.split())[:40]}…»)"
    return TableFileError(
        f"Файл «{filename}»: не удалось определить кодировку{seen}. Сохраните его как CSV в UTF-8 или Windows-1251."
    )


def detect_encoding(data: bytes, filename: str, *, complete: bool = True) -> str:
    """The encoding of a text file from its bytes (or, with `complete=False`, its first bytes):
    "utf-16" (with BOM), "utf-8-sig", "utf-8" or "cp1251" — the encodings Excel users produce.
    Anything else (a NUL byte without a BOM, KOI8-R, CP866) is TableFileError; never a guess
    that would turn column names into mojibake."""
    if data.startswith(_UTF16_BOMS):
        return "utf-16"
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if b"\x00" in data:
        raise _unknown_encoding(filename)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=complete)
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    # Windows-1251 decodes any byte but 0x98: check that it reads as Russian, not as another
    # Cyrillic encoding would.
    sample = _cp1251_text(data[:65536])
    if _looks_misdecoded(sample):
        raise _unknown_encoding(filename, sample)
    return "cp1251"


def bomless_utf16(head: bytes) -> bool:
    """Text saved as UTF-16 without its BOM: binary to the eye (NUL bytes), but text in either byte
    order. Readers refuse it for its encoding, not as a file of unknown kind."""
    if b"\x00" not in head or head.startswith(_UTF16_BOMS):
        return False
    head = head[: len(head) // 2 * 2][:4096]
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        if text and not any(ord(c) < 32 and c not in "\t\r\n" for c in text):
            return True
    return False


def _looks_misdecoded(text: str) -> bool:
    """KOI8-R read as Windows-1251 swaps the case of letters («Логин» → «мПЗЙО»), CP866 makes
    symbols and non-Russian letters of half of them; real text has capitals before small letters."""
    letters = len(_CYRILLIC.findall(text))
    if letters < 8:
        return False
    swapped = len(_LOWER_UPPER.findall(text))
    if swapped >= 3 and swapped > len(_UPPER_LOWER.findall(text)):
        return True
    return len(_FOREIGN.findall(text)) > 0.1 * letters + 2


def decode_text(data: bytes, filename: str) -> str:
    """The file's text: UTF-8 (with or without BOM), UTF-16 with BOM or Windows-1251 — one place for
    every reader of CSV and text tables. A file glued from a UTF-8 and a Windows-1251 export is
    decoded line by line. Unknown encodings are TableFileError."""
    if not data.strip():
        raise TableFileError(f"Файл «{filename}» пуст.")
    encoding = detect_encoding(data, filename)
    if encoding == "utf-16":
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise _unknown_encoding(filename) from None
        if not text.strip("\ufeff \r\n\t"):
            raise TableFileError(f"Файл «{filename}» пуст.")
        return text.removeprefix("\ufeff")
    if encoding != "cp1251":
        return data.decode(encoding)
    text = _cp1251_text(data)
    if "\ufffd" in text or _looks_misdecoded(text[:65536]):
        raise _unknown_encoding(filename, text)
    return text


def _cp1251_text(data: bytes) -> str:
    if _UTF8_CYRILLIC.search(data) is None:
        return data.decode("cp1251", errors="replace")
    return "".join(_decode_line(line) for line in data.splitlines(keepends=True))


def _decode_line(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("cp1251", errors="replace")


def utf8_bytes(data: bytes, filename: str) -> bytes:
    """The file as UTF-8 bytes (for Polars, which reads only UTF-8); unchanged if it already is."""
    if data.startswith(codecs.BOM_UTF8) or detect_encoding(data, filename) == "utf-8":
        return data
    return decode_text(data, filename).encode("utf-8")


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


# A regional schools file: 5,000 schools in an XLSX unpack to about 3 MB, a national one (40,000) to
# 25 MB. 200 MB is room for eight times the national file and far below what hurts the server.
TABLE_LIMITS = Limits(unpacked_mb=200)
TABLE_KINDS = (XLSX, TEXT)


def read_table_rows(data: bytes, filename: str, *, limits: Limits | None = None) -> list[list[str]]:
    """All rows of the file's first sheet as stripped strings; trailing empty rows dropped.

    The kind is read from the bytes, not the name: a Word document renamed to .xlsx is refused
    saying what it is, an XLSX archive that would unpack past `limits` is refused before openpyxl
    (read-only, streaming) opens it."""
    if not data.strip():
        raise TableFileError(f"Файл «{filename}» пуст.")
    if data.startswith(_UTF16_BOMS):
        kind = TEXT  # NUL bytes of UTF-16 text are not binary
    elif bomless_utf16(data[:4096]):
        raise _unknown_encoding(filename)
    else:
        try:
            kind = require_kind(data, filename, TABLE_KINDS, limits or TABLE_LIMITS)
        except UnsafeFile as exc:
            raise TableFileError(str(exc)) from exc
    rows = read_xlsx_rows(data, filename) if kind == XLSX else read_csv_rows(data, filename)
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        raise TableFileError(f"Файл «{filename}» пуст.")
    return rows


def capped(messages: list[str], limit: int = 200) -> list[str]:
    """At most `limit` messages and a last line with how many more there are: what is stored and
    shown of a file's errors (a 200,000-row file with an error in each must not become a 150 MB
    value every visit of the page loads)."""
    if len(messages) <= limit:
        return list(messages)
    return [*messages[:limit], more_line(len(messages) - limit)]


def more_line(rest: int) -> str:
    from opora.core.russian import plural

    return f"… и ещё {rest} {plural(rest, 'ошибка', 'ошибки', 'ошибок')}."


def normalise_header(text: str) -> str:
    """Lower-case, ё→е, quotes and punctuation removed, spaces collapsed: «Логин ОО:» → «логин оо»."""
    text = text.lower().replace("ё", "е")
    for char in "«»\"'.,:;()№*":
        text = text.replace(char, " ")
    return " ".join(text.split())
