"""Hostile and huge school files (issue #8): bombs, files of another kind, encodings other than
UTF-8, UTF-16 and Windows-1251, a file with an error in every row, a file of more than 100,000
schools. Each refusal is a Russian message naming the file as the user named it, and changes nothing."""

import io
import os
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from opora.core import tabular
from opora.core.filetypes import Limits
from opora.registry.models import Person, School, SchoolImport
from opora.registry.services import MAX_LISTED_ERRORS, schools_import

HEADER = "Логин ОО;Наименование ОО;Муниципалитет;Тип;Сельская"
ROW = "sch42{n:04d};МБОУ «СОШ № {n}»;Северный район;СОШ;нет"
PLAIN_ROW = "sch42{n:04d};Средняя школа {n};Северный район;СОШ;нет"  # KOI8-R has no «» and №
N_SCHOOLS = int(os.environ.get("N_SCHOOLS", 100_500))
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def old_sqlite_limit(db):
    """SQLite builds before 3.32 take 999 parameters a query (this one takes 250,000): the lookups must
    work under the smaller limit, which a single `IN` of all logins exceeds at once."""
    from django.db import connection

    if connection.vendor != "sqlite":
        yield
        return
    import sqlite3

    connection.ensure_connection()
    raw = connection.connection
    before = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
    yield
    raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, before)


def run_import(world, content: bytes, name: str) -> SchoolImport:
    return schools_import(region=world.region, upload=SimpleUploadedFile(name, content), user=world.users["operator"])


def refused(world, content: bytes, name: str) -> str:
    """Imports the file, checks that it was refused and that no school or person changed."""
    before = (School.objects.count(), Person.objects.count(), list(School.objects.values_list("short_name")))
    record = run_import(world, content, name)
    assert record.status == SchoolImport.Status.FAILED, record.errors
    assert (School.objects.count(), Person.objects.count(), list(School.objects.values_list("short_name"))) == before
    assert len(record.errors) == 1
    return record.errors[0]


def csv_bytes(rows, encoding="utf-8", sep=";") -> bytes:
    return "".join(line.replace(";", sep) + "\r\n" for line in [HEADER, *rows]).encode(encoding)


