"""The same roadmaps typed into Word, Excel or a CSV file come out as from the PDF text.

Each fixture is written out with python-docx / openpyxl / csv the way officials lay such tables
out — a heading above, merged section rows, the header typed again after a page break, several
paragraphs in a cell, another table (the working group) after it — and must parse to the same
title, year, sections, items and dates as the text fixture."""

import pytest
from docx import Document

from opora.roadmaps.parse import RoadmapError, parse_roadmap, parse_roadmap_bytes
from opora.roadmaps.tables import read_document
from tests.roadmaps.builders import LAYOUTS, build_csv, build_docx, build_xlsx
from tests.roadmaps.test_fixtures import AKSHA_FILE, KARPINSK_FILE, LENINSK_FILE, parsed

FILES = {"karpinsk": KARPINSK_FILE, "aksha": AKSHA_FILE, "leninsk": LENINSK_FILE}


def _flat(text: str) -> str:
    return " ".join(text.split())


def summary(roadmap) -> dict:
    return {
        "title": roadmap.title,
        "year": roadmap.year,
        "school_year": roadmap.school_year,
        "columns": roadmap.columns,
        "sections": [(s.number, s.title) for s in roadmap.sections],
        "items": [
            (
                item.number,
                item.section,
                _flat(item.action),  # a list typed as paragraphs reads with new lines
                item.deadline.text,
                item.deadline.start,
                item.deadline.end,
                item.deadline.recurrence,
                item.deadline.periods,
                item.executors,
                _flat(item.result),
            )
            for item in roadmap.items
        ],
    }


@pytest.mark.parametrize("name", FILES)
def test_a_roadmap_typed_into_word_parses_like_the_text_fixture(name, tmp_path):
    expected = parsed(FILES[name])
    path = build_docx(tmp_path / f"{name}.docx", expected, LAYOUTS[name])
    assert summary(parse_roadmap(path)) == summary(expected)


@pytest.mark.parametrize("name", FILES)
def test_a_roadmap_typed_into_excel_parses_like_the_text_fixture(name, tmp_path):
    expected = parsed(FILES[name])
    path = build_xlsx(tmp_path / f"{name}.xlsx", expected, LAYOUTS[name])
    assert summary(parse_roadmap(path)) == summary(expected)


@pytest.mark.parametrize(
    ("name", "suffix", "delimiter", "encoding"),
    [
        ("karpinsk", ".csv", ";", "cp1251"),
        ("aksha", ".csv", ",", "utf-8-sig"),
        ("leninsk", ".tsv", "\t", "utf-8"),
        ("leninsk", ".csv", ";", "utf-8"),
    ],
)
def test_a_roadmap_saved_as_csv_parses_like_the_text_fixture(name, suffix, delimiter, encoding, tmp_path):
    expected = parsed(FILES[name])
    path = build_csv(tmp_path / f"{name}{suffix}", expected, LAYOUTS[name], delimiter, encoding)
    assert summary(parse_roadmap(path)) == summary(expected)


def test_word_merged_cells_give_their_text_once_and_keep_columns_aligned(tmp_path):
    document = Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "Раздел во всю ширину"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "Объединено по вертикали"
    table.cell(1, 1).text, table.cell(1, 2).text = "б", "в"
    table.cell(2, 1).text, table.cell(2, 2).text = "д", "е"
    document.save(tmp_path / "merged.docx")
    assert read_document(tmp_path / "merged.docx").tables[0].rows == [
        ["Раздел во всю ширину", "", ""],
        ["Объединено по вертикали", "б", "в"],
        ["", "д", "е"],
    ]


def test_word_paragraphs_inside_a_cell_are_joined_with_new_lines(tmp_path):
    document = Document()
    cell = document.add_table(rows=1, cols=2).cell(0, 0)
    cell.text = "Ласкожевская Е.В."
    cell.add_paragraph("Копейкина Л.М.")
    document.save(tmp_path / "cell.docx")
    assert read_document(tmp_path / "cell.docx").tables[0].rows == [["Ласкожевская Е.В.\nКопейкина Л.М.", ""]]


def test_the_working_group_table_in_word_is_a_separate_table_and_not_items(tmp_path):
    expected = parsed(LENINSK_FILE)
    path = build_docx(tmp_path / "leninsk.docx", expected, LAYOUTS["leninsk"])
    document = read_document(path)
    assert len(document.tables) == 2
    assert document.tables[1].rows[0] == ["Ласкожевская Елена Владимировна", "- начальник управления образования"]
    assert len(parse_roadmap(path).items) == 32


def test_a_word_file_without_a_roadmap_table_is_refused_in_russian(tmp_path):
    document = Document()
    document.add_paragraph("Состав рабочей группы")
    document.add_table(rows=1, cols=2).cell(0, 0).text = "Иванов И.И."
    document.save(tmp_path / "group.docx")
    with pytest.raises(RoadmapError, match="не найдена таблица дорожной карты"):
        parse_roadmap(tmp_path / "group.docx")


