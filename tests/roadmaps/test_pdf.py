"""PDF in: the typed Word and Excel roadmaps printed to PDF by LibreOffice (tests/fixtures/roadmaps/pdf,
made by tests/roadmaps/make_pdf_fixtures.py) parse like their Word source, item by item; line-end
hyphenation and words cut at a narrow cell's edge are joined back; a scan, a PDF bomb and a PDF of
2,000 pages are refused with a Russian message."""

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opora.roadmaps.cli import main as cli_main
from opora.roadmaps.parse import RoadmapError, parse_roadmap, parse_roadmap_bytes
from opora.roadmaps.pdf_cell_text import Line, add_letter_statistics, count_words, join_lines
from opora.roadmaps.pdf_tables import MAX_PAGES
from tests.paths import ROADMAP_FIXTURES
from tests.roadmaps.builders import LAYOUTS, build_xlsx, minimal_pdf
from tests.roadmaps.make_pdf_fixtures import FILES, SHAPES, word_source
from tests.roadmaps.test_fixtures import parsed

PDFS = ROADMAP_FIXTURES / "pdf"
# Every printed layout reads like its Word source: ruled and unruled, landscape and portrait with
# narrow columns — an unruled header over an empty column («Мероприятия» over «№ | Наименование»)
# and a header repeated on each page included.
READ_LIKE_WORD = [(name, shape) for name in FILES for shape in SHAPES]


def _letters(text: str) -> str:
    # The words of a cell, whatever the spaces between them (a line break in a narrow cell).
    return re.sub(r"\s+", "", text)


def items_of(roadmap) -> list[tuple]:
    return [
        (
            item.number,
            item.section,
            _letters(item.action),
            " ".join(item.deadline.text.split()),
            item.deadline.start,
            item.deadline.end,
            item.deadline.recurrence,
            item.deadline.periods,
            _letters("".join(item.executors)),
            _letters(item.result),
        )
        for item in roadmap.items
    ]


@cache
def word_roadmap(name: str, shape: str, folder: Path):
    return parse_roadmap(word_source(name, shape, folder))


@cache
def pdf_roadmap(name: str, shape: str):
    return parse_roadmap(PDFS / f"{name}-{shape}.pdf")


@pytest.fixture(scope="module")
def word_folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("word")


@pytest.mark.parametrize(("name", "shape"), READ_LIKE_WORD)
def test_a_printed_roadmap_parses_like_its_word_source_item_by_item(name, shape, word_folder):
    word = word_roadmap(name, shape, word_folder)
    pdf = pdf_roadmap(name, shape)
    assert (pdf.title, pdf.year, pdf.school_year, pdf.columns) == (
        word.title,
        word.year,
        word.school_year,
        word.columns,
    )
    assert [(s.number, s.title) for s in pdf.sections] == [(s.number, s.title) for s in word.sections]
    assert items_of(pdf) == items_of(word)


def _words(text: str) -> str:
    # (A space typed after a hyphen, «школы- партнера», cannot be told in a PDF from a line break.)
    return re.sub(r"(?<=\w)- ", "-", " ".join(text.split()))


def test_the_actions_of_printed_roadmaps_read_word_for_word_as_in_word(word_folder):
    # The spaces too: a whole word that fills a narrow cell's line keeps its space before the next
    # line («Актуализация пакета»), a word cut at the cell's edge is joined back («общеобразова» +
    # «тельных»). The goal: 97 % of all items.
    same = total = 0
    for name, shape in READ_LIKE_WORD:
        word, pdf = word_roadmap(name, shape, word_folder), pdf_roadmap(name, shape)
        pairs = list(zip(word.items, pdf.items, strict=True))
        same += sum(_words(a.action) == _words(b.action) for a, b in pairs)
        total += len(pairs)
    assert same / total >= 0.97, f"{same} of {total}"


