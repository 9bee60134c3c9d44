"""Tables the parser has not seen: the same items whatever a page break does to the table.

Generated roadmaps are laid out as extracted text rows (as from a PDF) and changed the way page
breaks change them — a row split in two across the break, the header repeated on the next page
in the same or in other words — and must give the same items. Plus the numbering and section
forms of unseen documents: «1.1.», «2.3.1», «1а», Roman sections, a merged section row, a bold
title row without a number."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opora.roadmaps.columns import looks_like_header
from opora.roadmaps.parse import parse_document
from opora.roadmaps.tables import Document, Table

HEADERS = [
    ["№ п/п", "Мероприятие", "Срок", "Ответственные", "Результат"],
    ["№", "Содержание мероприятия", "Срок исполнения (план)", "Исполнители", "Ожидаемый результат"],
    ["N", "Наименование мероприятий", "Сроки реализации", "Ответственный исполнитель", "Планируемые результаты"],
]
VERBS = ["Проведение", "Организация", "Подготовка", "Разработка", "Мониторинг", "Участие"]
WORDS = ["совещания", "с", "руководителями", "школ", "по", "итогам", "мониторинга", "семинара", "для",
         "педагогов", "методической", "помощи", "кураторов", "проекта", "организаций", "в", "районе"]  # fmt: skip
DEADLINES = ["январь 2022", "февраль – март 2022", "до 5 марта 2022", "IV квартал 2022 г.", "16.02.2022",
             "ежемесячно", "летом 2022", "в течение учебного года", "апрель, август 2022 г."]  # fmt: skip
PEOPLE = ["Иванова И.И.", "Петров П.П.", "муниципальный координатор", "директора школ"]
RESULTS = ["проведено совещание", "подготовлена справка", "утверждён план", "обучены педагоги"]

NOUNS = ["школ", "педагогов", "кураторов", "проекта", "организаций"]
sentences = st.builds(
    lambda verb, words, noun: " ".join([verb, *words, noun]),
    st.sampled_from(VERBS),
    st.lists(st.sampled_from(WORDS), min_size=2, max_size=8),
    st.sampled_from(NOUNS),
)
items = st.tuples(sentences, st.sampled_from(DEADLINES), st.sampled_from(PEOPLE), st.sampled_from(RESULTS))
roadmaps = st.lists(st.lists(items, min_size=1, max_size=5), min_size=1, max_size=4)


def table_rows(sections) -> list[list[str]]:
    rows = [list(HEADERS[0])]
    for s, section in enumerate(sections, start=1):
        rows.append([f"{s}. Раздел номер {s}", "", "", "", ""])
        for i, (action, deadline, people, result) in enumerate(section, start=1):
            rows.append([f"{s}.{i}.", action, deadline, people, result])
    return rows


def items_read(rows: list[list[str]]):
    document = Document(["Дорожная карта на 2022 год"], [Table(rows, extracted=True)])
    roadmap = parse_document(document)
    return [
        (i.number, i.section, " ".join(i.action.split()), i.deadline.text, i.deadline.start, i.deadline.end,
         i.executors, " ".join(i.result.split()))
        for i in roadmap.items
    ]  # fmt: skip


@st.composite
def page_breaks(draw, rows: list[list[str]]) -> list[list[str]]:
    """The rows with page breaks put in: after a break the header again (same or other words), and
    the row at the break perhaps split in two."""
    out = [rows[0]]
    for row in rows[1:]:
        if not draw(st.integers(0, 3)) == 0:
            out.append(row)
            continue
        header = draw(st.sampled_from(HEADERS))
        is_item = bool(row[1])
        if is_item and draw(st.booleans()):
            words = row[1].split()
            cut = draw(st.integers(1, len(words) - 1))
            deadline_first = draw(st.booleans())
            first = [
                row[0],
                " ".join(words[:cut]),
                row[2] if deadline_first else "",
                row[3] if deadline_first else "",
                "",
            ]
            second = [
                "",
                " ".join(words[cut:]),
                "" if deadline_first else row[2],
                "" if deadline_first else row[3],
                row[4],
            ]
            out += [first, header, second]
        else:
            out += [header, row]
    return out


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), sections=roadmaps)
def test_page_breaks_splitting_rows_and_repeating_or_rewording_the_header_never_change_the_items(data, sections):
    rows = table_rows(sections)
    expected = items_read(rows)
    assert len(expected) == sum(len(section) for section in sections)
    assert items_read(data.draw(page_breaks(rows))) == expected


def with_an_empty_column(row: list[str]) -> list[str]:
    """The row under a two-row header «Мероприятия» over «№ | Наименование» whose rows ran together
    (as a PDF without rules gives it): «Мероприятия №» heads an empty column beside the actions."""
    if row in HEADERS:
        return [row[0], "Мероприятия №", *row[1:]]
    return [row[0], "", *row[1:]]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), sections=roadmaps)
def test_a_header_over_an_empty_column_gives_the_actions_to_the_column_that_holds_them(data, sections):
    rows = table_rows(sections)
    expected = items_read(rows)
    broken = data.draw(page_breaks(rows))
    assert items_read([with_an_empty_column(row) for row in broken]) == expected


@settings(max_examples=30, deadline=None)
@given(sections=roadmaps)
def test_a_new_action_with_its_own_deadline_and_no_number_is_a_new_item(sections):
    rows = table_rows(sections)
    rows.append(["", "Подведение итогов реализации проекта", "декабрь 2022", "Иванова И.И.", "справка"])
    read = items_read(rows)
    assert read[-1][:6] == ("", "Раздел номер " + str(len(sections)), "Подведение итогов реализации проекта",
                            "декабрь 2022", read[-1][4], read[-1][5])  # fmt: skip
    assert read[-1][4].month == 12 and len(read) == sum(len(s) for s in sections) + 1


def test_a_row_without_a_number_and_without_a_deadline_of_its_own_continues_the_item():
    rows = table_rows([[("Проведение совещания с руководителями", "март 2022", "Иванова И.И.", "протокол")]])
    rows.append(["", "Подготовка справки", "", "", ""])  # the item's action goes on
    read = items_read(rows)
    assert len(read) == 1 and read[0][2] == "Проведение совещания с руководителями Подготовка справки"


def test_a_reworded_header_is_recognised_by_its_words_roles_and_data_is_not():
    assert all(looks_like_header(header) for header in HEADERS)
    assert looks_like_header(["", "Наименование", "Сроки", "", "Примечание"])
    assert not looks_like_header(["", "Принятие мер по поддержке", "в срок до 1 марта", "", ""])
    assert not looks_like_header(["1", "Мероприятия по информированию", "", "", ""])
    assert not looks_like_header(["Мероприятия"])


def test_numbering_with_sub_levels_and_letters_and_roman_sections():
    rows = [
        ["№", "Мероприятие", "Срок", "Исполнители"],
        ["I", "Организационный этап", "", ""],
        ["1.1.", "Создание рабочей группы", "январь 2022", "Иванова И.И."],
        ["1а", "Утверждение состава группы", "февраль 2022", "Иванова И.И."],
        ["2.3.1", "Анкетирование педагогов", "март 2022", "Петров П.П."],
        ["II.", "Этап реализации", "", ""],
        ["2)", "Семинар для педагогов", "апрель 2022", "Петров П.П."],
        ["Раздел 3. Подведение итогов", "", "", ""],
        ["3.1", "Итоговое совещание", "декабрь 2022", "Петров П.П."],
    ]
    document = Document(["Дорожная карта на 2022 год"], [Table(rows)])
    roadmap = parse_document(document)
    assert [(s.number, s.title) for s in roadmap.sections] == [
        ("I", "Организационный этап"), ("II", "Этап реализации"), ("3", "Подведение итогов")
    ]  # fmt: skip
    assert [(i.number, i.section) for i in roadmap.items] == [
        ("1.1", "Организационный этап"), ("1а", "Организационный этап"), ("2.3.1", "Организационный этап"),
        ("2", "Этап реализации"), ("3.1", "Подведение итогов"),
    ]  # fmt: skip


def test_a_bold_title_row_without_a_number_is_a_section():
    rows = [
        ["№", "Мероприятие", "Срок", "Исполнители"],
        ["", "Организационный этап", "", ""],
        ["1", "Создание рабочей группы", "январь 2022", "Иванова И.И."],
        ["", "Этап реализации", "", ""],
        ["2", "Семинар для педагогов", "апрель 2022", "Петров П.П."],
    ]
    document = Document(["Дорожная карта на 2022 год"], [Table(rows, extracted=True, bold=frozenset({1, 3}))])
    roadmap = parse_document(document)
    assert [s.title for s in roadmap.sections] == ["Организационный этап", "Этап реализации"]
    assert [(i.number, i.section) for i in roadmap.items] == [("1", "Организационный этап"), ("2", "Этап реализации")]


def test_a_bold_title_row_in_word_is_a_section_and_a_plain_one_an_item(tmp_path):
    from docx import Document as WordDocument

    from opora.roadmaps.parse import parse_roadmap

    document = WordDocument()
    document.add_paragraph("Дорожная карта на 2022 год")
    table = document.add_table(rows=0, cols=3)
    rows = [
        (["№", "Мероприятие", "Срок"], False),
        (["", "Организационный этап", ""], True),
        (["1", "Создание рабочей группы", "январь 2022"], False),
        (["", "Подготовка справки", ""], False),
    ]
    for texts, bold in rows:
        for cell, text in zip(table.add_row().cells, texts, strict=True):
            cell.paragraphs[0].add_run(text).bold = bold
    document.save(tmp_path / "karta.docx")
    roadmap = parse_roadmap(tmp_path / "karta.docx")
    assert [s.title for s in roadmap.sections] == ["Организационный этап"]
    assert [(i.number, i.action) for i in roadmap.items] == [
        ("1", "Создание рабочей группы"),
        ("", "Подготовка справки"),
    ]