def xlsx_bytes(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ratio_bomb(unpacked_mb: int = 8) -> bytes:
    """A workbook whose one sheet is `unpacked_mb` MB of the same row: it compresses ~1000 times."""
    row = b'<row><c t="inlineStr"><is><t>sch420001</t></is></c></row>' * 1000
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}"><sheets/></workbook>')
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f'<worksheet xmlns="{MAIN}"><sheetData>'.encode())
            for _ in range(unpacked_mb * 1024 * 1024 // len(row)):
                sheet.write(row)
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def test_a_sheet_that_unpacks_past_the_limit_is_refused_before_it_is_read(world, media, monkeypatch):
    monkeypatch.setattr(tabular, "TABLE_LIMITS", Limits(unpacked_mb=1))
    rows = [HEADER.split(";")] + [[*ROW.format(n=n).split(";"), f"ул. {n * 7919 % 10007}"] for n in range(9000)]
    content = xlsx_bytes(rows)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert sum(p.file_size for p in archive.infolist()) > 1024 * 1024  # the file really is over the limit

    def no_reading(*args, **kwargs):
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr("openpyxl.load_workbook", no_reading)
    message = refused(world, content, "Школы области.xlsx")
    assert message.startswith("Файл «Школы области.xlsx» слишком велик в распакованном виде")
    assert "допускается не более 1 МБ" in message


def test_a_compression_bomb_is_refused_by_its_ratio(world, media):
    message = refused(world, ratio_bomb(), "schools.xlsx")
    assert message.startswith("Файл «schools.xlsx» сжат подозрительно сильно (в ")


def test_a_word_document_named_xlsx_says_what_it_is(world, media):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    message = refused(world, buffer.getvalue(), "Школы.xlsx")
    assert message == (
        "Файл «Школы.xlsx» — документ Word (DOCX), а здесь принимаются: книга Excel (XLSX), текст (CSV, TXT)."
    )


def test_messages_name_the_file_as_the_user_named_it_not_as_it_is_stored(world, media):
    record = run_import(world, b"%PDF-1.7 ...", "Реестр школ 2026.csv")
    assert record.file.name != "Реестр школ 2026.csv"
    assert record.errors == [
        "Файл «Реестр школ 2026.csv» — PDF, а здесь принимаются: книга Excel (XLSX), текст (CSV, TXT)."
    ]


@pytest.mark.parametrize(("encoding", "sep"), [("utf-16", "\t"), ("utf-8-sig", ";"), ("cp1251", ";"), ("utf-8", ",")])
def test_utf16_utf8_and_windows_1251_files_give_the_same_schools(world, media, encoding, sep):
    rows = [ROW.format(n=n) for n in (101, 102)]
    record = run_import(world, csv_bytes(rows, encoding, sep), f"schools-{encoding}.csv")
    assert record.status == SchoolImport.Status.SUCCEEDED, record.errors
    assert School.objects.get(fis_oko_login="sch420102").short_name == "МБОУ «СОШ № 102»"
    assert School.objects.get(fis_oko_login="sch420101").municipality == world.m


@pytest.mark.parametrize(
    ("content", "seen"),
    [
        (
            csv_bytes([PLAIN_ROW.format(n=n) for n in range(101, 111)], "koi8_r"),
            "текст читается как «мПЗЙО пп;оБЙНЕОПЧБОЙЕ пп",
        ),
        (csv_bytes([PLAIN_ROW.format(n=n) for n in range(101, 111)], "cp866"), "текст читается как"),
        (csv_bytes([ROW.format(n=101)], "utf-16-le"), ""),  # UTF-16 without its BOM
    ],
    ids=["koi8-r", "cp866", "utf-16-without-bom"],
)
def test_an_unknown_encoding_is_refused_never_read_as_mojibake(world, media, content, seen):
    message = refused(world, content, "schools.csv")
    assert message.startswith("Файл «schools.csv»") and "не удалось определить кодировку" in message
    assert seen in message
    assert "Сохраните его как CSV в UTF-8 или Windows-1251." in message


def test_a_file_with_an_error_in_every_row_stores_200_errors_and_a_count(world, media):
    rows = [f"школа {n};МБОУ «СОШ № {n}»;Северный район;СОШ;нет" for n in range(450)]
    before = School.objects.count()
    record = run_import(world, csv_bytes(rows), "schools.csv")
    assert record.status == SchoolImport.Status.FAILED
    assert len(record.errors) == MAX_LISTED_ERRORS + 1 == 201
    assert record.errors[0].startswith("Строка 2, столбец «Логин ОО»: «школа 0» — логин ФИС ОКО имеет вид")
    assert record.errors[-1] == "… и ещё 250 ошибок."
    assert School.objects.count() == before
    assert len(str(SchoolImport.objects.get(pk=record.pk).errors)) < 40_000


def test_a_file_of_more_than_100000_schools_is_imported_on_any_database(world, media, old_sqlite_limit):
    """Logins are looked up in batches: one query with 100,500 parameters fails on SQLite."""
    rows = [f"sch{500000 + n};Школа {n};Северный район;СОШ;нет" for n in range(N_SCHOOLS)]
    started = time.monotonic()
    record = run_import(world, csv_bytes(rows), "national.csv")
    assert record.status == SchoolImport.Status.SUCCEEDED, record.errors[:3]
    assert (record.created_count, record.updated_count) == (N_SCHOOLS, 0)
    # Imported again: every school is found (in batches) and updated.
    record = run_import(world, csv_bytes(rows), "national.csv")
    assert (record.status, record.created_count, record.updated_count) == (SchoolImport.Status.SUCCEEDED, 0, N_SCHOOLS)
    assert time.monotonic() - started < 240