def test_a_word_cut_at_a_cells_edge_just_before_a_page_break_comes_out_whole():
    # «общеобразова» ends page 5 of the unruled print, «тельных организаций» begins page 6;
    # «Муниципальн» | «ый координатор» likewise in the executors of aksha's item 22.
    leninsk = {item.number: _words(item.action) for item in pdf_roadmap("leninsk", "portrait-unruled").items}
    assert leninsk["14"].startswith("Совещание с руководителями общеобразовательных организаций «Об изучении")
    aksha = {item.number: item.executors for item in pdf_roadmap("aksha", "portrait-unruled").items}
    assert aksha["22"] == ["Муниципальный координатор", "Рабочая группа КО", "Руководители РМО"]


def test_a_line_cut_where_the_text_may_not_break_is_joined_back():
    # No line may break at the space after «(» or before «.»: «Документы( Концепция» and
    # «образования .Реализация» are one unit each, cut at the cell's edge like a long word.
    for shape in ("landscape-ruled", "portrait-narrow"):
        results = {item.number: _words(item.result) for item in pdf_roadmap("aksha", shape).items}
        assert results["7"].startswith("Документы( Концепция развития, ДК) размещены")
    results = {item.number: _words(item.result) for item in pdf_roadmap("aksha", "landscape-ruled").items}
    assert "качества образования .Реализация мероприятий" in results["17"]


def test_in_a_wide_cell_that_no_line_fills_a_short_line_ends_its_paragraph():
    # The executors column of the landscape print is wider than its longest line: where the lines
    # stop is the cell's side less its padding, not the rightmost text, so «ОО» is an executor of
    # its own, not the tail of «Калькина С.Ю.».
    items = {item.number: item.executors for item in pdf_roadmap("leninsk", "landscape-ruled").items}
    assert items["4"] == ["Ласкожевская Е.В.", "Калькина С.Ю.", "ОО"]
    assert items["30"] == ["Ласкожевская Е.В.", "муниципальная рабочая группа", "ОО"]


def test_two_whole_words_meeting_at_letters_that_no_word_holds_side_by_side_keep_their_space():
    # «методических» fills the narrow cell's line, «десантов» begins the next; no word of the
    # document holds «хд», so they are two words, not one cut at the edge.
    for shape in ("portrait-narrow", "portrait-unruled"):
        actions = {item.number: _words(item.action) for item in pdf_roadmap("aksha", shape).items}
        assert "деятельности методических десантов" in actions["22"]


def test_a_roadmap_printed_from_excel_parses_like_the_workbook(tmp_path):
    workbook = parse_roadmap(build_xlsx(tmp_path / "karpinsk.xlsx", parsed(FILES["karpinsk"]), LAYOUTS["karpinsk"]))
    pdf = parse_roadmap(PDFS / "karpinsk-excel.pdf")
    assert [(s.number, s.title) for s in pdf.sections] == [(s.number, s.title) for s in workbook.sections]
    assert items_of(pdf) == items_of(workbook)


def test_the_words_of_narrow_cells_come_out_whole():
    roadmap = parse_roadmap(PDFS / "leninsk-portrait-narrow.pdf")
    first = roadmap.items[0].action
    # «муниципально|й», «общеобразова|тельных» were cut at the cell's edge without a hyphen.
    assert first.startswith("Создание муниципальной рабочей группы по вопросам повышения качества образования в "
                            "общеобразовательных организациях")  # fmt: skip
    assert roadmap.items[2].executors == ["Ласкожевская Е.В.", "Копейкина Л.М.", "муниципальная рабочая группа"]


