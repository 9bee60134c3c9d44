"""The analytic note's content and the consolidated XLSX on the small shared world: what each level
holds, that a municipal coordinator's note holds only their municipality, rights checked again in
the worker, bounded queries, formula-safe sheets."""

import datetime
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.http import Http404

from opora.dashboards import note_content
from opora.dashboards.note_files import build_file
from opora.monitoring.models import Visit, VisitStatus
from opora.roadmaps.models import MonitoringStage
from tests.assessment.worlds import add_lists
from tests.factories import SchoolFactory
from tests.roadmaps.worlds import add_roadmaps

TODAY = datetime.datetime(2026, 8, 10, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def note_world(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(TODAY, tick=False):
        add_lists(world)
        add_roadmaps(world)
        Visit.objects.create(
            school=world.school_a,
            campaign=world.campaign,
            curator=world.users["curator_a"].person,
            status=VisitStatus.HELD,
            planned_on=datetime.date(2026, 8, 1),
            held_on=datetime.date(2026, 8, 1),
        )
        world.stage = MonitoringStage.for_campaign(world.campaign)[0]
        yield world


def docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_regions_note_counts_every_listed_school_and_names_those_needing_attention(note_world):
    w = note_world
    with time_machine.travel(TODAY, tick=False):
        note = note_content.collect(w.users["operator"], w.stage)
    assert note.place == "Тестовая область" and note.period == "с 01.01.2026 по 15.08.2026"
    f = note.figures
    assert (f["schools"], f["curated"], f["visited"], f["visits"]) == (2, 1, 1, 1)
    # Items: the region's 1.1 (done at this stage), M's and M2's 1.1, A's 1 — the other three overdue.
    assert (f["items"], f["done"], f["overdue"]) == (4, 1, 3)
    attention = {row["name"]: row["reasons"] for row in note.attention}
    assert "не назначен куратор" in attention["МКОУ «ООШ с. Тохтор»"]
    assert "просрочено мероприятий дорожной карты: 1" in attention["МБОУ «СОШ № 1»"]
    assert any("включает 2 школы; куратор назначен в 1 из них (50,0 %)" in line for line in note.summary)
    assert any("провели 1 визит в 1 школе (50,0 % школ перечня)" in line for line in note.summary)
    assert [m["municipality"] for m in note.by_municipality] == ["Северный район", "Южный район"]
    assert [year for year, _ in note.low_shares] == [2024, 2025]
    # The indicators of opora.indicators, with their targets and colours, as the dashboards show them.
    assert note.indicators and all({"name", "unit", "target", "value", "colour"} <= set(r) for r in note.indicators)
    curated = next(r for r in note.indicators if "куратор" in r["name"].lower())
    assert curated["value"].startswith("50")


def test_a_municipal_coordinators_note_holds_only_their_municipality(note_world):
    w = note_world
    municipal = w.users["municipal"]
    with time_machine.travel(TODAY, tick=False):
        data, name = build_file(municipal, {"stage": w.stage.pk, "municipality": w.m.pk, "fmt": "docx"})
        text = docx_text(data)
        assert name == f"spravka-2026-m{w.m.pk}.docx"
        assert "Северный район" in text and "МБОУ «СОШ № 1»" in text and "Назначение кураторов" in text
        assert "Тохтор" not in text and "Южн" not in text and "Тестовой области" not in text
        # The region's note and another municipality's are refused in the worker too.
        with pytest.raises(PermissionDenied):
            build_file(municipal, {"stage": w.stage.pk, "municipality": "", "fmt": "docx"})
        with pytest.raises(Http404):
            build_file(municipal, {"stage": w.stage.pk, "municipality": w.m2.pk, "fmt": "docx"})
        other_stage = MonitoringStage.for_campaign(w.other_campaign)[0]
        with pytest.raises(Http404):
            build_file(w.users["operator"], {"stage": other_stage.pk, "municipality": "", "fmt": "docx"})


def test_the_docx_has_every_section_and_a_chart_image(note_world):
    w = note_world
    with time_machine.travel(TODAY, tick=False):
        data, name = build_file(w.users["coordinator"], {"stage": w.stage.pk, "municipality": "", "fmt": "docx"})
    text = docx_text(data)
    for title in ("АНАЛИТИЧЕСКАЯ СПРАВКА", "1. Основные итоги", "2. Показатели реализации",
                  "3. Сведения по муниципалитетам", "4. Динамика и структура (диаграммы)",
                  "5. Школы, требующие внимания", "6. Мероприятия, выполненные за период",
                  "7. Просроченные мероприятия", "Селекторное совещание с МОУО", "(подпись)"):  # fmt: skip
        assert title in text, title
    assert name == "spravka-2026-region.docx"
    assert data.count(b"word/media/image") >= 2  # the charts are pictures in the file


def test_the_consolidated_xlsx_has_a_sheet_per_part_frozen_headers_and_no_formulas(note_world):
    from openpyxl import load_workbook

    w = note_world
    SchoolFactory(municipality=w.m, short_name='=HYPERLINK("http://x.example","СОШ")', fis_oko_login="sch420009")
    with time_machine.travel(TODAY, tick=False):
        data, name = build_file(w.users["municipal"], {"stage": w.stage.pk, "municipality": w.m.pk, "fmt": "xlsx"})
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Справка", "Перечень и кураторы", "Рисковые профили", "Документы", "Визиты",
                               "Дорожные карты", "Мероприятия", "Показатели"]  # fmt: skip
    listed = book["Перечень и кураторы"]
    assert listed.freeze_panes == "A2" and listed.print_title_rows == "$1:$1"
    assert [row[1] for row in listed.iter_rows(min_row=2, values_only=True)] == ["МБОУ «СОШ № 1»"]
    visits = book["Визиты"]
    assert next(visits.iter_rows(min_row=2, values_only=True))[1] == "МБОУ «СОШ № 1»"
    items = [row[2] for row in book["Дорожные карты"].iter_rows(min_row=2, values_only=True)]
    assert "Назначение кураторов" in items and "Совещание в Южном районе" not in items
    assert book["Дорожные карты"].cell(3, 3).alignment.wrap_text  # long actions wrap when printed
    every = "\n".join(str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row if v)
    assert "Тохтор" not in every and name.endswith(".xlsx")
    formulas = [c for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []


def test_the_content_takes_as_many_queries_for_ten_schools_as_for_two(note_world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from opora.assessment.models import ListedSchool

    w = note_world

    def queries() -> int:
        with time_machine.travel(TODAY, tick=False), CaptureQueriesContext(connection) as captured:
            note = note_content.collect(w.users["operator"], w.stage)
        return len(captured.captured_queries), note.figures["schools"]

    queries()  # the first read seeds the document kinds and the indicator library
    two = queries()
    for number in range(8):
        school = SchoolFactory(municipality=w.m2, short_name=f"МБОУ «СОШ № {number + 10}»")
        ListedSchool.objects.create(identification=w.approved, school=school, rule_listed=True)
    ten = queries()
    assert (two[1], ten[1]) == (2, 10)
    assert ten[0] == two[0] <= 60
