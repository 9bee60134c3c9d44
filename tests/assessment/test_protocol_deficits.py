"""Task-level deficits and task description files (pure modules of opora.assessment.protocols)."""

import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from opora.assessment.protocols.deficits import deficits, task_gaps, weakest
from opora.assessment.protocols.descriptions import read_task_descriptions
from opora.core.tabular import TableFileError

REAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "fisoko"

REGION = {"1": 80.0, "2": 60.0, "3": 50.0, "4": 40.0, "5": 70.0, "6": 90.0, "7": 30.0}
SCHOOL = {"1": 60.0, "2": 58.0, "3": 20.0, "4": 45.0, "5": 55.0, "6": 70.0, "7": 29.5}


def test_the_weakest_five_are_the_widest_gaps_below_the_region():
    assert [(g.task, g.gap) for g in weakest(SCHOOL, REGION)] == [
        ("3", 30.0),
        ("1", 20.0),
        ("6", 20.0),
        ("5", 15.0),
        ("2", 2.0),
    ]
    # Task 4 is above the region, never «weak»; ties keep the work's order.


def test_a_deficit_is_a_gap_of_at_least_the_threshold():
    assert [g.task for g in deficits(SCHOOL, REGION)] == ["3", "1", "6", "5"]  # 15 p.p. by default
    assert [g.task for g in deficits(SCHOOL, REGION, threshold=25)] == ["3"]
    assert [g.task for g in task_gaps({"1": 10.0}, REGION)] == ["1"]  # tasks without a school share are skipped


def _description(rows) -> bytes:
    book = Workbook()
    book.active.append(
        [
            "№ КИМ",
            "№",
            "Умения, виды деятельности (в соответствии с ФГОС)",
            "Блоки ПООП НОО",
            "Уровень сложности",
            "Код КЭС",
            "Код КТ",
            "Максимальный балл за выполнение задания",
        ]
    )
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_criteria_rows_of_one_task_are_merged_and_their_maxima_summed():
    data = _description(
        [
            ["1К1", 1, "Списывание текста", "Нормы", None, "2.1", "5.5", 4],
            ["1К1", 1, "Списывание текста", "Нормы", None, "2.6", "5.5", 4],  # another КЭС, same criterion
            ["1К2", 1, "Списывание текста", "Нормы", None, "2.1", "5.6", 3],
            ["2", 2, "Морфемный разбор", "Анализ", "Б", "1.3", "6.1", 2],
        ]
    )
    tasks = read_task_descriptions(data, "g07_rus_ALL.xlsx")
    assert tasks["1"] == {
        "skills": "Списывание текста",
        "block": "Нормы",
        "level": "",
        "kes": "2.1; 2.6",
        "kt": "5.5; 5.6",
        "max_points": 7,
    }
    assert tasks["2"]["max_points"] == 2 and tasks["2"]["level"] == "Б"


def test_a_file_of_another_kind_is_refused():
    book = Workbook()
    book.active.append(["Логин ОО", "Год"])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(TableFileError, match="не похож на описание заданий"):
        read_task_descriptions(buffer.getvalue(), "x.xlsx")


@pytest.mark.shared_data
def test_the_real_grade_4_mathematics_description_sums_to_the_works_maximum():
    tasks = read_task_descriptions((REAL / "g04_math_ALL.xlsx").read_bytes(), "g04_math_ALL.xlsx")
    assert len(tasks) == 15 and sum(t["max_points"] for t in tasks.values()) == 20  # the scale's maximum


def test_the_municipal_coordinator_finds_the_deficits_workbook_on_the_municipality_page(world, client_as):
    from django.urls import reverse

    page = client_as(world.users["municipal"]).get(reverse("registry:municipality", args=[world.m.pk]))
    link = reverse("assessment:deficits_export", args=[world.m.pk])
    assert link in page.content.decode()
    workbook = client_as(world.users["municipal"]).get(link)
    assert workbook.status_code == 200 and workbook.content.startswith(b"PK")