def test_the_command_line_reads_aminimal_pdf(capsys):
    assert cli_main([str(PDFS / "karpinsk-landscape-ruled.pdf"), "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert "пунктов: 40" in out and "Разделов: 5" in out


# -- line ends -----------------------------------------------------------------------------------

VOCABULARY = Counter({"школ": 3, "\x00школ": 2, "участниц": 1})


@pytest.mark.parametrize(
    ("before", "after", "joined"),
    [
        ("работа органи-", "зации и школ", "работа организации и школ"),
        ("на 2021-", "2022 год", "на 2021-2022 год"),
        ("Февраль-", "март 2022", "Февраль-март 2022"),
        ("посещение школ-", "участниц проекта", "посещение школ-участниц проекта"),
        ("научно-", "методический центр", "научно-методический центр"),
        ("Ласкожевская", "Е.В.", "Ласкожевская Е.В."),
    ],
)
def test_a_line_end_hyphen_goes_when_it_cut_a_word_and_stays_when_it_is_the_texts(before, after, joined):
    assert join_lines(before, after, wrapped=True, at_edge=False, vocabulary=VOCABULARY) == joined


@pytest.mark.parametrize(
    ("before", "after", "joined"),
    [
        ("Участие в анкетировани", "и участников", "Участие в анкетировании участников"),  # a tail ending
        ("Организация муниципальн", "ых этапов", "Организация муниципальных этапов"),
        ("в общеобразова", "тельных организациях", "в общеобразовательных организациях"),  # no piece is a word
        ("школ с низкими образовательным", "и результатами", "школ с низкими образовательными результатами"),
    ],
)
def test_a_word_cut_at_a_narrow_cells_edge_is_joined_back(before, after, joined):
    # (The document writes «образовательными» elsewhere.)
    vocabulary = Counter({"образовательными": 1, "\x00и": 3, "\x00организациях": 2})
    assert join_lines(before, after, wrapped=True, at_edge=True, vocabulary=vocabulary) == joined


def test_a_whole_word_at_a_cells_edge_keeps_its_space():
    vocabulary = Counter({"\x00муниципальной": 2, "\x00дорожной": 1})
    assert join_lines("Разработка муниципальной", "дорожной карты", True, True, vocabulary) == (
        "Разработка муниципальной дорожной карты"
    )


def _document_vocabulary(lines: list[str]) -> Counter:
    """The vocabulary of a document whose lines hold these words, each line full to the edge."""
    counts: Counter = Counter()
    for text in lines:
        words, x = [], 0.0
        for word in text.split():
            words.append({"text": word, "x0": x, "x1": x + 6 * len(word)})
            x += 6 * len(word) + 3
        count_words([Line(words)], counts, right=x - 3)
    add_letter_statistics(counts)
    return counts


DOCUMENT = [
    "Организация и координация работы по реализации проекта в школах района",
    "Информация о проведении мониторинга качества подготовки педагогов и анализ работы",
    "Консультации для педагогов по вопросам организации методической помощи",
    "Корректировка плана работы по результатам проведения диагностики в организациях",
    "Презентация опыта работы школ с участием педагогических работников и партнеров",
    "Работа с основными и новыми программами, помощь образовательным организациям",
]


@pytest.mark.parametrize(
    ("before", "after", "joined"),
    [
        # Whole words that fill a line: the document's words end in «-ция», «-ии» and begin with
        # «па-», «пе-»; no word ends in «-иии».
        ("Актуализация", "пакета НПБ", "Актуализация пакета НПБ"),
        ("квалификации", "педагогов", "квалификации педагогов"),
        ("квалификации", "и переподготовки", "квалификации и переподготовки"),
        ("методических", "десантов", "методических десантов"),  # no word holds «хд»
        # Words cut at the edge: an ending after a piece that ends as no word does.
        ("образовательн", "ых организаций", "образовательных организаций"),
        ("координаторо", "в.", "координаторов."),
        ("эффективност", "и работы", "эффективности работы"),
        ("общеобразователь", "ной школы", "общеобразовательной школы"),
        # «образовательным» is a word of the document, but «-ыми» ends its words more than «-ным».
        ("образовательным", "и результатами", "образовательными результатами"),
    ],
)
def test_a_full_line_of_one_word_is_a_cut_word_or_a_whole_one_by_the_documents_letters(before, after, joined):
    vocabulary = _document_vocabulary(DOCUMENT)
    assert join_lines(before, after, wrapped=True, at_edge=True, vocabulary=vocabulary) == joined


def test_a_case_ending_joins_a_piece_that_ends_like_the_documents_words():
    # Its words end in «-ным» often and in «-ыми» never, yet «эффективным» + «и» is «эффективными»:
    # «-ыми» is an ending of the instrumental plural (and «квалификации» + «и» stays two words: see
    # the test above).
    vocabulary = _document_vocabulary(["Работа с активным и полным составом по важным и срочным вопросам"] * 3)
    assert join_lines("с эффективным", "и формами", True, True, vocabulary) == "с эффективными формами"


def test_a_line_that_ended_short_of_the_edge_ends_a_paragraph():
    assert (
        join_lines("Рабочая группа КО", "Председатель КО", True, False, Counter())
        == "Рабочая группа КО\nПредседатель КО"
    )
    assert join_lines("Иванова И.И.", "Петров П.П.", False, False, Counter()) == "Иванова И.И.\nПетров П.П."
    assert join_lines("по блокам:", "- «Кадры»", True, False, Counter()) == "по блокам:\n- «Кадры»"


WORDS = ["организации", "мероприятий", "сопровождение", "образовательных", "муниципальной", "координатора"]


@settings(max_examples=200, deadline=None)
@given(words=st.lists(st.sampled_from(WORDS), min_size=2, max_size=8), data=st.data())
def test_hyphenating_a_word_at_a_line_end_never_changes_the_text(words, data):
    text = " ".join(words)
    index = data.draw(st.integers(0, len(words) - 1))
    word = words[index]
    cut = data.draw(st.integers(2, len(word) - 2))
    before = " ".join([*words[:index], word[:cut] + "-"])
    after = " ".join([word[cut:], *words[index + 1 :]])
    assert join_lines(before, after, wrapped=True, at_edge=False, vocabulary=Counter(words)) == text


# -- refused PDFs --------------------------------------------------------------------------------


def test_a_scan_without_a_text_layer_gets_a_clear_message():
    drawing = b"0 0 0 rg 50 50 400 600 re f"  # a page with a picture and no text
    with pytest.raises(RoadmapError, match="нет текстового слоя: похоже, это скан"):
        parse_roadmap_bytes(minimal_pdf(2, drawing), "skan.pdf")


def test_a_pdf_of_two_thousand_pages_is_refused_before_its_pages_are_read():
    assert MAX_PAGES < 2000
    with pytest.raises(RoadmapError, match="2\u00a0000 страниц"):
        parse_roadmap_bytes(minimal_pdf(2000), "tolstaya.pdf")


def test_a_pdf_bomb_is_refused_before_it_is_inflated():
    data = minimal_pdf(1, inflated_mb=300)
    assert len(data) < 1024 * 1024
    with pytest.raises(RoadmapError, match="распаковывается в слишком большой объём"):
        parse_roadmap_bytes(data, "bomba.pdf")


def test_a_broken_pdf_is_refused_with_a_message():
    with pytest.raises(RoadmapError, match="не открывается как документ PDF"):
        parse_roadmap_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 100, "slomannyi.pdf")


# -- through the web -----------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _upload(client, world, name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    return client.post(
        reverse("roadmaps:import") + f"?campaign={world.campaign.pk}",
        {"level": "region", "year": "", "file": SimpleUploadedFile(name, data)},
    )


