"""`opora identify` on a small region: ten schools, results for 2021–2023, hand-computed lists."""

import csv
import io
import json

import docx
import openpyxl
import pytest

from opora.assessment.cli import main

N = 2023
PROCEDURES = ["ВПР 5 РУ", "ВПР 5 МА", "ОГЭ РУ", "ОГЭ МА"]
SCHOOLS = {
    "sch420001": ("Северный МО", "МБОУ «СОШ № 1»"),
    "sch420002": ("Северный МО", "МБОУ «СОШ № 2»"),
    "sch420003": ("Южный МР", "МКОУ «ООШ с. Тохтор»"),
    "sch420004": ("Южный МР", "МБОУ «Лицей № 4»"),
    "sch420005": ("Восточный ГО", "МБОУ «СОШ № 5»"),
    "sch420006": ("Восточный ГО", "МБОУ «СОШ № 6»"),
    "sch420007": ("Северный МО", "МБОУ «СОШ № 7»"),
    "sch420008": ("Южный МР", "МАОУ «Гимназия № 8»"),
    "sch420009": ("Северный МО", "МБОУ «СОШ № 9»"),
    "sch420010": ("Восточный ГО", "МБОУ «СОШ № 10»"),
    "sch420011": ("Восточный ГО", "МБОУ «ООШ № 11»"),
}
# (school, year, procedure) → (participants, got «2»); anything not listed is (20, 2), i.e. 10 %.
# None is «no data»; sch420011 has results for 2021 only and so is not even checked.
SPECIAL = {
    ("sch420001", 2023, "ВПР 5 РУ"): (10, 3),  # 30 %: a marker, exactly at the threshold
    ("sch420001", 2023, "ОГЭ МА"): (12, 5),
    ("sch420001", 2022, "ОГЭ МА"): (10, 4),
    ("sch420002", 2023, "ВПР 5 МА"): (7, 2),  # 28.6 %: no marker, but within 5 points
    ("sch420002", 2023, "ОГЭ РУ"): (20, 6),
    ("sch420003", 2022, "ВПР 5 РУ"): (8, 4),
    ("sch420003", 2023, "ВПР 5 РУ"): (9, 3),
    ("sch420005", 2022, "ОГЭ РУ"): (15, 6),
    ("sch420005", 2023, "ВПР 5 МА"): (25, 10),
    ("sch420006", 2023, "ВПР 5 РУ"): None,
    ("sch420006", 2023, "ВПР 5 МА"): None,
    ("sch420006", 2023, "ОГЭ РУ"): (4, 2),
    ("sch420006", 2023, "ОГЭ МА"): (4, 4),
    ("sch420007", 2022, "ВПР 5 РУ"): (10, 5),
    ("sch420007", 2022, "ОГЭ РУ"): (10, 5),
    ("sch420008", 2023, "ВПР 5 РУ"): (50, 14),
    ("sch420008", 2023, "ОГЭ РУ"): None,
    ("sch420008", 2023, "ОГЭ МА"): None,
    ("sch420009", 2023, "ВПР 5 РУ"): (30, 9),
    ("sch420009", 2023, "ВПР 5 МА"): (30, 9),
    ("sch420009", 2023, "ОГЭ РУ"): (10, 3),
    ("sch420009", 2022, "ВПР 5 МА"): (30, 12),
    ("sch420010", 2023, "ОГЭ РУ"): (11, 4),
    ("sch420010", 2023, "ОГЭ МА"): (11, 5),
    ("sch420011", 2021, "ОГЭ РУ"): (10, 9),
    ("sch420011", 2021, "ОГЭ МА"): (10, 9),
}


def years_of(login):
    return [2021] if login == "sch420011" else [2022, 2023]


def results():
    for login, (municipality, name) in SCHOOLS.items():
        for year in years_of(login):
            for procedure in PROCEDURES:
                yield login, municipality, name, year, procedure, SPECIAL.get((login, year, procedure), (20, 2))


def share(counts, comma=True) -> str:
    if counts is None:
        return "-"
    text = f"{100 * counts[1] / counts[0]:.1f}"
    return text.replace(".", ",") if comma else text


def long_rows(*, comma=True):
    yield ["Муниципалитет", "Наименование ОО", "Логин ОО", "Год", "Процедура", "Участников", "Получили «2»",
           "Доля «2», %", "% высоких результатов"]  # fmt: skip
    for login, municipality, name, year, procedure, counts in results():
        numbers = ["0", "-"] if counts is None else [str(counts[0]), str(counts[1])]
        yield [municipality, name, login, str(year), procedure, *numbers, share(counts, comma), "15"]


