"""Roadmaps in the database: import and preview, editing, reports, overdue, my items, copies, exports."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from opora.registry.models import Person
from opora.roadmaps import services
from opora.roadmaps.calendar import items_ical
from opora.roadmaps.exports import build_docx, build_xlsx
from opora.roadmaps.models import Item, ItemReport, MonitoringStage, RoadmapChange, RoadmapImport
from opora.roadmaps.services import my_items
from tests.paths import ROADMAP_FIXTURES

from .worlds import add_roadmaps

FIXTURES = ROADMAP_FIXTURES


TODAY = datetime.datetime(2026, 6, 1, 10, 0, tzinfo=ZoneInfo("Europe/Moscow"))


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def read(world, name, **owner):
    path = FIXTURES / name
    return services.roadmap_import_read(
        campaign=world.campaign,
        level=owner.pop("level", "municipality"),
        municipality=owner.get("municipality"),
        school=owner.get("school"),
        upload=SimpleUploadedFile(name, path.read_bytes()),
        year=None,
        user=world.users["operator"],
    )


def test_karpinsk_order_becomes_a_roadmap_with_sections_items_and_dates(world, media):
    record = read(world, "karpinsk-2022-municipal.md", municipality=world.m)
    roadmap = services.roadmap_import_save(record=record, title="", user=world.users["operator"])
    assert roadmap.year == 2022 and roadmap.items.count() == 40
    first = roadmap.items.get(number="1.2")
    assert first.deadline_text == "февраль – март 2022"
    assert (first.start, first.end) == (datetime.date(2022, 2, 1), datetime.date(2022, 3, 31))
    assert first.section.number == "1"
    assert roadmap.source_file.name == record.file.name


def test_preview_corrections_reread_the_deadline_and_clear_its_warning(world, media):
    record = read(world, "aksha-2022-municipal.txt", municipality=world.m)
    index = next(i for i, item in enumerate(record.parsed["items"]) if item["number"] == "9")
    assert record.parsed["items"][index]["deadline"]["warnings"]
    services.preview_apply_edits(record, {index: {"deadline": "20-30 мая 2022"}})
    item = RoadmapImport.objects.get(pk=record.pk).parsed["items"][index]
    assert item["deadline"] == {
        "text": "20-30 мая 2022",
        "start": "2022-05-20",
        "end": "2022-05-30",
        "recurrence": None,
        "periods": [],
        "warnings": [],
    }


def test_a_document_without_a_roadmap_is_refused_in_russian_and_kept(world, media):
    with pytest.raises(ValidationError) as error:
        services.roadmap_import_read(
            campaign=world.campaign,
            level="region",
            upload=SimpleUploadedFile("letter.txt", "Просто письмо без таблиц.".encode()),
            year=2026,
            user=world.users["operator"],
        )
    assert "не найдена таблица дорожной карты" in error.value.messages[0]
    assert RoadmapImport.objects.get().file


@pytest.fixture
def plans(world, media):
    # The world's items end in February–March 2026: the tests see them from 1 June 2026, whatever
    # the day they run (overdue, the current monitoring stage, reports dated after the end).
    with time_machine.travel(TODAY, tick=False):
        add_roadmaps(world)
        yield world


def edit(item, **changes):
    return services.item_values(item) | changes


def test_changes_to_an_approved_roadmap_are_kept_as_history(plans):
    item = plans.regional_item
    services.item_update(item=item, data=edit(item, deadline_text="до 20 февраля 2026"), user=plans.users["operator"])
    item.refresh_from_db()
    assert item.end == datetime.date(2026, 2, 20)
    changes = {c.field: (c.old, c.new) for c in RoadmapChange.objects.all()}
    assert changes == {
        "deadline_text": ("до 10.02.2026", "до 20 февраля 2026"),
        "dates": ("01.01.2026 — 10.02.2026", "01.01.2026 — 20.02.2026"),
    }
    draft_item = plans.item_m
    services.item_update(item=draft_item, data=edit(draft_item, action="Другое"), user=plans.users["operator"])
    assert RoadmapChange.objects.count() == 2


def test_overdue_means_end_passed_without_a_done_report(plans):
    today = datetime.date(2026, 6, 1)
    overdue = set(Item.objects.filter(roadmap__campaign=plans.campaign).overdue(today).values_list("action", flat=True))
    assert overdue == {"Назначение кураторов", "Совещание в Южном районе", "Самодиагностика"}
    stage = MonitoringStage.for_campaign(plans.campaign)[0]
    with pytest.raises(ValidationError):
        services.report_create(item=plans.item_m, stage=stage, status="partly", comment=" ", user=None)
    services.report_create(item=plans.item_m, stage=stage, status="partly", comment="Назначены не все", user=None)
    assert plans.item_m in Item.objects.overdue(today)
    services.report_create(item=plans.item_m, stage=stage, status="done", user=None)
    assert plans.item_m not in Item.objects.overdue(today)
    assert list(plans.item_m.reports.values_list("status", "is_current")) == [("done", True), ("partly", False)]


def test_my_items_find_people_by_name_and_coordinators_by_role(plans):
    municipal = plans.users["municipal"]
    assert set(my_items(municipal)) == {plans.item_m}
    person = plans.users["director_a"].person
    Person.objects.filter(pk=person.pk).update(last_name="Вибе", first_name="Наталья", middle_name="Николаевна")
    item = plans.item_m
    services.item_update(item=item, data=edit(item, executors="Вибе Н.Н.\nМуниципальный координатор"), user=None)
    assert plans.item_m in my_items(plans.users["director_a"])
    school_item = plans.roadmap_a.items.get()
    assert school_item in my_items(plans.users["curator_a"])
    assert school_item not in my_items(plans.users["director_b"])


def test_calendar_feed_is_valid_icalendar_with_one_event_per_item(plans, client):
    body = client.get(reverse("roadmaps:feed", args=["t" * 32])).content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == 1
    assert "DTSTART;VALUE=DATE:20260101\r\nDTEND;VALUE=DATE:20260302\r\n" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    unfolded = body.replace("\r\n ", "")
    assert "SUMMARY:1.1 Назначение кураторов" in unfolded


def test_long_texts_are_folded_without_breaking_letters(plans):
    item = plans.item_m
    item.action = "Очень длинное название мероприятия, " * 10
    text = items_ical([item], host="opora.example.ru", name="Тест")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert ("Очень длинное название мероприятия\\, " * 3) in text.replace("\r\n ", "")


def test_copy_moves_the_years_in_deadlines_to_the_next_campaign(plans):
    from tests.factories import CampaignFactory

    next_campaign = CampaignFactory(region=plans.region, year=2027)
    copy = services.roadmap_copy(roadmap=plans.roadmap_m, campaign=next_campaign, user=None)
    item = copy.items.get()
    assert (copy.year, copy.status, item.deadline_text) == (2027, "draft", "до 01.03.2027")
    assert item.end == datetime.date(2027, 3, 1)


def test_docx_export_is_an_order_appendix_with_a_repeating_header(plans, media):
    record = read(plans, "karpinsk-2022-municipal.md", municipality=plans.m)
    roadmap = services.roadmap_import_save(record=record, title="", user=None)
    document = Document(io.BytesIO(build_docx(roadmap)))
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "№ п/п",
        "Мероприятие",
        "Сроки",
        "Ответственные",
        "Планируемый результат",
    ]
    assert table.rows[0]._tr.trPr.xml.count("tblHeader") == 1
    assert "Совершенствование управления" in table.rows[1].cells[0].text
    assert len({id(c._tc) for c in table.rows[1].cells}) == 1, "section row spans the table"
    sheet = load_workbook(io.BytesIO(build_xlsx(roadmap))).active
    dated = [row for row in sheet.iter_rows(min_row=3, values_only=True) if row[0] == "1.2"]
    assert dated[0][5].date() == datetime.date(2022, 2, 1)


def test_roadmap_pages_run_bounded_queries(plans, client_as, django_assert_max_num_queries):
    client = client_as(plans.users["operator"])
    urls = [
        reverse("roadmaps:roadmap", args=[plans.roadmap_m.pk]),
        reverse("roadmaps:overdue"),
        reverse("roadmaps:mine"),
        reverse("roadmaps:list"),
    ]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    stage = MonitoringStage.for_campaign(plans.campaign)[0]
    services.report_create(
        item=plans.item_m, stage=stage, status="partly", comment="частично", user=plans.users["municipal"]
    )
    counts = {}
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts[url] = len(queries.captured_queries)
    for n in range(30):
        item = Item.objects.create(
            roadmap=plans.roadmap_m,
            position=10 + n,
            number=f"2.{n}",
            action="Вебинар",
            end=datetime.date(2026, 4, 1),
            executors=["Муниципальный координатор"],
            executor_roles=",municipal_coordinator,",
        )
        ItemReport.objects.create(
            item=item,
            stage=stage,
            status="partly",
            comment="частично",
            by=plans.users["operator"] if n % 2 else plans.users["curator_a"],
        )
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url).status_code == 200


def test_region_list_shows_execution_by_municipality(plans, client_as):
    stage = MonitoringStage.for_campaign(plans.campaign)[0]
    services.report_create(item=plans.item_m, stage=stage, status="done", user=None)
    response = client_as(plans.users["operator"]).get(reverse("roadmaps:list"))
    shares = {
        row["municipality_name"]: (row["total"], row["done"], row["share"])
        for row in response.context["by_municipality"]
    }
    assert shares == {"Северный район": (2, 1, 50), "Южный район": (1, 0, 0)}


def test_home_page_says_what_waits_on_the_user(plans, client_as):
    response = client_as(plans.users["municipal"]).get(reverse("home:home"))
    waiting = response.context["waiting"]
    assert (waiting["mine_overdue"], waiting["overdue"]) == (1, 2)  # M and school A; M2 is not theirs
    assert waiting["identification"] is None
    assert "моё мероприятие просрочено" in response.content.decode()


def test_regional_items_naming_curators_are_the_curators_items(plans):
    item = plans.regional_item
    services.item_update(item=item, data=edit(item, executors="Кураторы ШНОР"), user=None)
    assert item in my_items(plans.users["curator_a"])
    assert item not in my_items(plans.users["municipal"])


def test_changing_the_roadmap_year_in_the_passport_re_dates_its_items(plans, client_as):
    item = plans.item_m
    services.item_update(item=item, data=edit(item, deadline_text="март"), user=None)
    client = client_as(plans.users["municipal"])
    client.post(
        reverse("roadmaps:passport", args=[plans.roadmap_m.pk]),
        {"title": plans.roadmap_m.title, "year": 2027, "indicators": ""},
    )
    item.refresh_from_db()
    assert (item.start, item.end) == (datetime.date(2027, 3, 1), datetime.date(2027, 3, 31))


def test_import_form_offers_only_the_levels_the_user_may_own(plans, client_as):
    form = client_as(plans.users["municipal"]).get(reverse("roadmaps:import")).context["form"]
    assert [value for value, _ in form.fields["level"].choices] == ["municipality", "school"]
    assert list(form.fields["municipality"].queryset) == [plans.m]
    form = client_as(plans.users["curator_a"]).get(reverse("roadmaps:import")).context["form"]
    assert [value for value, _ in form.fields["level"].choices] == ["school"]