@pytest.mark.django_db
def test_a_pdf_order_is_imported_through_the_web_and_its_year_unlike_the_campaigns_warns(world, client_as, media):
    from opora.roadmaps.models import RoadmapImport

    client = client_as(world.users["operator"])
    response = _upload(client, world, "prikaz.pdf", (PDFS / "karpinsk-landscape-ruled.pdf").read_bytes())
    assert response.status_code == 302, response.context and response.context["form"].errors
    record = RoadmapImport.objects.get()
    assert len(record.parsed["items"]) == 40 and record.parsed["year"] == 2022
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="year-mismatch"' in page  # the 2022 order loaded into the 2026 campaign
    assert f"Документ на 2022 год, а кампания — {world.campaign.year} года." in page


@pytest.mark.django_db
def test_a_scanned_pdf_is_refused_on_the_import_page_with_the_reason(world, client_as, media):
    from opora.roadmaps.models import Roadmap

    client = client_as(world.users["operator"])
    response = _upload(client, world, "skan.pdf", minimal_pdf(1, b"0 0 0 rg 50 50 400 600 re f"))
    # Its pages are read by the task worker: the page it leads to gives the reason.
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Документ не прочитан" in page and "нет текстового слоя: похоже, это скан" in page
    assert not Roadmap.objects.exists()
