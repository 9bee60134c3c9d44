"""Hostile and huge results files (issue #8): bombs, files of another kind, encodings, years out of
range, a file with an error in every row, a national file of more than 100,000 logins on SQLite.
Every refusal is a Russian message naming the file as the user named it, and stores nothing."""

import datetime
import io
import zipfile

import polars as pl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from opora.assessment import sheets
from opora.assessment.models import ResultsUpload, SchoolResult
from opora.assessment.results_reader import ResultsFileError, read_results
from opora.assessment.services import MAX_LISTED_ERRORS, results_upload
from opora.core.filetypes import Limits
from opora.registry.models import School

HEADER = "Логин ОО;Наименование ОО;Год;Процедура;Участников;Получили «2»"
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


def csv_bytes(rows: list[str], encoding: str = "utf-8", sep: str = ";") -> bytes:
    return "".join(line.replace(";", sep) + "\r\n" for line in [HEADER, *rows]).encode(encoding)


def upload(world, content: bytes, name: str) -> ResultsUpload:
    file = SimpleUploadedFile(name, content)
    return results_upload(campaign=world.campaign, upload=file, user=world.users["operator"])


def refused(world, content: bytes, name: str) -> list[str]:
    """Uploads the file; checks that it was refused and that no result was stored."""
    before = list(SchoolResult.objects.values_list("pk", "low_count"))
    record = upload(world, content, name)
    assert record.status == ResultsUpload.Status.REJECTED, record.errors
    assert record.row_count == 0 and record.years == []
    assert list(SchoolResult.objects.values_list("pk", "low_count")) == before
    return record.errors


def workbook(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ratio_bomb(unpacked_mb: int = 8) -> bytes:
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


# --- bombs and kinds ------------------------------------------------------------------------------


def test_a_sheet_that_unpacks_past_the_limit_is_refused_before_fastexcel_reads_it(world, media, monkeypatch):
    monkeypatch.setattr(sheets, "RESULTS_LIMITS", Limits(unpacked_mb=1))
    rows = [HEADER.split(";")] + [
        ["sch420001", f"Школа {n * 7919 % 10007}", 2025, f"ВПР {5 + n % 4} РУ", n % 90 + 10, n % 7] for n in range(9000)
    ]
    content = workbook(rows)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert sum(p.file_size for p in archive.infolist()) > 1024 * 1024

    def no_reading(*args, **kwargs):
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr(sheets, "_fastexcel_sheets", no_reading)
    monkeypatch.setattr(sheets, "_openpyxl_sheets", no_reading)
    errors = refused(world, content, "Результаты ВПР 2025.xlsx")
    assert len(errors) == 1
    assert errors[0].startswith("Файл «Результаты ВПР 2025.xlsx» слишком велик в распакованном виде")
    assert "допускается не более 1 МБ. Разделите его на части." in errors[0]


def test_a_compression_bomb_is_refused_by_its_ratio(world, media):
    errors = refused(world, ratio_bomb(), "results.xlsx")
    assert len(errors) == 1 and errors[0].startswith("Файл «results.xlsx» сжат подозрительно сильно (в ")


def test_the_national_limit_lets_a_real_national_workbook_through_and_refuses_a_gigabyte():
    """The chosen limit against the sizes in its justification (bench/results_bombs.py measures them)."""
    assert 400 < sheets.RESULTS_LIMITS.unpacked_mb < 1200


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (
            b"PK-docx",
            "results.xlsx",
            "Файл «results.xlsx» — документ Word (DOCX), а здесь принимаются: книга Excel (XLSX), текст (CSV, TXT).",
        ),
        (b"%PDF-1.5 ...", "results.csv", "Файл «results.csv» — PDF, а здесь принимаются: книга Excel (XLSX)"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
            "results.xls",
            "Файл «results.xls» — в старом формате Word/Excel 97–2003. Сохраните его как DOCX или XLSX.",
        ),
    ],
    ids=["docx", "pdf", "xls"],
)
def test_a_file_of_another_kind_says_what_it_is(world, media, content, name, message):
    if content == b"PK-docx":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("word/document.xml", "<document/>")
        content = buffer.getvalue()
    errors = refused(world, content, name)
    assert len(errors) == 1 and errors[0].startswith(message), errors


