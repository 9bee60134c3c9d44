"""The one-pass typed reader of clean long CSVs (``results_typed``) judges every file exactly as the
text reader does: it gives the same table, or it steps aside and the text reader words the errors."""

import polars as pl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from opora.assessment import results_reader
from opora.assessment.procedures import parse_procedure
from opora.assessment.results_checks import parse_year
from opora.assessment.results_reader import ResultsFileError, read_results
from opora.assessment.results_typed import read_typed

HEADER = (
    "Муниципалитет;Логин ОО;Наименование ОО;Год;Процедура;Участников;Получили «2»;Доля «2», %;% высоких результатов"
)
CLEAN = [
    "Северный МО;sch420001;МБОУ «СОШ № 1»;2023;ВПР 5 РУ;24;8;33,3;10,5",
    "Северный МО;sch420001;МБОУ «СОШ № 1»;2022;ВПР 5 МА;20;-;30,0;н/д",
    "Южный МО;sch420002;МКОУ «ООШ с. Берёзовка»;2023 г.;ОГЭ МА;0;-;-;-",
    "Южный МО;sch420002;МКОУ «ООШ с. Берёзовка»;2023;ЕГЭ РУ;н/д;н/д;н/д;н/д",
]


def write(tmp_path, lines, name="results.csv", encoding="utf-8-sig"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def as_text(frame: pl.DataFrame) -> list[tuple]:
    return frame.with_columns(pl.col(pl.Categorical).cast(pl.String)).rows()


def both_readers(path, monkeypatch):
    """(what the reader gives, what the text reader alone gives): a table's rows or the error text."""

    def outcome():
        try:
            return as_text(read_results(path))
        except ResultsFileError as exc:
            return str(exc)

    first = outcome()
    with monkeypatch.context() as m:
        m.setattr(results_reader, "read_typed", lambda *args: None)
        second = outcome()
    return first, second


def typed(path) -> pl.DataFrame | None:
    """What the typed reader alone makes of a file (None: it leaves the file to the text reader)."""
    sheet = results_reader.load_sheet(path, results_reader.score, path.name, deferred=True)
    top = sheet.head(4)
    count, labels = results_reader.header_rows(top)
    columns = [c for i, label in enumerate(labels) if (c := results_reader.classify(i, label))]
    return read_typed(sheet, count, len(top[0]), columns, results_reader._pick(columns), path.name)


def test_a_clean_national_style_file_is_read_typed_with_the_text_readers_numbers_and_row_numbers(tmp_path):
    path = write(tmp_path, ["Результаты ВПР и ГИА", "", HEADER, *CLEAN])
    frame = typed(path)
    assert frame is not None
    rows = frame.select("login", "year", "procedure", "participants", "low_count", "low_share", "source_row")
    assert rows.rows() == [
        ("sch420001", 2023, "vpr5_ru", 24, 8, 33.3, 4),
        ("sch420001", 2022, "vpr5_ma", 20, None, 30.0, 5),
        ("sch420002", 2023, "oge_ma", 0, None, None, 6),
        ("sch420002", 2023, "ege_ru", None, None, None, 7),
    ]
    assert frame.get_column("high_share").to_list() == [10.5, None, None, None]


def test_the_clean_file_gives_the_text_readers_table(tmp_path, monkeypatch):
    path = write(tmp_path, ["Результаты ВПР и ГИА", "", HEADER, *CLEAN])
    first, second = both_readers(path, monkeypatch)
    assert first == second and len(first) == 4


@pytest.mark.parametrize(
    "change, why",
    [
        (lambda rows: [*rows, "Южный МО;sch420003;МБОУ «СОШ № 5»;2023;ВПР 5 РУ;24;8;45 %;1"], "a percent sign"),
        (lambda rows: [*rows, "Южный МО;sch420003;МБОУ «СОШ № 5»;2023;ВПР 5 РУ;12,5;8;45;1"], "a fraction of a pupil"),
        (lambda rows: [*rows, "Южный МО;sch420003;МБОУ «СОШ № 5»;2023;ВПР 5 РУ;24;30;45;1"], "more «2» than pupils"),
        (lambda rows: [*rows, "Южный МО;sch420003;МБОУ «СОШ № 5»;2023;ВПР 9 ЖЖ;24;3;45;1"], "an unknown procedure"),
        (lambda rows: [*rows, "Южный МО;SCH420003;МБОУ «СОШ № 5»;2023;ВПР 5 РУ;24;3;45;1"], "a login in capitals"),
        (lambda rows: [*rows, "Южный МО;sch420003;-;2023;ВПР 5 РУ;24;3;45;1"], "a dash for a name"),
        (lambda rows: [rows[0], ";;;;;;;;", *rows[1:]], "a blank row"),
        (lambda rows: [*rows, "Южный МО;sch420001;МБОУ «СОШ № 1»;2023;ВПР 5 РУ;24;8;33,3;1"], "a repeated result"),
    ],
)
def test_a_file_the_typed_reader_leaves_is_judged_by_the_text_reader_alone(tmp_path, monkeypatch, change, why):
    path = write(tmp_path, [HEADER, *change(CLEAN)])
    first, second = both_readers(path, monkeypatch)
    assert first == second, why
    if why != "a repeated result":  # the typed reader reads it; the repeat is found after either reader
        assert typed(path) is None, why


def test_a_comma_separated_file_is_left_to_the_text_reader(tmp_path, monkeypatch):
    path = write(tmp_path, [HEADER.replace(";", ","), *(r.replace(",", ".").replace(";", ",") for r in CLEAN)])
    assert typed(path) is None
    first, second = both_readers(path, monkeypatch)
    assert first == second and isinstance(first, list) and len(first) == 4


def test_a_windows_1251_file_is_read_typed_too(tmp_path):
    path = write(tmp_path, [HEADER, *CLEAN], encoding="cp1251")
    frame = typed(path)
    assert frame is not None and frame.get_column("name").cast(pl.String).to_list()[2] == "МКОУ «ООШ с. Берёзовка»"


# Cells as people type them: mostly what a typed read takes (so that it often does), and now and then
# what it must leave: out-of-range numbers, other notations, spaced marks, junk, blank names.
good_numbers = st.sampled_from(["0", "7", "24", "30", "+5", " 5", "12,5", "33,3", "33.3", ",5", "-", "н/д", ""])
odd_numbers = st.sampled_from(["5 ", "-3", "12.0", "1e3", "nan", "inf", "101", "н / д", "x", "45 %", "1 234"])
cells = st.one_of(good_numbers, good_numbers, good_numbers, good_numbers, good_numbers, odd_numbers)
years = st.one_of(st.sampled_from(["2022", "2023", "2023 г."]), st.sampled_from(["2023,0", "23", "", "н/д", "1999"]))
procedures = st.one_of(st.sampled_from(["ВПР 5 РУ", "ВПР 5 МА", "ОГЭ МА"]), st.sampled_from(["ВПР 9 ЖЖ", "", "-"]))
logins = st.one_of(
    st.sampled_from(["sch420001", "sch420002", "edu420003"]), st.sampled_from(["SCH420004", " sch420005", "", "-"])
)
names = st.one_of(st.sampled_from(["МБОУ «СОШ № 1»", "Гимназия; № 2"]), st.sampled_from(["", "-", "н/д"]))
rows = st.tuples(names, logins, names, years, procedures, cells, cells, cells, cells).map(
    lambda r: ";".join(f'"{c}"' if ";" in c else c for c in r)
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(rows, rows, rows, st.just(";;;;;;;;")), min_size=1, max_size=4))
@example([";".join(["Северный МО", "sch420001", "МБОУ «СОШ № 1»", "2023", "ВПР 5 РУ", "24", "8", "33,3", "1"])])
def test_any_file_gives_what_the_text_reader_gives(tmp_path_factory, monkeypatch, lines):
    path = write(tmp_path_factory.mktemp("typed"), [HEADER, *lines])
    first, second = both_readers(path, monkeypatch)
    assert first == second


