import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from opora.registry.models import Municipality, School, SchoolImport
from opora.registry.services import schools_import

HEADER = "Логин ОО;Наименование ОО;Муниципалитет;Тип;Сельская;Адрес;Директор"
GOOD_ROWS = [
    "sch420101;Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 2»;"
    "Северный район;СОШ;нет;г. Северск, ул. Мира, 5;Левандовская Елена Леонидовна",
    "sch420102;МКОУ «ООШ с. Тохтор»;Южный район;ООШ;да;с. Тохтор;Залазев Дмитрий Андреевич",
]


def upload(text: str, name: str = "schools.csv", encoding: str = "utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding))


def csv_text(*rows: str, header: str = HEADER, sep: str = ";") -> str:
    return "\r\n".join(line.replace(";", sep) for line in (header, *rows)) + "\r\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_good_file_adds_schools_with_directors_and_keeps_the_file(world, media):
    record = schools_import(region=world.region, upload=upload(csv_text(*GOOD_ROWS)), user=world.users["operator"])
    assert record.status == SchoolImport.Status.SUCCEEDED
    assert (record.created_count, record.updated_count) == (2, 0)
    school = School.objects.get(fis_oko_login="sch420101")
    assert school.short_name == "МБОУ «СОШ № 2»"
    assert school.municipality == world.m and not school.is_rural and school.kind == "sosh"
    assert school.director.full_name == "Левандовская Елена Леонидовна"
    tohtor = School.objects.get(fis_oko_login="sch420102")
    assert tohtor.is_rural and tohtor.kind == "oosh" and tohtor.municipality == world.m2
    with SchoolImport.objects.get(pk=record.pk).file.open("rb") as stored:
        assert stored.read().decode().startswith("Логин ОО")


@pytest.mark.parametrize(("encoding", "sep"), [("utf-8", ";"), ("utf-8-sig", ","), ("cp1251", ";"), ("cp1251", "\t")])
def test_file_is_read_in_each_encoding_and_delimiter(world, media, encoding, sep):
    rows = [row.replace(";", sep) if sep != "," else '"' + '","'.join(row.split(";")) + '"' for row in GOOD_ROWS]
    text = "\r\n".join([HEADER.replace(";", sep), *rows])
    record = schools_import(region=world.region, upload=upload(text, encoding=encoding), user=world.users["operator"])
    assert record.status == SchoolImport.Status.SUCCEEDED, record.errors
    assert School.objects.get(fis_oko_login="sch420102").short_name == "МКОУ «ООШ с. Тохтор»"


def test_xlsx_with_english_headers_is_read(world, media):
    book = Workbook()
    sheet = book.active
    sheet.append(["login", "name", "municipality", "rural"])
    sheet.append(["sch420201", "МАОУ «Лицей № 2»", "Северный район", "нет"])
    buffer = io.BytesIO()
    book.save(buffer)
    record = schools_import(
        region=world.region,
        upload=SimpleUploadedFile("schools.xlsx", buffer.getvalue()),
        user=world.users["operator"],
    )
    assert record.status == SchoolImport.Status.SUCCEEDED, record.errors
    assert School.objects.get(fis_oko_login="sch420201").kind == "lyceum"


def test_a_bad_row_changes_nothing_and_names_row_and_column(world, media):
    before = list(School.objects.order_by("pk").values_list("fis_oko_login", "short_name"))
    text = csv_text(
        GOOD_ROWS[0],
        "sch12;МБОУ «СОШ № 9»;Северный район;СОШ;нет;;",
        GOOD_ROWS[1],
        "sch420104;МБОУ «СОШ № 10»;Северный район;СОШ;может быть;;",
    )
    record = schools_import(region=world.region, upload=upload(text), user=world.users["operator"])
    assert record.status == SchoolImport.Status.FAILED
    assert record.errors == [
        "Строка 3, столбец «Логин ОО»: «sch12» — логин ФИС ОКО имеет вид sch и шесть цифр, например sch420164.",
        "Строка 5, столбец «Сельская»: «может быть» — ожидается «да» или «нет».",
    ]
    assert list(School.objects.order_by("pk").values_list("fis_oko_login", "short_name")) == before
    assert SchoolImport.objects.get(pk=record.pk).file, "отклонённый файл тоже сохраняется"


def test_unknown_municipality_is_an_error_unless_creation_is_asked_for(world, media):
    text = csv_text("sch420301;МБОУ «СОШ № 1 г. Новый»;Новый район;СОШ;нет;;")
    record = schools_import(region=world.region, upload=upload(text), user=world.users["operator"])
    assert record.errors == [
        "Строка 2, столбец «Муниципалитет»: «Новый район» нет в регионе «Тестовая область». "
        "Проверьте написание или отметьте «создавать новые муниципалитеты»."
    ]
    assert not Municipality.objects.filter(name="Новый район").exists()
    record = schools_import(
        region=world.region, upload=upload(text), user=world.users["operator"], create_municipalities=True
    )
    assert record.status == SchoolImport.Status.SUCCEEDED
    assert School.objects.get(fis_oko_login="sch420301").municipality.name == "Новый район"


def test_known_login_updates_the_school_and_another_regions_login_is_refused(world, media):
    text = csv_text(
        "sch420001;МБОУ «СОШ № 1 им. Пушкина»;Северный район;СОШ;нет;;",
        "sch770001;МБОУ «Захват»;Северный район;СОШ;нет;;",
    )
    record = schools_import(region=world.region, upload=upload(text), user=world.users["operator"])
    assert record.errors == [
        "Строка 3, столбец «Логин ОО»: sch770001 уже принадлежит школе «МБОУ «Чужая СОШ»» другого региона."
    ]
    record = schools_import(
        region=world.region, upload=upload(csv_text(text.splitlines()[1])), user=world.users["operator"]
    )
    assert (record.created_count, record.updated_count) == (0, 1)
    world.school_a.refresh_from_db()
    assert world.school_a.short_name == "МБОУ «СОШ № 1 им. Пушкина»"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "schools.csv", "Файл «schools.csv» пуст."),
        (b"%PDF-1.4 binary", "schools.pdf", "Файл «schools.pdf» — PDF, а здесь принимаются: книга Excel (XLSX)"),
        # Read by its content, not its name: text named .xlsx is read as a CSV.
        (b"not a zip", "schools.xlsx", "Файл «schools.xlsx»: не найдена строка заголовков"),
        (
            "Фамилия;Имя\r\nИванов;Иван\r\n".encode(),
            "people.csv",
            "Файл «people.csv»: не найдена строка заголовков",
        ),
        (
            "Логин ОО;Наименование ОО\r\nsch420001;X\r\n".encode(),
            "nomo.csv",
            "Файл «nomo.csv»: нет обязательных столбцов: Муниципалитет.",
        ),
        (
            "Логин ОО;Наименование ОО;Муниципалитет\r\n".encode(),
            "header-only.csv",
            "после заголовка нет ни одной строки",
        ),
    ],
)
def test_unusable_files_get_a_clear_message(world, media, content, name, message):
    record = schools_import(region=world.region, upload=SimpleUploadedFile(name, content), user=world.users["operator"])
    assert record.status == SchoolImport.Status.FAILED
    assert message in record.errors[0]