def test_messages_name_the_file_as_the_user_named_it(world, media):
    record = upload(world, b"%PDF-1.5", "Итоги ОГЭ.csv")
    assert "Итоги ОГЭ" not in record.file.name or record.file.name != "Итоги ОГЭ.csv"
    assert record.errors[0].startswith("Файл «Итоги ОГЭ.csv» — PDF")


# --- encodings: one module for all readers ----------------------------------------------------------


@pytest.mark.parametrize(("encoding", "sep"), [("utf-16", "\t"), ("cp1251", ";"), ("utf-8-sig", ";"), ("utf-8", ",")])
def test_utf16_windows_1251_and_utf8_files_are_read_alike(world, media, encoding, sep):
    rows = ["sch420001;МБОУ «СОШ № 1»;2025;ВПР 5 РУ;20;8", "sch420002;МКОУ «ООШ с. Тохтор»;2025;ОГЭ МА;12;4"]
    record = upload(world, csv_bytes(rows, encoding, sep), f"results-{encoding}.csv")
    assert record.status == ResultsUpload.Status.ACCEPTED, record.errors
    assert SchoolResult.objects.get(school=world.school_b, procedure="oge_ma").low_count == 4


def test_a_file_glued_from_utf8_and_windows_1251_exports_is_read_line_by_line(tmp_path):
    top = csv_bytes(["sch420001;МБОУ «СОШ № 1»;2025;ВПР 5 РУ;20;8"])
    bottom = "sch420002;МКОУ «ООШ с. Тохтор»;2025;ОГЭ МА;12;4\r\n".encode("cp1251")
    path = tmp_path / "glued.csv"
    path.write_bytes(top + bottom)
    frame = read_results(path)
    assert frame.get_column("name").to_list() == ["МБОУ «СОШ № 1»", "МКОУ «ООШ с. Тохтор»"]


@pytest.mark.parametrize(
    "content",
    [
        "Логин ОО;Год;Процедура;Участников;Получили 2\r\nsch420001;2025;ВПР 5 РУ;20;8\r\n".encode("koi8_r") * 3,
        "Логин ОО;Год;Процедура;Участников\r\nsch420001;2025;ВПР 5 РУ;20\r\n".encode("utf-16-le"),
    ],
    ids=["koi8-r", "utf-16-without-bom"],
)
def test_an_unknown_encoding_is_refused_never_mojibake_column_names(world, media, content):
    errors = refused(world, content, "results.csv")
    assert len(errors) == 1
    assert errors[0].startswith("Файл «results.csv»"), errors
    assert "не удалось определить кодировку" in errors[0], errors
    assert errors[0].endswith("Сохраните его как CSV в UTF-8 или Windows-1251.")
    assert "Найдены столбцы" not in errors[0]  # no column names read from mojibake


def test_koi8_is_refused_with_the_encoding_message(tmp_path):
    path = tmp_path / "koi8.csv"
    path.write_bytes(
        "Логин ОО;Год;Процедура;Участников;Получили 2\r\nsch420001;2025;ВПР 5 РУ;20;8\r\n".encode("koi8_r")
    )
    with pytest.raises(ResultsFileError) as error:
        read_results(path, name="Итоги.csv")
    assert str(error.value).startswith("Файл «Итоги.csv»: не удалось определить кодировку (текст читается как «")


# --- years, caps, volumes -------------------------------------------------------------------------


