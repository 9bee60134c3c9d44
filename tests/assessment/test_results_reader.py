import csv
import io
import zipfile

import openpyxl
import polars as pl
import pytest

from opora.assessment.results_reader import CANONICAL_COLUMNS, ResultsFileError, read_results, read_results_many

HEADER = ["Муниципалитет", "Наименование ОО", "Логин ОО", "Год", "Процедура", "Участников", "Получили «2»",
          "Доля «2», %", "% высоких результатов"]  # fmt: skip
ROWS = [
    ["Северный МО", "МБОУ «СОШ № 1»", "sch420001", "2023", "ВПР 5 РУ", "10", "3", "30,0", "12,5"],
    ["Северный МО", "МБОУ «СОШ № 1»", "sch420001", "2023", "ОГЭ по математике", "12", "5", "41,7 %", "0"],
    ["Южный МР", "МКОУ «ООШ с. Тохтор»", "SCH420003 ", "2022", "ВПР РУ 5", "-", "н/д", "—", ""],
]


def write_csv(path, rows, *, encoding="utf-8", delimiter=";"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path, rows, *, merges=(), numbers=True):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append([_number(v) if numbers else v for v in row])
    for merge in merges:
        ws.merge_cells(merge)
    wb.save(path)
    return path


def _number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        try:
            return float(value.replace(",", "."))
        except (AttributeError, ValueError):
            return value


def expect_error(path, *fragments, name=None):
    with pytest.raises(ResultsFileError) as error:
        read_results(path, name=name)
    message = str(error.value)
    for fragment in fragments:
        assert fragment in message, message
    return message


# --- long tables --------------------------------------------------------------------------------


