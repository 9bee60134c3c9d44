"""The curator's stage report printed from its DOCX: A4 portrait, the heading with the stage and the
school, the facts in tables whose header repeats on every page, the curator's text, the signature."""

import datetime

import pytest

from opora.registry.models import Campaign, Municipality, Person, School
from opora.reports.models import StageReport
from opora.reports.stage_report_docx import build_docx
from opora.roadmaps.models import MonitoringStage

from .printing import READABLE_POINTS, broken_words, ink, read_pages

pytestmark = pytest.mark.documents

SCHOOL = "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 7 с. Тохтор»"
CONCLUSIONS = (
    "Школа выполняет дорожную карту с отставанием: из 40 мероприятий просрочено 36.\n"
    "Рекомендую управленческой команде еженедельно рассматривать исполнение на совещании при директоре."
)


def facts() -> dict:
    """A school with much to say: long tables that run over several pages."""
    return {
        "as_of": "14.08.2026 10:30",
        "general": {
            "school": SCHOOL,
            "short_name": "МБОУ «СОШ № 7 с. Тохтор»",
            "municipality": "Тохторский муниципальный район",
            "login": "sch420007",
            "curator": "Иванова Анна Петровна",
            "stage": "Промежуточный мониторинг",
            "due": "15.08.2026",
            "period": "с 01.01.2026 по 15.08.2026",
            "campaign": 2026,
            "listed": "входит в утверждённый перечень ШНОР",
        },
        "visits": {
            "available": True,
            "held": 3,
            "planned": 1,
            "rows": [
                {
                    "date": f"{day:02d}.0{month}.2026",
                    "format": "очно",
                    "status": "проведён",
                    "summary": "Цель: посещение уроков математики в 5–6 классах\n"
                    "Сделано: посещение урока, встреча с управленческой командой\n"
                    "Выводы: задания на уроках не дифференцированы по уровню подготовки обучающихся",
                }
                for day, month in ((14, 3), (11, 4), (19, 5))
            ],
            "open_recommendations": [
                {
                    "text": "Разработать разноуровневые задания по математике",
                    "deadline": "20.05.2026",
                    "who": "Петрова М.И., заместитель директора",
                    "status": "к выполнению (срок прошёл)",
                },
            ],
        },
        "documents": {
            "rows": [
                {"name": "Концепция развития", "status": "ОДОБРЕНО", "since": "12.04.2026", "code": "approved"},
                {
                    "name": "Среднесрочная программа развития",
                    "status": "на доработку",
                    "since": "20.04.2026",
                    "code": "returned",
                },
                {
                    "name": "Антирисковая программа: Низкая учебная мотивация обучающихся",
                    "status": "на проверке",
                    "since": "02.05.2026",
                    "code": "submitted",
                },
            ],
            "approved": 1,
            "total": 3,
        },
        "risks": {
            "profile": True,
            "verified": True,
            "rows": [
                {
                    "factor": "Низкая учебная мотивация обучающихся",
                    "level": "высокий",
                    "code": "high",
                    "activated": "подтверждено",
                },
                {"factor": "Дефицит педагогических кадров", "level": "средний", "code": "medium", "activated": ""},
            ],
            "activated": ["Низкая учебная мотивация обучающихся"],
        },
        "roadmap": {
            "roadmap": True,
            "title": "План мероприятий по повышению качества образования",
            "status": "утверждена",
            "items": 40,
            "done": 4,
            "partly": 0,
            "not_done": 0,
            "no_report": 36,
            "overdue_count": 36,
            "overdue": [
                {
                    "number": f"{n}",
                    "action": f"Проведение методического семинара для учителей № {n} "
                    "по формированию функциональной грамотности обучающихся",
                    "deadline": "до 30.06.2026",
                }
                for n in range(5, 41)
            ],
            "as_of": "14.08.2026",
        },
        "results": {
            "years": [2023, 2024, 2025, 2026],
            "rows": [
                {"procedure": "ВПР 5 РУ", "shares": [35.0, 40.0, 31.5, None]},
                {"procedure": "ОГЭ МА", "shares": [22.2, 30.0, 25.0, 18.7]},
            ],
        },
    }


@pytest.fixture(scope="module")
def printed(print_to_pdf, tmp_path_factory):
    campaign = Campaign(year=2026)
    report = StageReport(
        school=School(short_name="МБОУ «СОШ № 7 с. Тохтор»", fis_oko_login="sch420007",
                      municipality=Municipality(name="Тохторский муниципальный район")),
        campaign=campaign,
        stage=MonitoringStage(campaign=campaign, number=1, title="Промежуточный мониторинг",
                              due=datetime.date(2026, 8, 15)),
        curator=Person(last_name="Иванова", first_name="Анна", middle_name="Петровна"),
        status="submitted",
        note_visits="Визиты проведены по графику, кроме июня (каникулы).",
        conclusions=CONCLUSIONS,
        submitted_at=datetime.datetime(2026, 8, 14, 7, 30, tzinfo=datetime.UTC),
    )  # fmt: skip
    folder = tmp_path_factory.mktemp("stage-report")
    docx = folder / "otchet-kuratora.docx"
    docx.write_bytes(build_docx(report, facts()))
    (pdf,) = print_to_pdf(docx)
    return read_pages(pdf)


def test_the_report_prints_on_portrait_a4_with_its_heading_first(printed):
    assert all(page.is_a4_portrait for page in printed), [(p.width, p.height) for p in printed]
    assert 2 <= len(printed) <= 6
    first = printed[0].text
    assert "ОТЧЁТ КУРАТОРА" in first and "Промежуточный мониторинг" in first and "Тохтор" in first


def test_the_overdue_table_repeats_its_header_on_every_page_it_runs_over(printed):
    pages = [page for page in printed if "семинара" in page.text]
    assert len(pages) >= 2
    for page in pages:
        assert {"№", "Мероприятие", "Сроки"} <= set(page.words), page.text[:300]


def test_every_section_the_curators_text_and_the_signature_are_printed(printed):
    text = "\n".join(page.text for page in printed)
    for number, title in enumerate(
        ("Общие сведения", "Визиты и их результаты", "Документы школы", "Рисковый профиль",
         "Исполнение дорожной карты", "Динамика результатов", "Выводы и рекомендации куратора"), 1
    ):  # fmt: skip
        assert f"{number}. {title}" in text, title
    assert "31,5" in text and "Визиты проведены по графику" in text
    last = printed[-1].text
    assert "Куратор" in last and "(подпись)" in last and "Иванова А.П." in last and "14.08.2026" in last
    assert broken_words(printed, [SCHOOL, CONCLUSIONS]) == []


def test_the_text_is_large_enough_and_keeps_the_margins(printed):
    assert min(page.font_size for page in printed) >= READABLE_POINTS
    for number, page in enumerate(printed, 1):
        marks = ink(page.png)
        assert marks.share > 0.002, f"страница {number} пустая"
        edges = {"слева": marks.left, "сверху": marks.top, "справа": marks.right, "снизу": marks.bottom}
        assert min(edges.values()) >= 0.02, f"страница {number}: печать у края листа {edges}"