def test_duplicate_login_in_the_file_names_both_rows(world, media):
    text = csv_text(GOOD_ROWS[0], GOOD_ROWS[0].replace("№ 2", "№ 22"))
    record = schools_import(region=world.region, upload=upload(text), user=world.users["operator"])
    assert record.errors == ["Строка 3, столбец «Логин ОО»: логин sch420101 уже встречался в строке 2."]


def test_import_page_shows_every_error_and_keeps_the_registry(world, media, client_as):
    client = client_as(world.users["operator"])
    text = csv_text("sch1;;Северный район;СОШ;нет;;")
    response = client.post(reverse("registry:school_import"), {"region": world.region.pk, "file": upload(text)})
    assert response.status_code == 422
    body = response.content.decode()
    assert "ничего не изменилось" in body
    assert "Строка 2, столбец «Логин ОО»" in body and "Строка 2, столбец «Наименование ОО»" in body
    assert School.objects.count() == 4


def test_import_page_reports_success(world, media, client_as):
    client = client_as(world.users["operator"])
    response = client.post(
        reverse("registry:school_import"),
        {"region": world.region.pk, "file": upload(csv_text(*GOOD_ROWS))},
        follow=True,
    )
    assert "Список школ загружен: добавлено 2, обновлено 0." in response.content.decode()


def test_operator_cannot_import_into_a_region_they_do_not_run(world, media, client_as):
    client = client_as(world.users["operator"])
    response = client.post(
        reverse("registry:school_import"),
        {"region": world.other_region.pk, "file": upload(csv_text(*GOOD_ROWS))},
    )
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert not School.objects.filter(fis_oko_login="sch420101").exists()


def test_a_file_over_the_size_limit_is_refused_in_russian(world, media, client_as, settings):
    settings.OPORA_MAX_UPLOAD_MB = 1
    client = client_as(world.users["operator"])
    big = SimpleUploadedFile("huge.csv", b"x" * (1024 * 1024 + 1))
    response = client.post(reverse("registry:school_import"), {"region": world.region.pk, "file": big})
    assert "Файл слишком большой: 1,0 МБ, допускается не более 1 МБ." in response.content.decode()
    assert not SchoolImport.objects.exists()
