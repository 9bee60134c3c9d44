"""Hostile and huge roadmap documents are refused with a Russian message before they are unpacked,
and nothing is saved: archive bombs, files that are not what their name says, unknown encodings,
header-only tables, more items than a roadmap has. Evidence of a report is accepted by content."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from opora.roadmaps.cli import main as cli
from opora.roadmaps.models import ItemReport, Roadmap, RoadmapImport
from opora.roadmaps.parse import RoadmapError, parse_roadmap_bytes
from opora.roadmaps.tables import MAX_ITEMS, MAX_ROWS
from tests.paths import ROADMAP_FIXTURES

from .worlds import add_roadmaps

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ROW = (
    "<w:tr><w:tc><w:p><w:r><w:t>1.1</w:t></w:r></w:p></w:tc>"
    "<w:tc><w:p><w:r><w:t>Совещание</w:t></w:r></w:p></w:tc></w:tr>"
)
HEADER = "№;Мероприятие;Сроки;Ответственные\n"


def docx_bomb(unpacked_mb: float) -> bytes:
    """A Word archive whose document.xml is `unpacked_mb` of one repeated row, streamed in."""
    out = io.BytesIO()
    # The fastest compression: the limit on the unpacked size is read from the directory alone.
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(f'<w:document xmlns:w="{W}"><w:body><w:tbl>'.encode())
            chunk = ROW.encode() * (1 << 20 // len(ROW.encode()) + 1)
            for _ in range(int(unpacked_mb * (1 << 20) / len(chunk)) + 1):
                part.write(chunk)
            part.write(b"</w:tbl></w:body></w:document>")
    return out.getvalue()


def xlsx_bomb(unpacked_mb: float) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 20_000
            for _ in range(int(unpacked_mb * (1 << 20) / len(row)) + 1):
                part.write(row)
    return out.getvalue()


def csv_of(items: int) -> bytes:
    return (HEADER + "".join(f"{n};Семинар {n};до 15 марта 2026;Куратор\n" for n in range(1, items + 1))).encode()


def refusal(data: bytes, name: str) -> str:
    with pytest.raises(RoadmapError) as error:
        parse_roadmap_bytes(data, name)
    return str(error.value)


# -- what the reader refuses, and says ------------------------------------------------------------


def test_a_docx_that_unpacks_past_the_limit_is_refused_from_its_directory():
    bomb = docx_bomb(65)
    assert len(bomb) < 1024 * 1024  # a few hundred KB on the wire
    message = refusal(bomb, "karta.docx")
    assert message.startswith("Файл «karta.docx» слишком велик в распакованном виде: 65 МБ")
    assert "не более 64 МБ" in message


def test_a_small_part_compressed_like_no_document_is_refused_as_a_bomb():
    message = refusal(xlsx_bomb(3), "plan.xlsx")
    assert message.startswith("Файл «plan.xlsx» сжат подозрительно сильно")
    assert "Сохраните документ заново" in message


def test_a_pdf_named_docx_is_read_as_the_pdf_it_is():
    data = (ROADMAP_FIXTURES / "pdf" / "karpinsk-landscape-ruled.pdf").read_bytes()
    assert len(parse_roadmap_bytes(data, "karta.docx").items) == 40
    assert refusal(b"%PDF-1.7\n1 0 obj <<>> endobj\n", "karta.docx") == (
        "Файл «karta.docx» не открывается как документ PDF."
    )


def test_a_program_renamed_docx_is_refused_by_what_it_is():
    message = refusal(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" * 8, "karta.docx")
    assert message == (
        "Файл «karta.docx» — файл неизвестного вида, а здесь принимаются: документ Word (DOCX), "
        "книга Excel (XLSX), PDF, текст (CSV, TXT)."
    )


def test_an_old_word_document_is_asked_to_be_saved_as_docx():
    message = refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "karta.docx")
    assert "в старом формате Word/Excel 97–2003" in message


def test_a_docx_named_txt_is_read_as_word(tmp_path):
    from tests.roadmaps.builders import LAYOUTS, build_docx
    from tests.roadmaps.test_fixtures import AKSHA_FILE, parsed

    expected = parsed(AKSHA_FILE)
    path = build_docx(tmp_path / "a.docx", expected, LAYOUTS["aksha"])
    roadmap = parse_roadmap_bytes(path.read_bytes(), "karta.txt")
    assert len(roadmap.items) == len(expected.items)


def test_text_in_koi8_says_the_encoding_is_unknown_instead_of_mojibake_columns():
    text = HEADER.replace("№", "Номер") + "".join(
        f"{n};Проведение совещания с руководителями школ;до 15 марта 2026;Куратор\n" for n in range(9)
    )
    message = refusal(text.encode("koi8-r"), "karta.csv")
    assert message.startswith("Файл «karta.csv»: не удалось определить кодировку")
    assert "UTF-8 или Windows-1251" in message


def test_text_in_windows_1251_is_still_read():
    roadmap = parse_roadmap_bytes(csv_of(3).decode().encode("cp1251"), "karta.csv")
    assert [item.action for item in roadmap.items] == ["Семинар 1", "Семинар 2", "Семинар 3"]


def test_a_table_with_a_header_and_no_items_is_refused():
    message = refusal(HEADER.encode(), "pustaya.csv")
    assert message == (
        "В файле «pustaya.csv» у таблицы дорожной карты есть строка заголовков, но нет ни одного мероприятия. "
        "Проверьте, что загружаете заполненную карту."
    )


def test_a_roadmap_of_the_most_items_is_read_and_one_more_is_refused():
    assert len(parse_roadmap_bytes(csv_of(MAX_ITEMS), "karta.csv").items) == MAX_ITEMS
    message = refusal(csv_of(MAX_ITEMS + 1), "karta.csv")
    assert message == (
        "В файле «karta.csv» 3\u00a0001 мероприятий, а в одной дорожной карте может быть не более 3\u00a0000. "
        "Разделите её на несколько карт (например, по разделам)."
    )


def test_a_national_file_stops_being_read_at_the_row_limit():
    message = refusal(csv_of(MAX_ROWS + 5), "national.csv")
    assert message.startswith("В файле «national.csv» больше 9\u00a0000 строк таблиц")


def test_the_command_line_refuses_the_same_with_exit_code_2(tmp_path):
    bomb = tmp_path / "karta.docx"
    bomb.write_bytes(docx_bomb(65))
    out, err = io.StringIO(), io.StringIO()
    assert cli([str(bomb)], out, err) == 2
    assert err.getvalue().startswith("Ошибка: Файл «karta.docx» слишком велик в распакованном виде")
    assert out.getvalue() == ""
    exe = tmp_path / "karta.xlsx"
    exe.write_bytes(b"MZ\x90\x00" * 64)
    err = io.StringIO()
    assert cli([str(exe)], io.StringIO(), err) == 2
    assert "«karta.xlsx» — файл неизвестного вида" in err.getvalue()


# -- through the web: the message on the page, nothing saved --------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def upload(client, world, name: str, data: bytes):
    return client.post(
        reverse("roadmaps:import") + f"?campaign={world.campaign.pk}",
        {"level": "region", "year": "2026", "file": SimpleUploadedFile(name, data)},
    )


@pytest.mark.parametrize(
    ("name", "data", "told"),
    [
        ("karta.docx", lambda: docx_bomb(65), "слишком велик в распакованном виде"),
        ("karta.xlsx", lambda: xlsx_bomb(3), "сжат подозрительно сильно"),
        ("virus.docx", lambda: b"MZ\x90\x00" * 64, "— файл неизвестного вида"),
    ],
)
def test_a_hostile_upload_is_refused_on_the_page_and_nothing_is_stored(world, client_as, media, name, data, told):
    response = upload(client_as(world.users["operator"]), world, name, data())
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["file"])
    assert f"Файл «{name}»" in errors and told in errors
    assert told in response.content.decode()
    assert not RoadmapImport.objects.exists() and not Roadmap.objects.exists()
    assert not media.exists() or not any(path.is_file() for path in media.rglob("*"))


def test_a_long_roadmap_is_previewed_page_by_page_and_saved_whole(world, client_as, media):
    client = client_as(world.users["operator"])
    response = upload(client, world, "karta.csv", csv_of(250))
    url = response["Location"]
    first = client.get(url).content.decode()
    assert 'name="action-0"' in first and 'name="action-99"' in first and 'name="action-100"' not in first
    assert "Показаны 1–100 из 250" in first
    third = client.get(url + "?page=3").content.decode()
    assert 'name="action-249"' in third and 'name="action-0"' not in third
    # A correction on the third page applies to item 250, and saving saves all 250.
    response = client.post(
        url + "?page=3", {"title": "Карта", "year": "2026", "action-249": "Итоговый семинар", "save": "1"}
    )
    roadmap = Roadmap.objects.get()
    assert response["Location"] == roadmap.get_absolute_url()
    assert roadmap.items.count() == 250
    assert roadmap.items.get(position=249).action == "Итоговый семинар"


# -- evidence of a report ------------------------------------------------------------------------


@pytest.fixture
def plans(world, media):
    add_roadmaps(world)
    return world


def report(client, plans, name: str, data: bytes):
    url = reverse("roadmaps:item_report", args=[plans.item_m.pk])
    stage = plans.campaign.monitoring_stages.first()
    return client.post(url, {"stage": stage.pk, "status": "done", "evidence": SimpleUploadedFile(name, data)})


def test_a_program_attached_as_evidence_is_refused_by_its_name_as_given(plans, client_as):
    client = client_as(plans.users["municipal"])
    before = ItemReport.objects.count()
    response = report(client, plans, "virus.exe", b"MZ\x90\x00" * 64)
    assert response.status_code == 200
    assert response.context["form"].errors["evidence"] == [
        "Файл «virus.exe» — файл неизвестного вида, а здесь принимаются: PDF, документ Word (DOCX), "
        "книга Excel (XLSX), документ OpenDocument (ODT), таблица OpenDocument (ODS), изображение JPEG, "
        "изображение PNG."
    ]
    assert ItemReport.objects.count() == before


def test_a_photo_is_accepted_and_downloads_under_the_name_it_was_given(plans, client_as):
    client = client_as(plans.users["municipal"])
    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200
    response = report(client, plans, "фото совещания.jpg", jpeg)
    assert response.status_code == 302
    saved = ItemReport.objects.get(item=plans.item_m, is_current=True)
    assert saved.evidence.name != "фото совещания.jpg"  # stored under a unique name
    download = client.get(reverse("roadmaps:evidence", args=[saved.pk]))
    assert (
        "filename*=utf-8''%D1%84%D0%BE%D1%82%D0%BE%20%D1%81%D0%BE%D0%B2%D0%B5%D1%89%D0%B0%D0%BD%D0%B8%D1%8F.jpg"
        in download["Content-Disposition"]
    )
    assert b"".join(download.streaming_content) == jpeg


def test_the_source_document_downloads_under_the_name_it_was_uploaded_with(world, client_as, media):
    client = client_as(world.users["operator"])
    upload(client, world, "Дорожная карта.csv", csv_of(2))
    record = RoadmapImport.objects.get()
    client.post(reverse("roadmaps:preview", args=[record.pk]), {"title": "", "year": "2026", "save": "1"})
    roadmap = Roadmap.objects.get()
    assert roadmap.source_file.name.endswith("-Дорожная_карта.csv")  # as stored
    download = client.get(reverse("roadmaps:source", args=[roadmap.pk]))
    assert download["Content-Disposition"].endswith(
        "''%D0%94%D0%BE%D1%80%D0%BE%D0%B6%D0%BD%D0%B0%D1%8F%20%D0%BA%D0%B0%D1%80%D1%82%D0%B0.csv"
    )


def test_a_preview_whose_reading_was_cut_off_says_so_instead_of_failing(world, client_as, settings, tmp_path):
    from django.core.files.base import ContentFile
    from django.urls import reverse

    from opora.roadmaps.models import RoadmapImport

    settings.MEDIA_ROOT = tmp_path
    record = RoadmapImport.objects.create(
        campaign=world.campaign,
        file=ContentFile(b"x", name="karta.docx"),
        original_name="karta.docx",
        level="region",
        uploaded_by=world.users["operator"],
    )  # created, then the server was killed before anything was read: parsed is still {}
    response = client_as(world.users["operator"]).get(reverse("roadmaps:preview", args=[record.pk]))
    page = response.content.decode()
    assert response.status_code == 200 and 'id="preview-form"' not in page
    assert "Документ «karta.docx» не дочитан: работа сервера прервалась. Загрузите его ещё раз." in page
    assert f'href="{reverse("roadmaps:import")}?campaign={world.campaign.pk}"' in page  # the way back