def counted(pair: tuple[int, int], style: int) -> tuple[str, str]:
    participants, low = pair
    spell = [str, lambda n: f"+{n}", lambda n: f" {n}", lambda n: f"{n}"][style]
    return spell(participants), spell(low)


clean_rows = st.tuples(
    st.sampled_from(["sch420001", "sch420002", "edu420003", "ksh420004"]),
    st.sampled_from(["2022", "2023", "2023 г."]),
    st.sampled_from(["ВПР 5 РУ", "ВПР 5 МА", "ОГЭ МА", "vpr6_ru"]),
    st.integers(1, 40).flatmap(lambda p: st.tuples(st.just(p), st.integers(0, p))),
    st.integers(0, 3),
    st.sampled_from(["33,3", "0", "100", "12.5", "-", "н/д", "нет данных", ""]),
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(clean_rows, min_size=1, max_size=12, unique_by=lambda r: r[:3]))
def test_a_clean_file_is_read_typed_and_gives_what_the_text_reader_gives(tmp_path_factory, monkeypatch, rows):
    lines = []
    for login, year, procedure, pair, style, share in rows:
        participants, low = counted(pair, style)
        lines.append(f"Северный МО;{login};Школа {login};{year};{procedure};{participants};{low};{share};{share}")
    path = write(tmp_path_factory.mktemp("clean"), [HEADER, *lines])
    if len({(login, parse_year(year), parse_procedure(procedure)) for login, year, procedure, *_ in rows}) < len(rows):
        return  # «2023» and «2023 г.» are one year: a repeated result, refused after either reader
    assert typed(path) is not None
    first, second = both_readers(path, monkeypatch)
    assert first == second and len(first) == len(rows)
