"""What an uploaded file really is, read from its bytes (never from its name), and whether it is
safe to unpack. Pure: no Django.

Office files (DOCX, XLSX, ODT, ODS) are ZIP archives: a 3.5 MB DOCX can expand to gigabytes
(a «zip bomb»). `check_archive` reads only the archive's directory and refuses one that would
unpack past the caller's limit, with a compression ratio no real document has, or with too many
parts — before any reader opens it. Python's zipfile never yields more than a part's declared
size, so the declared sizes bound what the readers will see."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

PDF, DOCX, XLSX, ODT, ODS, JPEG, PNG, TEXT = "pdf", "docx", "xlsx", "odt", "ods", "jpeg", "png", "text"
LEGACY_OFFICE, ZIP, UNKNOWN = "legacy_office", "zip", "unknown"

TITLES = {
    PDF: "PDF",
    DOCX: "документ Word (DOCX)",
    XLSX: "книга Excel (XLSX)",
    ODT: "документ OpenDocument (ODT)",
    ODS: "таблица OpenDocument (ODS)",
    JPEG: "изображение JPEG",
    PNG: "изображение PNG",
    TEXT: "текст (CSV, TXT)",
}
# Documents a school, a curator or an operator attaches as evidence or as a document for review.
DOCUMENT_KINDS = (PDF, DOCX, XLSX, ODT, ODS, JPEG, PNG)

MAX_PARTS = 5_000
MAX_RATIO = 200  # real office parts compress 3–50 times; bombs, hundreds or thousands of times


class UnsafeFile(ValueError):
    """The file is refused; the message is for the user, in Russian."""


@dataclass(frozen=True)
class Limits:
    unpacked_mb: int = 200
    ratio: int = MAX_RATIO
    parts: int = MAX_PARTS


def _head(source, size: int) -> bytes:
    if isinstance(source, bytes | bytearray):
        return bytes(source[:size])
    position = source.tell()
    try:
        return source.read(size)
    finally:
        source.seek(position)


def _archive(source) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes | bytearray) else source)


def kind_of(source) -> str:
    """The file's kind from its first bytes (and, for ZIP archives, the names of its parts).
    `source`: bytes, or a seekable binary file (an upload), left at the position it was at."""
    data = _head(source, 65536)
    head = data[:8]
    if data[:5] == b"%PDF-":
        return PDF
    if head[:3] == b"\xff\xd8\xff":
        return JPEG
    if head == b"\x89PNG\r\n\x1a\n":
        return PNG
    if head == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return LEGACY_OFFICE
    if head[:4] == b"PK\x03\x04":
        return _zip_kind(source)
    if _looks_like_text(data):
        return TEXT
    return UNKNOWN


def _zip_kind(source) -> str:
    position = None if isinstance(source, bytes | bytearray) else source.tell()
    try:
        with _archive(source) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100]
                if mimetype == b"application/vnd.oasis.opendocument.text":
                    return ODT
                if mimetype == b"application/vnd.oasis.opendocument.spreadsheet":
                    return ODS
    except (zipfile.BadZipFile, OSError, KeyError, EOFError):
        return UNKNOWN
    finally:
        if position is not None:
            source.seek(position)
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return ZIP


def _looks_like_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    # Control characters other than tab, CR, LF, form feed: binary.
    return not any(byte < 32 and byte not in (9, 10, 12, 13) for byte in head)


def check_archive(source, filename: str, limits: Limits = Limits()) -> None:
    """Refuses a ZIP-based file that would unpack past the limits; reads only its directory."""
    position = None if isinstance(source, bytes | bytearray) else source.tell()
    try:
        with _archive(source) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise UnsafeFile(f"Файл «{filename}» повреждён: его не удаётся открыть.") from exc
    finally:
        if position is not None:
            source.seek(position)
    if len(parts) > limits.parts:
        raise UnsafeFile(
            f"Файл «{filename}» состоит из слишком многих частей ({len(parts)}); так не бывает у документов."
        )
    total = sum(part.file_size for part in parts)
    if total > limits.unpacked_mb * 1024 * 1024:
        raise UnsafeFile(
            f"Файл «{filename}» слишком велик в распакованном виде: {total // (1024 * 1024)} МБ, "
            f"допускается не более {limits.unpacked_mb} МБ. Разделите его на части."
        )
    for part in parts:
        if part.file_size > 1024 * 1024 and part.file_size > limits.ratio * max(part.compress_size, 1):
            raise UnsafeFile(
                f"Файл «{filename}» сжат подозрительно сильно (в {part.file_size // max(part.compress_size, 1)} раз): "
                "так бывает у файлов, созданных, чтобы вывести сервер из строя. Сохраните документ заново."
            )


def require_kind(source, filename: str, allowed: tuple[str, ...], limits: Limits = Limits()) -> str:
    """The file's kind if it is one of `allowed` (and, for archives, safe to unpack); else UnsafeFile."""
    kind = kind_of(source)
    if kind == LEGACY_OFFICE:
        raise UnsafeFile(f"Файл «{filename}» — в старом формате Word/Excel 97–2003. Сохраните его как DOCX или XLSX.")
    if kind not in allowed:
        names = ", ".join(TITLES[k] for k in allowed)
        found = TITLES.get(kind, "файл неизвестного вида")
        raise UnsafeFile(f"Файл «{filename}» — {found}, а здесь принимаются: {names}.")
    if kind in (DOCX, XLSX, ODT, ODS):
        check_archive(source, filename, limits)
    return kind
