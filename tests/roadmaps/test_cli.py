"""``opora roadmap-parse`` prints the roadmap as JSON or as a table, and refuses bad files clearly."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from opora.roadmaps.cli import main
from tests.roadmaps.test_fixtures import AKSHA_FILE, FIXTURES, K1, KARPINSK_FILE, LENINSK_FILE

ITEM_KEYS = {"number", "section", "action", "deadline", "executors", "result", "indicator", "info"}
DEADLINE_KEYS = {"text", "start", "end", "recurrence", "periods"}


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(arg) for arg in argv], out, err)
    return code, out.getvalue(), err.getvalue()


def test_json_has_exactly_the_documented_keys():
    code, out, err = run(FIXTURES / AKSHA_FILE)
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert set(data) == {"title", "year", "columns", "sections", "items", "warnings"}
    assert all(set(section) == {"number", "title"} for section in data["sections"])
    for item in data["items"]:
        assert set(item) == ITEM_KEYS
        assert set(item["deadline"]) == DEADLINE_KEYS
        assert all(set(period) == {"start", "end"} for period in item["deadline"]["periods"])
        assert isinstance(item["executors"], list)
    assert all(isinstance(warning, str) for warning in data["warnings"])


def test_an_item_in_json_reads_as_in_the_document():
    data = json.loads(run(FIXTURES / KARPINSK_FILE)[1])
    assert data["year"] == 2022
    assert data["columns"] == ["number", "action", "deadline", "result"]
    assert data["sections"][0] == {"number": "1", "title": K1}
    assert data["items"][1] == {
        "number": "1.2",
        "section": K1,
        "action": "Отбор и назначение кураторов для реализации экспертной и консультационной поддержки "
        "школ - участниц Проекта 500+",
        "deadline": {"text": "февраль – март 2022", "start": "2022-02-01", "end": "2022-03-31",
                     "recurrence": None, "periods": []},
        "executors": [],
        "result": "Назначены кураторы для всех школ-участниц Проекта 500+",
        "indicator": "",
        "info": "",
    }  # fmt: skip


def test_json_lists_periods_and_recurrence_and_keeps_cyrillic_unescaped():
    code, out, _ = run(FIXTURES / AKSHA_FILE)
    assert code == 0
    assert "Организационный этап" in out  # ensure_ascii=False
    items = {item["number"]: item for item in json.loads(out)["items"]}
    assert items["2"]["deadline"]["periods"] == [
        {"start": "2022-03-01", "end": "2022-03-31"},
        {"start": "2022-05-01", "end": "2022-05-31"},
        {"start": "2022-06-01", "end": "2022-06-30"},
    ]
    assert items["21"]["deadline"]["recurrence"] == "weekly:wed,thu,fri"
    assert items["20"]["deadline"] == {"text": "По графику ИРО", "start": None, "end": None,
                                       "recurrence": None, "periods": []}  # fmt: skip


def test_the_year_option_overrides_the_title():
    data = json.loads(run(FIXTURES / AKSHA_FILE, "--year", "2023")[1])
    assert data["year"] == 2023
    assert data["items"][0]["deadline"]["start"] == "2023-02-03"


def test_the_table_format_is_a_readable_russian_table():
    code, out, _ = run(FIXTURES / LENINSK_FILE, "--format", "table")
    assert code == 0
    assert "Год: 2020 (учебный год)" in out
    assert "Разделов: 0, пунктов: 32" in out
    assert "Мероприятие" in out and "Исполнители" in out
    assert "01.11.2020 | 30.11.2020" in out
    assert "Предупреждения:" in out


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("garbage.docx", os.urandom(512)),
        ("garbage.xlsx", b"PK\x03\x04 not really a workbook"),
        ("garbage.txt", "Просто текст без таблицы.\nИ ещё строка.".encode()),
        ("binary.txt", b"\x00\x01\x02\x03" * 64),
        ("roadmap.pdf", b"%PDF-1.4"),
    ],
)
def test_a_file_without_a_readable_roadmap_exits_with_2_and_a_russian_message(name, content, tmp_path):
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = run(path)
    assert code == 2
    assert out == ""
    assert err.startswith("Ошибка:") and name in err


def test_a_missing_file_exits_with_2():
    code, _, err = run("/nonexistent/карта.docx")
    assert code == 2 and "Файл «/nonexistent/карта.docx» не найден." in err


def test_a_folder_instead_of_a_file_exits_with_2(tmp_path):
    code, _, err = run(tmp_path)
    assert code == 2 and "не удаётся прочитать" in err


def test_bad_arguments_exit_with_2_without_a_traceback():
    code, _, err = run(FIXTURES / AKSHA_FILE, "--format", "xml")
    assert code == 2 and "Ошибка в аргументах" in err


def test_the_opora_console_command_parses_a_file_without_django(tmp_path):
    root = Path(__file__).resolve().parents[2]
    ok = subprocess.run([sys.executable, "-m", "opora", "roadmap-parse", str(FIXTURES / KARPINSK_FILE)],
                        capture_output=True, text=True, cwd=root, check=False)  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    assert len(json.loads(ok.stdout)["items"]) == 40
    (tmp_path / "bad.docx").write_bytes(b"not a zip")
    bad = subprocess.run([sys.executable, "-m", "opora", "roadmap-parse", str(tmp_path / "bad.docx")],
                         capture_output=True, text=True, cwd=root, check=False)  # fmt: skip
    assert bad.returncode == 2 and "Ошибка" in bad.stderr