@pytest.mark.parametrize("year", ["1950", "2100", str(datetime.date.today().year + 2)])
def test_a_year_outside_2000_to_next_year_is_refused_with_its_row(world, media, year):
    rows = ["sch420001;МБОУ «СОШ № 1»;2025;ВПР 5 РУ;20;8", f"sch420002;МКОУ «ООШ с. Тохтор»;{year};ОГЭ МА;12;4"]
    errors = refused(world, csv_bytes(rows), "results.csv")
    last = datetime.date.today().year + 1
    assert errors == [
        f"Файл «results.csv», строка 3, столбец C «Год»: год вне допустимых пределов: результаты принимаются "
        f"за 2000–{last} годы (в ячейке «{year}»)"
    ]


def test_next_years_results_are_accepted(world, media):
    year = datetime.date.today().year + 1
    record = upload(world, csv_bytes([f"sch420001;МБОУ «СОШ № 1»;{year};ВПР 5 РУ;20;8"]), "results.csv")
    assert record.status == ResultsUpload.Status.ACCEPTED, record.errors
    assert record.years == [year]


def test_a_file_with_an_error_in_every_row_stores_200_errors_and_a_count(world, media):
    rows = [f"sch420001;МБОУ «СОШ № 1»;2025;ВПР 5 РУ;{n};много" for n in range(5000)]
    errors = refused(world, csv_bytes(rows), "results.csv")
    assert len(errors) == MAX_LISTED_ERRORS + 1 == 201
    assert errors[0] == "Файл «results.csv», строка 2, столбец F «Получили «2»»: ожидается число (в ячейке «много»)"
    assert errors[-1] == "… и ещё 4800 ошибок."


def test_the_error_message_counts_all_errors_not_only_the_listed_ones(tmp_path):
    path = tmp_path / "results.csv"
    path.write_bytes(csv_bytes([f"sch420001;Школа;1950;ВПР 5 РУ;{n + 1};1" for n in range(3000)]))
    with pytest.raises(ResultsFileError) as error:
        read_results(path)
    assert error.value.total == 3000 and len(error.value.errors) == 1000
    message = str(error.value)
    assert message.startswith("Найдено 3000 ошибок:")
    assert message.endswith("… и ещё 2950 ошибок.")


def national_csv(logins: list[str], year: int = 2025) -> bytes:
    frame = pl.DataFrame({"login": logins}).with_columns(
        pl.lit("Школа").alias("name"),
        pl.lit(year).alias("year"),
        pl.lit("ВПР 5 РУ").alias("procedure"),
        pl.lit(20).alias("participants"),
        pl.lit(3).alias("low_count"),
    )
    return HEADER.encode() + b"\r\n" + frame.write_csv(separator=";", include_header=False).encode()


def test_more_than_100000_unknown_logins_are_reported_capped_not_a_database_error(world, media, old_sqlite_limit):
    """The old lookup put every login into one `IN (…)`: 120,000 parameters fail on SQLite."""
    errors = refused(world, national_csv([f"sch{700000 + n}" for n in range(120_000)]), "national.csv")
    assert len(errors) == 201
    assert errors[0] == (
        "Файл «national.csv», строка 2, столбец «Логин ОО»: школы с логином sch700000 нет в реестре региона "
        "«Тестовая область»"
    )
    assert errors[-1] == "… и ещё 119800 ошибок."


def test_more_than_100000_known_logins_are_stored_on_any_database(world, media, old_sqlite_limit):
    School.objects.bulk_create(
        [School(municipality=world.m, fis_oko_login=f"sch{800000 + n}", short_name=f"Ш{n}") for n in range(110_000)],
        batch_size=5000,
    )
    record = upload(world, national_csv([f"sch{800000 + n}" for n in range(110_000)]), "national.csv")
    assert record.status == ResultsUpload.Status.ACCEPTED, record.errors[:3]
    assert record.row_count == 110_000
    assert SchoolResult.objects.filter(year=2025, procedure="vpr5_ru").count() == 110_000
