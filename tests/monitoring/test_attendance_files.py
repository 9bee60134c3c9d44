"""Reading the participant lists webinar platforms export (tests/fixtures/attendance/): the layout
is recognised by the headers, CSV in UTF-8 or Windows-1251 with «;» or «,», XLSX; broken rows are
reported by number and then nothing is returned."""

import datetime
from pathlib import Path

from opora.monitoring.attendance_import import parse_minutes, read_export

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "attendance"


def read(name):
    return read_export((FIXTURES / name).read_bytes())


def test_yandex_telemost_csv():
    export = read("telemost.csv")
    assert export.errors == []
    assert export.platform == "Яндекс Телемост"
    first = export.rows[0]
    assert (first.line, first.name, first.email, first.minutes) == (
        2,
        "Иванова Анна Викторовна",
        "Ivanova@School1.ru",
        88,
    )
    assert first.joined == datetime.datetime(2026, 3, 12, 10, 2)
    assert [row.name for row in export.rows][1:] == ["Петров С.И.", "Семенова Ольга", "Кузнецова М.", "Зайцев Игорь"]


def test_sferum_in_windows_1251():
    export = read("sferum.csv")
    assert export.errors == [] and export.platform == "VK Звонки / Сферум"
    assert [(row.name, row.minutes) for row in export.rows] == [("Анна Иванова", 60), ("Семёнова О.П.", 30)]


def test_mts_link_with_commas_joins_surname_and_name():
    export = read("mts_link.csv")
    assert export.platform == "МТС Линк (Webinar.ru)"
    assert [(row.name, row.email, row.minutes) for row in export.rows] == [
        ("Иванова Анна", "", 60),
        ("Петров Сергей", "petrov@school3.ru", 45),
    ]


def test_zoom_finds_its_header_below_the_meeting_details():
    export = read("zoom.csv")
    assert export.platform == "Zoom"
    assert [row.line for row in export.rows] == [5, 6, 7]
    assert export.rows[0].joined == datetime.datetime(2026, 3, 12, 10, 1)
    assert export.rows[2].email == "" and export.rows[2].minutes == 87


def test_kontur_tolk_xlsx_with_a_title_above_the_table():
    export = read("kontur_tolk.xlsx")
    assert export.errors == [] and export.platform == "Контур.Толк"
    assert [(row.line, row.name, row.minutes) for row in export.rows] == [
        (4, "Иванова А. В.", 60),
        (5, "Кузнецова Мария", 45),
    ]


def test_every_broken_row_is_named_and_nothing_is_returned():
    export = read("broken.csv")
    assert export.rows == []
    assert export.errors == [
        "Строка 3, столбец «Подключился»: не удалось прочитать время «вчера вечером»"
        " (ожидается, например, 15.03.2026 10:05).",
        "Строка 5, столбец «Время участия»: не удалось прочитать длительность «полчаса»"
        " (ожидаются минуты или ЧЧ:ММ:СС).",
    ]


def test_a_file_that_is_not_a_participant_list():
    assert "Не найдена строка заголовков" in read_export("Школа;Адрес\nСОШ 1;ул. Ленина\n".encode()).errors[0]
    assert read_export(b"").errors == ["Файл пустой."]
    assert "не таблица" in read_export(b"\x7fELF\x00\x00\x01binary").errors[0]


def test_durations_as_platforms_write_them():
    assert [parse_minutes(v) for v in ("75", "75,4", "01:15:00", "1:15", "1 ч 15 мин", "45 мин", 30.6, "")] == [
        75,
        75,
        75,
        75,
        75,
        45,
        31,
        None,
    ]
