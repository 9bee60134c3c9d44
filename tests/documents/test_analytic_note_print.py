"""The analytic note printed: its DOCX converted to PDF by the note's own converter (LibreOffice),
read page by page — A4 portrait, the title block first, tables whose header repeats on every page
they run over, the charts printed, nothing at the edge of the sheet, no blank page, the signature."""

import datetime

import pytest

from opora.dashboards.note_content import Note, summary
from opora.dashboards.note_docx import build_docx
from opora.dashboards.note_pdf import NO_LIBREOFFICE, docx_to_pdf

from .printing import READABLE_POINTS, broken_words, ink, read_pages

pytestmark = pytest.mark.documents

REASON = "не загружен: Антирисковая программа: Низкая учебная мотивация обучающихся"


def note() -> Note:
    """A region with much to say: long lists that run over several pages."""
    schools = [
        {
            "id": n,
            "name": f"МБОУ «Средняя общеобразовательная школа № {n} с. Тохтор»",
            "municipality": "Тохторский муниципальный район" if n % 2 else "Городской округ Приморский",
            "login": f"sch42{n:04d}",
            "curators": "Иванова А.П.",
            "visits": n % 3,
            "gap": 75 if n % 4 == 0 else None,
            "overdue": n % 5,
            "reasons": ["не назначен куратор", REASON] if n % 2 else ["нет визита куратора 75 дн. (норма 60)"],
        }
        for n in range(1, 41)
    ]
    result = Note(
        region="Тестовая область",
        place="Тестовая область",
        municipality_id=None,
        stage="Промежуточный мониторинг",
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 8, 15),
        as_of=datetime.date(2026, 8, 10),
        author="Петрова Мария Ивановна",
        campaign_year=2026,
        figures={
            "schools": 40,
            "curated": 20,
            "visited": 27,
            "visits": 41,
            "gaps": 10,
            "documents": 160,
            "approved": 90,
            "items": 420,
            "done": 180,
            "overdue": 35,
            "attention": 40,
        },
        indicators=[
            {
                "name": "Доля ШНОР, в которых назначены кураторы",
                "unit": "%",
                "target": "100",
                "value": "50,0",
                "colour": "red",
            },
            {
                "name": "Доля исполненных мероприятий дорожных карт",
                "unit": "%",
                "target": "50",
                "value": "42,9",
                "colour": "yellow",
            },
            {
                "name": "Количество онлайн-сессий для управленческих команд",
                "unit": "ед.",
                "target": "5",
                "value": "6",
                "colour": "green",
            },
        ],
        by_municipality=[
            {
                "municipality": "Тохторский муниципальный район",
                "schools": 20,
                "curated": 0,
                "visited": 13,
                "attention": 20,
            },
            {
                "municipality": "Городской округ Приморский",
                "schools": 20,
                "curated": 20,
                "visited": 14,
                "attention": 20,
            },
        ],
        documents={"missing": 30, "draft": 10, "submitted": 20, "returned": 10, "approved": 90},
        execution={"done": 180, "partly": 40, "not_done": 20, "": 180},
        low_shares=[(2023, 31.5), (2024, 28.0), (2025, 22.4), (2026, 18.7)],
        attention=schools,
        executed=[
            {
                "owner": "Тестовая область",
                "number": f"1.{n}",
                "action": "Селекторное совещание с МОУО по вопросам реализации программы",
                "deadline": "до 10.02.2026",
                "school_id": None,
            }
            for n in range(1, 6)
        ],
        overdue=[
            {
                "owner": f"МБОУ «СОШ № {n} с. Тохтор»",
                "number": str(n),
                "action": "Проведение методического "
                f"семинара для учителей № {n} по формированию функциональной грамотности обучающихся",
                "deadline": "до 30.06.2026",
                "school_id": n,
            }
            for n in range(1, 36)
        ],
        schools=schools,
    )
    result.summary = summary(result)
    return result


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    import shutil

    from tests.conftest import missing

    if not shutil.which("soffice"):
        missing("LibreOffice не установлен (apt-get install libreoffice-writer-nogui)")
    folder = tmp_path_factory.mktemp("analytic-note")
    pdf = folder / "spravka.pdf"
    pdf.write_bytes(docx_to_pdf(build_docx(note())))
    return read_pages(pdf)


def test_the_note_prints_on_portrait_a4_with_its_title_block_first(printed):
    assert all(page.is_a4_portrait for page in printed), [(p.width, p.height) for p in printed]
    assert 4 <= len(printed) <= 14
    first = printed[0].text
    assert "АНАЛИТИЧЕСКАЯ СПРАВКА" in first and "за период с 01.01.2026 по 15.08.2026" in first
    assert "Дата составления: 10.08.2026" in first and "1. Основные итоги" in first
    assert "40 школ; куратор назначен в 20 из них (50,0 %)" in first.replace("\n", " ")


def test_long_tables_repeat_their_header_on_every_page_they_run_over(printed):
    pages = [page for page in printed if "семинара" in page.text]
    assert len(pages) >= 2
    for page in pages:
        assert {"№", "Мероприятие", "Срок"} <= set(page.words), page.text[:300]
    schools = [page for page in printed if "Тохтор»" in page.text and "мотивация" in page.text]
    assert len(schools) >= 2
    for page in schools:
        assert "Муниципалитет" in page.words, page.text[:300]


def test_every_section_the_charts_and_the_signature_are_printed(printed):
    text = "\n".join(page.text for page in printed)
    for title in ("2. Показатели реализации", "3. Сведения по муниципалитетам", "Рисунок 1.", "Рисунок 3.",
                  "5. Школы, требующие внимания", "7. Просроченные мероприятия", "42,9"):  # fmt: skip
        assert title in text, title
    last = printed[-1].text
    assert "Составил(а)" in last and "(подпись)" in last and "Петрова Мария Ивановна" in last
    assert broken_words(printed, [REASON]) == []


def test_no_blank_page_and_nothing_at_the_edges(printed):
    assert min(page.font_size for page in printed) >= READABLE_POINTS
    for number, page in enumerate(printed, 1):
        marks = ink(page.png)
        assert marks.share > 0.002, f"страница {number} пустая"
        edges = {"слева": marks.left, "сверху": marks.top, "справа": marks.right, "снизу": marks.bottom}
        assert min(edges.values()) >= 0.02, f"страница {number}: печать у края листа {edges}"


def test_without_libreoffice_the_user_is_told_in_russian(monkeypatch):
    from django.core.exceptions import ValidationError

    monkeypatch.setattr("shutil.which", lambda name: None)
    with pytest.raises(ValidationError) as error:
        docx_to_pdf(b"PK")
    assert error.value.messages == [NO_LIBREOFFICE]