def wide_rows(measures=("% Выс. рез-тов", "% 2")):
    groups = [(p, y) for y in (2021, 2022, 2023) for p in PROCEDURES]
    top = ["Территория", "Название ОО", "Логин ОО"]
    for procedure, year in groups:
        top += [f"{procedure} {year}"] + [""] * (len(measures) - 1)
    yield top
    yield ["", "", ""] + list(measures) * len(groups)
    for login, (municipality, name) in SCHOOLS.items():
        row = [municipality, name, login]
        for procedure, year in groups:
            counts = SPECIAL.get((login, year, procedure), (20, 2)) if year in years_of(login) else None
            values = {"% Выс. рез-тов": "15", "% 2": share(counts), "Участников": counts and str(counts[0]),
                      "Получили «2»": counts and str(counts[1])}  # fmt: skip
            row += [values[m] or "-" if counts else "-" for m in measures]
        yield row


def write_csv(path, rows, encoding="utf-8", delimiter=";"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return str(path)


def write_xlsx(path, rows, merges=()):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Результаты оценочных процедур, Кемеровская область"])
    for row in rows:
        ws.append([int(v) if v.isdigit() else v for v in row])
    for merge in merges:
        ws.merge_cells(merge)
    wb.save(path)
    return str(path)


def school(login, markers, first, second):
    municipality, name = SCHOOLS[login]
    return {
        "login": login,
        "name": name,
        "municipality": municipality,
        "markers": markers,
        "criteria": {"two_or_more_procedures": first, "consecutive_years": second},
    }


S1 = school("sch420001", {"2022": ["oge_ma"], "2023": ["oge_ma", "vpr5_ru"]}, True, True)
S3 = school("sch420003", {"2022": ["vpr5_ru"], "2023": ["vpr5_ru"]}, False, True)
S5 = school("sch420005", {"2022": ["oge_ru"], "2023": ["vpr5_ma"]}, False, True)
S6 = school("sch420006", {"2023": ["oge_ma", "oge_ru"]}, True, False)
S9 = school("sch420009", {"2022": ["vpr5_ma"], "2023": ["oge_ru", "vpr5_ma", "vpr5_ru"]}, True, True)
S10 = school("sch420010", {"2023": ["oge_ma", "oge_ru"]}, True, False)
RULE = {"threshold": 30, "min_participants": 1, "consecutive": "same", "combine": "or"}


def expected(identified, **rule):
    return {"year": N, "rule": {**RULE, **rule}, "schools_checked": 10, "identified": identified, "warnings": []}


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def identify_json(*argv):
    code, out, err = run(*argv, "--year", N, "--format", "json")
    assert (code, err) == (0, "")
    return json.loads(out)


@pytest.fixture(
    params=["long-cp1251", "long-utf8-comma", "long-xlsx", "wide-appendix-csv", "wide-xlsx-merged", "split-by-year"]
)
def region_files(request, tmp_path):
    kind = request.param
    if kind == "long-cp1251":
        return [write_csv(tmp_path / "region.csv", long_rows(), encoding="cp1251")]
    if kind == "long-utf8-comma":
        rows = list(long_rows(comma=False))
        rows[0] = ["municipality", "name", "login", "year", "procedure", "participants", "low_count", "low_share",
                   "high_share"]  # fmt: skip
        return [write_csv(tmp_path / "region.csv", rows, encoding="utf-8-sig", delimiter=",")]
    if kind == "long-xlsx":
        return [write_xlsx(tmp_path / "region.xlsx", long_rows())]
    if kind == "wide-appendix-csv":
        return [write_csv(tmp_path / "appendix.csv", wide_rows(), delimiter="\t")]
    if kind == "wide-xlsx-merged":
        measures = ("Участников", "Получили «2»", "% 2", "% Выс. рез-тов")
        rows = list(wide_rows(measures))
        merges = [f"{_letter(c)}2:{_letter(c + 3)}2" for c in range(3, len(rows[0]), 4)]
        return [write_xlsx(tmp_path / "wide.xlsx", rows, merges)]
    rows = list(long_rows())
    return [
        write_csv(tmp_path / "2022.csv", [rows[0]] + [r for r in rows[1:] if r[3] != "2023"]),
        write_csv(tmp_path / "2023.csv", [rows[0]] + [r for r in rows[1:] if r[3] == "2023"], encoding="cp1251"),
    ]


def _letter(index):
    return openpyxl.utils.get_column_letter(index + 1)


def test_a_regional_file_gives_exactly_the_hand_computed_list(region_files):
    assert identify_json(*region_files) == expected([S1, S3, S6, S9, S10])


def test_any_procedure_in_consecutive_years_adds_the_school_that_changed_procedure(region_files):
    assert identify_json(*region_files, "--consecutive", "any") == expected(
        [S1, S3, S5, S6, S9, S10], consecutive="any"
    )


def test_both_criteria_together_leave_only_schools_meeting_both(region_files):
    assert identify_json(*region_files, "--combine", "and") == expected([S1, S9], combine="and")


def test_a_minimum_of_five_participants_drops_the_school_with_four(tmp_path):
    path = write_csv(tmp_path / "region.csv", long_rows())
    result = identify_json(path, "--min-participants", "5")
    assert [s["login"] for s in result["identified"]] == ["sch420001", "sch420003", "sch420009", "sch420010"]
    assert any("меньше 5" in w for w in result["warnings"])


def test_a_higher_threshold_shortens_the_list(tmp_path):
    path = write_csv(tmp_path / "region.csv", long_rows())
    result = identify_json(path, "--threshold", "40")
    assert result["rule"]["threshold"] == 40
    # ОГЭ МА: 4 of 10 in 2022 and 5 of 12 in 2023 — both reach 40 %.
    assert [s["login"] for s in result["identified"]] == ["sch420001", "sch420006"]


def test_the_table_lists_schools_criteria_and_the_risk_zone_in_russian(tmp_path):
    code, out, err = run(write_csv(tmp_path / "region.csv", long_rows()), "--year", N)
    assert code == 0 and err == ""
    assert "Проверено школ: 10. В перечне: 5." in out
    assert "sch420009" in out and "ВПР 5 РУ, ВПР 5 МА, ОГЭ РУ" in out
    risk = out.split("Зона риска")[1]
    assert "sch420002" in risk and "ВПР 5 МА: доля «2» 28,57 %" in risk
    assert "sch420005" in risk and "один маркер в 2023 году: ВПР 5 МА" in risk
    assert "sch420001" not in risk


def test_bad_input_exits_with_2_and_a_russian_message_on_stderr(tmp_path):
    rows = list(long_rows())
    rows[5][5] = "двадцать"
    code, out, err = run(write_csv(tmp_path / "region.csv", rows), "--year", N, "--format", "json")
    assert code == 2
    assert out == ""
    assert "Файл «region.csv», строка 6, столбец F «Участников»: ожидается число (в ячейке «двадцать»)" in err


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--year", "2023", "--threshold", "тридцать"], "ожидается число"),
        (["--year", "2023", "--threshold", "0"], "Порог"),
        (["--year", "2023", "--consecutive", "both"], "недопустимое значение"),
        (["--threshold", "30"], "не указаны обязательные аргументы: --year"),
        (["--year", "2023", "--format", "xlsx"], "-o"),
    ],
)
def test_bad_arguments_exit_with_2_and_say_what_is_wrong(tmp_path, argv, words):
    code, _, err = run(write_csv(tmp_path / "region.csv", long_rows()), *argv)
    assert code == 2
    assert words in err