def test_a_long_table_is_read_into_canonical_columns_with_numbers_cleaned(tmp_path):
    frame = read_results(write_csv(tmp_path / "results.csv", [HEADER, *ROWS]))
    assert frame.columns == list(CANONICAL_COLUMNS)
    assert frame.rows() == [
        ("sch420001", "МБОУ «СОШ № 1»", "Северный МО", 2023, "vpr5_ru", 10, 3, 30.0, 12.5, "results.csv", 2),
        ("sch420001", "МБОУ «СОШ № 1»", "Северный МО", 2023, "oge_ma", 12, 5, 41.7, 0.0, "results.csv", 3),
        ("sch420003", "МКОУ «ООШ с. Тохтор»", "Южный МР", 2022, "vpr5_ru", None, None, None, None, "results.csv", 4),
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251", "utf-16"])
@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_every_encoding_and_delimiter_excel_writes_gives_the_same_table(tmp_path, encoding, delimiter):
    expected = read_results(write_csv(tmp_path / "a.csv", [HEADER, *ROWS]))
    frame = read_results(write_csv(tmp_path / "b.csv", [HEADER, *ROWS], encoding=encoding, delimiter=delimiter))
    assert frame.drop("source_file").equals(expected.drop("source_file"))


def test_a_title_above_the_table_is_skipped_and_row_numbers_stay_those_of_the_spreadsheet(tmp_path):
    rows = [["Приложение 3 к приказу от 26.11.2020 № 596"], [], [*HEADER], *ROWS]
    frame = read_results(write_csv(tmp_path / "results.csv", rows))
    assert frame.get_column("source_row").to_list() == [4, 5, 6]


def test_an_xlsx_workbook_with_numeric_cells_and_a_title_is_read(tmp_path):
    rows = [["Результаты ВПР и ОГЭ"], [*HEADER], *ROWS]
    frame = read_results(write_xlsx(tmp_path / "results.xlsx", rows))
    expected = read_results(write_csv(tmp_path / "results.csv", [HEADER, *ROWS]))
    assert frame.drop("source_file", "source_row").equals(expected.drop("source_file", "source_row"))
    assert frame.get_column("source_row").to_list() == [3, 4, 5]


@pytest.mark.parametrize(
    "header",
    [
        ["municipality", "name", "login", "year", "procedure", "participants", "low_count", "low_share", "high_share"],
        ["Территория", "Название ОО", "Логин", "Год", "Оценочная процедура", "Количество участников",
         "Не преодолели порог", "% «2»", "% Выс. рез-тов"],
        ["МО", "Наименование образовательной организации", "Логин ОО (ФИС ОКО)", "Год", "Процедура",
         "Кол-во участников, чел.", "Количество получивших «2»", "Доля не преодолевших порог",
         "Доля высоких результатов"],
    ],
)  # fmt: skip
def test_header_synonyms_in_russian_and_english_are_recognised(tmp_path, header):
    expected = read_results(write_csv(tmp_path / "a.csv", [HEADER, *ROWS]))
    frame = read_results(write_csv(tmp_path / "b.csv", [header, *ROWS]))
    assert frame.drop("source_file").equals(expected.drop("source_file"))


def test_a_table_with_shares_only_is_accepted(tmp_path):
    rows = [["Логин ОО", "Год", "Процедура", "% 2"], ["sch1", "2023", "ОГЭ МА", "33,3"]]
    frame = read_results(write_csv(tmp_path / "shares.csv", rows))
    assert frame.select("login", "procedure", "participants", "low_share").row(0) == ("sch1", "oge_ma", None, 33.3)


# --- wide tables --------------------------------------------------------------------------------

WIDE_TOP = ["Территория", "Название ОО", "Логин ОО", "ВПР МА 5 2019", "", "ОГЭ РУ 2018", ""]
WIDE_SUB = ["", "", "", "% Выс. рез-тов", "„ % 2”", "% Выс. рез-тов", "„ % 2”"]
WIDE_ROWS = [
    ["Л-Кузнецкий ГО", "МБОУ «ООШ № 19»", "sch420164", "16", "37", "0", "4"],
    ["Л-Кузнецкий ГО", "МБОУ «ООШ № 15»", "sch423336", "34", "40,5", "-", "-"],
]
WIDE_EXPECTED = [
    ("sch420164", 2019, "vpr5_ma", 16.0, 37.0),
    ("sch420164", 2018, "oge_ru", 0.0, 4.0),
    ("sch423336", 2019, "vpr5_ma", 34.0, 40.5),
]


def wide(frame: pl.DataFrame) -> list[tuple]:
    return sorted(frame.select("login", "year", "procedure", "high_share", "low_share").rows(), key=str)


def test_a_wide_table_with_group_titles_over_two_header_rows_is_read_like_an_order_appendix(tmp_path):
    frame = read_results(write_csv(tmp_path / "appendix.csv", [WIDE_TOP, WIDE_SUB, *WIDE_ROWS], delimiter="\t"))
    assert wide(frame) == sorted(WIDE_EXPECTED, key=str)
    # Row numbers count both header rows; an empty group is «no result», not a row.
    assert sorted(frame.get_column("source_row").to_list()) == [3, 3, 4]


def test_a_wide_workbook_with_merged_group_titles_is_read(tmp_path):
    path = write_xlsx(tmp_path / "appendix.xlsx", [WIDE_TOP, WIDE_SUB, *WIDE_ROWS], merges=["D1:E1", "F1:G1"])
    assert wide(read_results(path)) == sorted(WIDE_EXPECTED, key=str)


def test_a_wide_table_with_one_header_row_per_column_is_read(tmp_path):
    header = ["Территория", "Название ОО", "Логин ОО", "ВПР МА 5 2019 % Выс. рез-тов", "ВПР МА 5 2019 % 2",
              "ОГЭ РУ 2018 % Выс. рез-тов", "ОГЭ РУ 2018 % 2"]  # fmt: skip
    assert wide(read_results(write_csv(tmp_path / "flat.csv", [header, *WIDE_ROWS]))) == sorted(WIDE_EXPECTED, key=str)


def test_a_wide_table_may_give_counts_of_participants_and_of_twos(tmp_path):
    top = ["Логин ОО", "ОГЭ МА 2023", "", ""]
    sub = ["", "Участников", "Получили «2»", "% 2"]
    frame = read_results(write_csv(tmp_path / "counts.csv", [top, sub, ["sch1", "12", "4", "33,3"]]))
    assert frame.select("procedure", "year", "participants", "low_count", "low_share").row(0) == (
        "oge_ma", 2023, 12, 4, 33.3,
    )  # fmt: skip


def test_a_wide_column_with_an_unknown_procedure_is_reported_with_its_letter(tmp_path):
    top = ["Логин ОО", "ВПР ХЗ 5 2019", ""]
    sub = ["", "% Выс. рез-тов", "% 2"]
    expect_error(write_csv(tmp_path / "w.csv", [top, sub, ["sch1", "1", "2"]]), "«w.csv»", "столбец B", "ВПР ХЗ 5 2019")


# --- bad input ----------------------------------------------------------------------------------


def bad_row(**changes):
    row = dict(zip(HEADER, ROWS[0], strict=True))
    row.update(changes)
    return list(row.values())


@pytest.mark.parametrize(
    ("row", "fragments"),
    [
        (
            bad_row(**{"Процедура": "ВПР 5 химия-биология"}),
            ["строка 3", "столбец E «Процедура»", "неизвестная процедура"],
        ),
        (bad_row(**{"Доля «2», %": "120"}), ["строка 3", "столбец H", "больше 100", "«120»"]),
        (bad_row(**{"Участников": "-5"}), ["строка 3", "столбец F «Участников»", "отрицательным"]),
        (bad_row(**{"Участников": "много"}), ["строка 3", "столбец F", "ожидается число", "«много»"]),
        (bad_row(**{"Получили «2»": "2,5"}), ["строка 3", "столбец G", "целое"]),
        (bad_row(**{"Получили «2»": "11"}), ["строка 3", "столбец G", "больше, чем участников", "11 > 10"]),
        (bad_row(**{"Логин ОО": ""}), ["строка 3", "столбец C «Логин ОО»", "не указан логин"]),
        (bad_row(**{"Год": "двадцать третий"}), ["строка 3", "столбец D «Год»", "четырьмя цифрами"]),
        (bad_row(**{"Процедура": "-"}), ["строка 3", "столбец E", "не указана процедура"]),
    ],
)
def test_a_bad_value_is_reported_in_russian_with_file_row_and_column(tmp_path, row, fragments):
    path = write_csv(tmp_path / "region.csv", [HEADER, ROWS[1], row])
    message = expect_error(path, "Файл «region.csv»", *fragments)
    assert "строка 2" not in message  # the good row is not blamed


def test_a_repeated_school_year_and_procedure_is_reported_with_both_rows(tmp_path):
    path = write_csv(tmp_path / "region.csv", [HEADER, ROWS[0], ROWS[1], ROWS[0]])
    expect_error(path, "«region.csv», строка 4", "sch420001", "2023", "ВПР 5 РУ", "повторяется", "строке 2")


def test_every_bad_row_is_reported_not_only_the_first(tmp_path):
    rows = [
        HEADER,
        bad_row(**{"Участников": "x"}),
        ROWS[1],
        bad_row(**{"Год": "2023 год!"}),
        bad_row(**{"Логин ОО": "-"}),
    ]
    message = expect_error(write_csv(tmp_path / "r.csv", rows), "Найдено 3 ошибки", "строка 2", "строка 4", "строка 5")
    assert "строка 3" not in message


def test_a_long_error_list_stops_at_fifty_and_says_how_many_more(tmp_path):
    rows = [HEADER] + [bad_row(**{"Логин ОО": f"sch{i}", "Доля «2», %": "101"}) for i in range(60)]
    message = expect_error(write_csv(tmp_path / "r.csv", rows), "Найдено 60 ошибок", "… и ещё 10 ошибок")
    assert "строка 51" in message and "строка 52" not in message


def test_a_file_without_the_needed_columns_names_what_is_missing_and_what_was_found(tmp_path):
    rows = [["Логин ОО", "Наименование ОО", "Телефон"], ["sch1", "Школа", "123"]]
    expect_error(write_csv(tmp_path / "contacts.csv", rows), "«contacts.csv»", "не найдены нужные столбцы", "«Год»",
                 "«Процедура»", "«Телефон»")  # fmt: skip


def test_a_table_of_something_else_entirely_is_refused(tmp_path):
    rows = [["Фамилия", "Имя"], ["Иванов", "Иван"]]
    expect_error(write_csv(tmp_path / "people.csv", rows), "«people.csv»", "не найдены нужные столбцы", "«Логин ОО»")


def test_an_empty_file_is_refused(tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"  \r\n")
    expect_error(tmp_path / "empty.csv", "Файл «empty.csv»", "пуст")


def test_a_header_without_data_rows_is_refused(tmp_path):
    expect_error(write_csv(tmp_path / "head.csv", [HEADER]), "«head.csv»", "нет ни одной строки с данными")


def test_a_binary_file_is_refused_as_not_a_table(tmp_path):
    (tmp_path / "photo.csv").write_bytes(bytes(range(256)) * 40)
    expect_error(tmp_path / "photo.csv", "«photo.csv» — файл неизвестного вида, а здесь принимаются: книга Excel")


def test_a_broken_workbook_is_refused_as_not_a_table(tmp_path):
    with zipfile.ZipFile(tmp_path / "broken.xlsx", "w") as archive:
        archive.writestr("hello.txt", "не книга Excel")
    expect_error(tmp_path / "broken.xlsx", "«broken.xlsx» — файл неизвестного вида, а здесь принимаются")


def test_a_missing_file_is_reported(tmp_path):
    expect_error(tmp_path / "nowhere.csv", "«nowhere.csv»", "не найден")


def test_an_uploaded_file_is_named_as_the_user_knows_it(tmp_path):
    path = write_csv(tmp_path / "tmp8f3a9.csv", [HEADER, bad_row(**{"Участников": "x"})])
    expect_error(path, "Файл «Результаты ВПР 2023.csv», строка 2", name="Результаты ВПР 2023.csv")


# --- several files ------------------------------------------------------------------------------


def test_several_files_are_combined_and_a_school_repeated_across_them_is_refused(tmp_path):
    first = write_csv(tmp_path / "2022.csv", [HEADER, ROWS[2]])
    second = write_csv(tmp_path / "2023.csv", [HEADER, ROWS[0], ROWS[1]])
    frame = read_results_many([first, second])
    assert frame.select("source_file", "source_row").rows() == [("2022.csv", 2), ("2023.csv", 2), ("2023.csv", 3)]

    again = write_csv(tmp_path / "2023-исправленный.csv", [HEADER, ROWS[1]])
    with pytest.raises(ResultsFileError) as error:
        read_results_many([first, second, again])
    assert "Файл «2023-исправленный.csv», строка 2" in str(error.value)
    assert "строке 3 файла «2023.csv»" in str(error.value)


def test_errors_in_several_files_are_reported_together(tmp_path):
    first = write_csv(tmp_path / "a.csv", [HEADER, bad_row(**{"Участников": "x"})])
    second = write_csv(tmp_path / "b.csv", [HEADER, bad_row(**{"Год": "x"})])
    with pytest.raises(ResultsFileError) as error:
        read_results_many([first, second])
    assert "«a.csv», строка 2" in str(error.value) and "«b.csv», строка 2" in str(error.value)


def test_cells_written_by_hand_are_cleaned_per_column_and_spaced_no_data_marks_are_recognised(tmp_path):
    rows = [
        HEADER,
        ["Северный МО", "МБОУ «СОШ № 1»", "sch420001", "2023", "ВПР 5 РУ", "1 234", "н / д", "45 %", "12,5"],
        ["Северный МО", "МБОУ «СОШ № 1»", "sch420001", "2022", "ВПР 5 РУ", "20", "2", "10", " - "],
        ["Северный МО", "МБОУ «СОШ № 1»", "sch420001", "2021", "ВПР 5 РУ", "20", "2", "10", "7.5"],
    ]
    frame = read_results(write_csv(tmp_path / "results.csv", rows))
    assert frame.select("year", "participants", "low_count", "low_share", "high_share").rows() == [
        (2023, 1234, None, 45.0, 12.5),
        (2022, 20, 2, 10.0, None),
        (2021, 20, 2, 10.0, 7.5),
    ]