def test_an_upload_is_read_from_bytes_like_a_file(tmp_path):
    expected = parsed(FILES["aksha"])
    path = build_docx(tmp_path / "aksha.docx", expected, LAYOUTS["aksha"])
    from_bytes = parse_roadmap_bytes(path.read_bytes(), "Дорожная карта Акша.docx")
    assert summary(from_bytes) == summary(expected)


def _csv(tmp_path, text: str, name: str = "roadmap.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return parse_roadmap(path)


def test_columns_are_found_by_their_words_whatever_their_order(tmp_path):
    roadmap = _csv(
        tmp_path,
        "План мероприятий на 2024 год\n"
        "Срок исполнения;Описание действий;Ответственный исполнитель;№;Региональный показатель реализации;"
        "Информационное сопровождение;Ожидаемый результат\n"
        "до 1 марта;Совещание с директорами;Петров П.П.;1.1.;Доля ШНОР, посещённых кураторами;"
        "сайт управления;Проведено совещание\n",
    )
    assert roadmap.columns == ["deadline", "action", "executors", "number", "indicator", "info", "result"]
    item = roadmap.items[0]
    assert (item.number, item.action, item.executors) == ("1.1", "Совещание с директорами", ["Петров П.П."])
    assert (item.indicator, item.info, item.result) == (
        "Доля ШНОР, посещённых кураторами", "сайт управления", "Проведено совещание",
    )  # fmt: skip
    assert (roadmap.year, item.deadline.end.isoformat()) == (2024, "2024-03-01")


def test_a_numbered_title_row_before_its_subitems_is_a_section(tmp_path):
    roadmap = _csv(
        tmp_path,
        "Дорожная карта на 2024 год\n"
        "№;Мероприятие;Сроки;Ответственные\n"
        "1;2;3;4\n"
        "1.;Нормативное правовое обеспечение;;\n"
        "1.1;Приказ о кураторах;январь;Иванова И.И.\n"
        "1.2;Приказ о дорожной карте;февраль;Иванова И.И.\n"
        "2;Отдельное мероприятие без подпунктов;;\n"
        "3;Совещание;март;Петров П.П.\n",
    )
    assert [(s.number, s.title) for s in roadmap.sections] == [("1", "Нормативное правовое обеспечение")]
    assert [(i.number, i.section) for i in roadmap.items] == [
        ("1.1", "Нормативное правовое обеспечение"),
        ("1.2", "Нормативное правовое обеспечение"),
        ("2", "Нормативное правовое обеспечение"),
        ("3", "Нормативное правовое обеспечение"),
    ]
    assert "Пункт 2: срок не указан" in roadmap.warnings


def test_duplicate_numbers_are_kept_with_a_warning_and_unknown_columns_are_named(tmp_path):
    roadmap = _csv(
        tmp_path,
        "Дорожная карта на 2024 год\n"
        "№;Мероприятие;Сроки;Примечание\n"
        "1.1;Первое;январь;\n"
        "1.1;Второе;февраль;перенесено\n",
    )
    assert [i.action for i in roadmap.items] == ["Первое", "Второе"]
    assert any("1.1" in w and "повторяется" in w for w in roadmap.warnings)
    assert "Столбец «Примечание» не распознан и пропущен" in roadmap.warnings


def test_without_a_year_in_the_title_the_year_comes_from_the_deadlines(tmp_path):
    roadmap = _csv(
        tmp_path,
        "Дорожная карта\n№;Мероприятие;Сроки\n1;Первое;март 2023\n2;Второе;апрель 2023\n3;Третье;май\n",
    )
    assert roadmap.year == 2023
    assert roadmap.items[2].deadline.start.isoformat() == "2023-05-01"
    assert any("определён по срокам" in w for w in roadmap.warnings)


def test_pdf_text_with_a_repeated_header_and_a_word_broken_across_pages(tmp_path):
    text = (
        "ДОРОЖНАЯ КАРТА на 2022 год\n\n"
        "№\tМероприятие\tСроки\tОтветственные\n"
        "1.\tСовещание с руководителями обу-\tмарт 2022\tИванова И.И.,\n\n"
        "№\tМероприятие\tСроки\tОтветственные\n"
        "\tчающихся школ\t\tПетров П.П.\n"
        "\t\t\t\n"
        "2.\t<b>Семинар</b>\tапрель 2022\tСидорова С.С.\n"
    )
    roadmap = _csv(tmp_path, text, "roadmap.txt")
    assert [(i.number, i.action) for i in roadmap.items] == [
        ("1", "Совещание с руководителями обучающихся школ"),
        ("2", "Семинар"),
    ]
    assert roadmap.items[0].executors == ["Иванова И.И.", "Петров П.П."]