def test_help_is_in_russian():
    code, out, _ = run("--help")
    assert code == 0
    assert "Использование: opora identify" in out and "--consecutive" in out and "порог доли «2»" in out


def test_the_xlsx_appendix_has_the_marker_matrix_and_the_criteria(tmp_path):
    target = tmp_path / "перечень.xlsx"
    code, _, err = run(write_csv(tmp_path / "region.csv", long_rows()), "--year", N, "--format", "xlsx", "-o", target)
    assert (code, err) == (0, "")
    ws = openpyxl.load_workbook(target)["Перечень"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[1][0].startswith("Перечень общеобразовательных организаций, имеющих низкие")
    header, years = rows[4], rows[5]
    assert header[:5] == ["№ п/п", "Муниципалитет", "Наименование ОО", "Логин ОО", "ВПР 5 РУ"]
    assert header[-2:] == ["Критерий 1: маркеры по двум и более процедурам", "Критерий 2: маркеры два года подряд"]
    assert years[4:6] == ["2022", "2023"]
    body = {r[3]: r for r in rows[6:]}
    assert sorted(body) == ["sch420001", "sch420003", "sch420006", "sch420009", "sch420010"]
    s1 = body["sch420001"]
    marks = {(header[4 + 2 * (i // 2)], years[4 + i]) for i, v in enumerate(s1[4:12]) if v == "+"}
    assert marks == {("ВПР 5 РУ", "2023"), ("ОГЭ МА", "2022"), ("ОГЭ МА", "2023")}
    assert s1[-2:] == ["+", "+"] and body["sch420003"][-2:] == [None, "+"]
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$5:$6"


def test_the_docx_appendix_is_landscape_with_a_repeated_header_and_every_school(tmp_path):
    target = tmp_path / "перечень.docx"
    code, _, err = run(write_csv(tmp_path / "region.csv", long_rows()), "--year", N, "--format", "docx", "-o", target)
    assert (code, err) == (0, "")
    document = docx.Document(target)
    assert document.sections[0].page_width > document.sections[0].page_height
    assert any("имеющих низкие образовательные результаты" in p.text for p in document.paragraphs)
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells][:4] == ["№ п/п", "Муниципалитет", "Наименование ОО", "Логин ОО"]
    assert all(row._tr.trPr is not None and row._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None
               for row in table.rows[:2])  # fmt: skip
    logins = [row.cells[3].text for row in table.rows[2:]]
    assert sorted(logins) == ["sch420001", "sch420003", "sch420006", "sch420009", "sch420010"]
    assert document.styles["Normal"].font.name == "Times New Roman"
