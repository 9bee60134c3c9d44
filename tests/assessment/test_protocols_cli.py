"""`opora protocols`: the command line contract of issue 12, on the small protocols of protocol_files.py."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from opora.assessment import cli as identify_cli
from opora.assessment.protocols_cli import main

from .protocol_files import protocol_2020, protocol_2021, protocol_2022, write

ROOT = Path(__file__).resolve().parents[2]


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_csv_is_the_long_results_table_with_hand_counted_rows(tmp_path):
    path = write(tmp_path, "p.xlsx", protocol_2021())
    code, out, err = run(path, "--year", 2021, "--procedure", "ВПР 4 МА")
    assert code == 0
    assert out.splitlines() == [
        "Логин ОО;Наименование ОО;Муниципалитет;Год;Процедура;Участников;Получили «2»;Доля «2»",
        "sch220001;;Район А;2021;ВПР 4 МА;4;1;25,0",
        "sch220002;;Район Б;2021;ВПР 4 МА;2;1;50,0",
    ]
    assert err.splitlines()[0] == (
        "«p.xlsx»: ВПР 4 МА 2021, школ 2, участников 6, отсутствовали 1, получили «2» 2, предупреждений 5"
    )
    assert (
        "  – Файл «p.xlsx», строка 7, код участника 40006: сумма баллов 22 больше максимума работы (20) — не учтён"
        in err
    )


def test_names_come_from_the_file_else_from_the_logins_file(tmp_path):
    logins = tmp_path / "logins.csv"
    logins.write_text("логин;имя;регион\nedu220003;МБОУ СОШ № 3;Район В\nsch224085;Другое имя;Другой район\n", "utf-8")
    raw = write(tmp_path, "raw.xlsx", protocol_2020())
    new = write(tmp_path, "new.xlsx", protocol_2022())
    scales = tmp_path / "scales.csv"
    scales.write_text("год;работа;2 до;3 от;3 до;4 от;4 до;5 от;максимум\n2022;ВПР 6 МА;0;1;1;2;2;3;3\n", "utf-8")
    code, out, _ = run(raw, "--year", 2020, "--procedure", "ВПР 7 МА", "--schools", logins)
    assert code == 0 and out.splitlines()[1] == "sch220003;МБОУ СОШ № 3;Район В;2020;ВПР 7 МА;3;1;33,3"
    code, out, _ = run(new, "--procedure", "ВПР 6 МА", "--scales", scales, "--schools", logins)
    assert code == 0
    assert (
        out.splitlines()[1]
        == 'sch224085;"МБОУ ""Маралихинская СОШ""";Чарышский муниципальный район;2022;ВПР 6 МА;3;1;33,3'
    )


def test_json_adds_tasks_objectivity_and_warnings(tmp_path):
    code, out, _ = run(
        write(tmp_path, "p.xlsx", protocol_2021()), "--year", 2021, "--procedure", "ВПР 4 МА", "--format", "json"
    )
    assert code == 0
    (data,) = json.loads(out)["files"]
    assert (data["procedure"], data["participants"], data["absent"]) == ("ВПР 4 МА", 6, 1)
    assert data["region_task_shares"] == {"1": 50.0, "2": 50.0, "3": 52.8}
    school = data["schools"][0]
    assert school["task_shares"] == {"1": 50.0, "2": 50.0, "3": 62.5}
    assert school["objectivity"] == {"lowered": 2, "confirmed": 1, "raised": 1}
    assert len(data["warnings"]) == 5 and data["warning_counts"]["above_max"] == 1


def test_xlsx_holds_results_tasks_and_warnings(tmp_path):
    target = tmp_path / "out.xlsx"
    code, _, _ = run(write(tmp_path, "p.xlsx", protocol_2021()), "--year", 2021, "--procedure", "ВПР 4 МА",
                     "--format", "xlsx", "-o", target)  # fmt: skip
    assert code == 0
    book = load_workbook(target, read_only=True)
    assert book.sheetnames == ["Результаты", "Задания", "Предупреждения"]
    rows = list(book["Результаты"].iter_rows(values_only=True))
    assert rows[1][:8] == ("sch220001", None, "Район А", 2021, "ВПР 4 МА", 4, 1, 25)
    assert len(list(book["Предупреждения"].iter_rows())) == 6


def test_unreadable_input_and_missing_scale_exit_2_in_russian(tmp_path):
    code, out, err = run(tmp_path / "нет.xlsx", "--year", 2021, "--procedure", "ВПР 4 МА")
    assert (code, out) == (2, "") and "файл не найден" in err
    code, _, err = run(write(tmp_path, "x.xlsx", protocol_2022()), "--procedure", "ВПР 6 МА")
    assert code == 2 and "Нет шкалы перевода баллов в отметки для работы ВПР 6 МА 2022 года" in err
    code, _, err = run(write(tmp_path, "y.xlsx", protocol_2021()), "--year", 2021, "--procedure", "Пение")
    assert code == 2 and "Работа «Пение» не распознана" in err
    code, _, err = run(write(tmp_path, "z.xlsx", protocol_2021()), "--year", "две тысячи")
    assert code == 2 and "ожидается целое число" in err


def test_two_files_of_one_work_and_year_are_refused(tmp_path):
    a, b = write(tmp_path, "a.xlsx", protocol_2021()), write(tmp_path, "b.xlsx", protocol_2021())
    code, _, err = run(a, b, "--year", 2021, "--procedure", "ВПР 4 МА")
    assert code == 2 and "протоколы одной работы одного года" in err


def test_protocols_then_identify_is_the_whole_pipeline(tmp_path):
    """The contract's `opora protocols … -o a.csv && opora identify a.csv --year 2021`, through the
    console script (a pure command: no settings, no database). Work and year come from the names."""
    a = tmp_path / "a.csv"
    grade4 = write(tmp_path, "Математика 4 класс.xlsx", protocol_2021())
    grade5 = write(tmp_path, "Математика 5 класс.xlsx", protocol_2021())
    done = subprocess.run(
        [sys.executable, "-m", "opora", "protocols", str(grade4), str(grade5), "--year", "2021", "-o", str(a)],
        capture_output=True, text=True, check=False, cwd=ROOT, env={"PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "ВПР 5 МА 2021" in done.stderr
    out, err = io.StringIO(), io.StringIO()
    code = identify_cli.main([str(a), "--year", "2021", "--format", "json"], stdout=out, stderr=err)
    assert (code, err.getvalue()) == (0, "")
    result = json.loads(out.getvalue())
    # ВПР 5 МА scale (6/7/…): A has 2 of 4 «2» (50 %), B 1 of 2 (50 %); ВПР 4 МА: A 25 %, B 50 %.
    # Only B has markers in two procedures.
    assert result["schools_checked"] == 2
    assert [s["login"] for s in result["identified"]] == ["sch220002"]
