"""Reading ФИС ОКО protocols: every figure below is worked out by hand from the rows in
tests/assessment/protocol_files.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from opora.assessment.protocols import (
    ProtocolError,
    Scale,
    ScaleError,
    Scales,
    canonical_login,
    propose_work,
    propose_year,
    read_protocol,
    read_protocol_sheet,
    read_scales,
)

from .protocol_files import protocol_2020, protocol_2021, protocol_2022, write

REAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "fisoko"


def _scales_2022() -> Scales:
    scales = Scales.built_in()
    scales.add([Scale(2022, "vpr6_ma", (0, 1, 1, 2, 2, 3), 3)])
    return scales


def test_2021_layout_gives_hand_counted_school_figures(tmp_path):
    summary = read_protocol(write(tmp_path, "p.xlsx", protocol_2021()), work="ВПР 4 МА", year=2021)
    assert (summary.layout, summary.work, summary.year) == ("2021", "vpr4_ma", 2021)
    assert (summary.rows, summary.absent, summary.participants) == (10, 1, 6)
    a, b = summary.schools
    assert (a.login, a.municipality, a.participants) == ("sch220001", "Район А", 4)
    assert a.marks == {2: 1, 3: 1, 4: 1, 5: 1}
    assert a.low_share == 25.0
    assert a.mean_score == 9.0  # (15 + 10 + 5 + 6) / 4
    # Task maxima seen in the file: 1, 2 and 12 points; A scored 2, 4 and 30 points over 4 pupils.
    assert summary.task_max == {"1": 1, "2": 2, "3": 12}
    assert a.task_shares == {"1": 50.0, "2": 50.0, "3": 62.5}
    # Previous marks 4, 4, 3, «\xa05» against ВПР marks 5, 4, 2, 3.
    assert (a.lowered, a.confirmed, a.raised) == (2, 1, 1)
    assert a.objectivity_shares() == {"lowered": 50.0, "confirmed": 25.0, "raised": 25.0}
    # ksh220002 is the school sch220002: 22 points (above 20) and no total are left out.
    assert (b.login, b.participants, b.marks) == ("sch220002", 2, {2: 1, 3: 1, 4: 0, 5: 0})
    assert (b.low_share, b.mean_score) == (50.0, 6.0)
    assert b.task_shares == {"1": 50.0, "2": 50.0, "3": 33.3}  # 8 of 24 points
    assert (b.lowered, b.confirmed, b.raised) == (0, 1, 0)
    assert summary.region_task_shares == {"1": 50.0, "2": 50.0, "3": 52.8}  # 38 of 72 points


def test_2021_quirks_are_reported_with_file_row_and_pupil_code(tmp_path):
    summary = read_protocol(write(tmp_path, "p.xlsx", protocol_2021()), work="ВПР 4 МА", year=2021)
    assert summary.warning_counts == {
        "no_total": 1,
        "above_max": 1,
        "bad_login": 1,
        "sum_mismatch": 1,
        "odd_variant": 1,
    }
    lines = [str(w).removeprefix("Файл «p.xlsx», ") for w in summary.warnings]
    assert lines == [
        "строка 6, код участника 40005: необычный вариант «3» — учтён",
        "строка 7, код участника 40006: сумма баллов 22 больше максимума работы (20) — не учтён",
        "строка 8, код участника 40007: не отмечен как отсутствовавший, но сумма баллов не указана — не учтён",
        "строка 9, код участника 40008: сумма баллов 9 не равна сумме баллов за задания (8) — учтён по сумме баллов",
        "строка 11, код участника 40010: логин «школа» не похож на логин школы (sch, edu или ksh и цифры) — не учтён",
    ]
    assert str(summary.warnings[0]).startswith("Файл «p.xlsx», строка 6")


def test_2020_raw_codes_layout(tmp_path):
    summary = read_protocol(write(tmp_path, "raw.xlsx", protocol_2020()), work="ВПР 7 МА", year=2020)
    assert summary.layout == "2020"
    assert (summary.absent, summary.participants, summary.warning_counts) == (1, 3, {})
    (school,) = summary.schools
    assert (school.login, school.name, school.municipality) == ("sch220003", "", "")
    assert school.marks == {2: 1, 3: 1, 4: 0, 5: 1}  # totals 16, 7, 2 on 6/7/11/12/15/16
    assert (school.low_share, school.mean_score) == (33.3, 8.33)
    # «X» and «Х» are tasks not done: 0 points. The empty a-4 column is no task.
    assert list(summary.task_max) == ["1", "2"]
    assert school.task_shares == {"1": 33.3, "2": 53.3}  # 1 of 3; 24 of 45
    assert (school.lowered, school.confirmed, school.raised) == (0, 1, 1)  # «нет отметки» not compared


def test_2022_layout_reads_the_second_sheet_and_header_maxima(tmp_path):
    path = write(tmp_path, "ВПР.xlsx", protocol_2022())
    summary = read_protocol(path, work="ВПР 6 МА", year=2022, scales=_scales_2022())
    assert summary.layout == "2022"
    assert (summary.absent, summary.participants) == (1, 3)  # the absent pupil's 0 is no result
    (school,) = summary.schools
    assert (school.login, school.name) == ("sch224085", 'МБОУ "Маралихинская СОШ"')
    assert school.municipality == "Чарышский муниципальный район"
    assert school.marks == {2: 1, 3: 1, 4: 0, 5: 1}
    assert summary.task_max == {"1": 1, "2": 2} and set(summary.task_max_source.values()) == {"header"}
    assert school.task_shares == {"1": 33.3, "2": 50.0}
    assert (school.lowered, school.confirmed, school.raised) == (1, 1, 1)


def test_the_file_proposes_year_and_work_but_the_users_choice_wins(tmp_path):
    protocol = read_protocol_sheet(write(tmp_path, "x.xlsx", protocol_2022()))
    assert propose_year(protocol, "x.xlsx") == 2022
    assert propose_year(None, "Проведение работы по русскому языку, 5 класс. ВПР 2021.xlsx") == 2021
    assert propose_work("Математика 5 класс.xlsx") == "vpr5_ma"
    assert propose_work("vpr2021_g04_math.xlsx") == "vpr4_ma"
    assert propose_work("Проведение работы по русскому языку, 5 класс. ВПР 2021.xlsx") == "vpr5_ru"
    assert propose_work("protocol.xlsx") is None
    path = write(tmp_path, "Математика 5 класс.xlsx", protocol_2021())
    assert read_protocol(path, year=2021).work == "vpr5_ma"
    assert read_protocol(path, year=2021, work="ВПР 4 МА").work == "vpr4_ma"


def test_a_work_without_a_scale_is_an_error_naming_work_and_year(tmp_path):
    path = write(tmp_path, "x.xlsx", protocol_2022())
    with pytest.raises(ScaleError, match="ВПР 6 МА 2022 года"):
        read_protocol(path, work="ВПР 6 МА")


def test_a_file_without_work_or_year_asks_for_them(tmp_path):
    path = write(tmp_path, "protocol.xlsx", protocol_2021())
    with pytest.raises(ProtocolError, match="какая это работа"):
        read_protocol(path, year=2021)
    with pytest.raises(ProtocolError, match="Укажите год"):
        read_protocol(path, work="ВПР 4 МА")


def test_a_results_table_is_not_a_protocol(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("Логин ОО;Год;Процедура;Доля «2»\nsch220001;2021;ВПР 5 МА;10\n", encoding="utf-8")
    with pytest.raises(ProtocolError, match="не похож на протокол ФИС ОКО"):
        read_protocol_sheet(path)


def test_logins_sch_edu_ksh_are_one_school():
    assert canonical_login("edu223017") == canonical_login("KSH223017 ") == "sch223017"
    assert canonical_login("школа") is None


def test_uploaded_scales_are_read_and_bad_rows_named():
    scales = read_scales("год;работа;2 до;3 от;3 до;4 от;4 до;5 от\n2022;ВПР 6 МА;5;6;9;10;13;14\n".encode(), "s.csv")
    assert scales == [Scale(2022, "vpr6_ma", (5, 6, 9, 10, 13, 14), None)]
    bad = "год;работа;2 до;3 от;3 до;4 от;4 до;5 от\n2022;ВПР 6 МА;5;7;9;10;13;14\n2022;Пение;1;2;3;4;5;6\n"
    with pytest.raises(ScaleError, match=r"строка 2: .*не образуют шкалу.*строка 3: работа «Пение»"):
        read_scales(bad.encode(), "s.csv")
    assert len(Scales.built_in()) == 20


@pytest.mark.shared_data
def test_real_protocols_when_present():
    summary = read_protocol(REAL / "vpr2021_g07_rus.xlsx")
    assert (summary.work, summary.year, summary.layout) == ("vpr7_ru", 2021, "2021")
    assert summary.participants + summary.absent + summary.warning_counts.get("no_total", 0) == summary.rows
    assert len(summary.schools) > 600
