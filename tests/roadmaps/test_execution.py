"""Execution as the user sees it: items done late, «мои мероприятия» that say who reports, the
home counts, municipalities without a roadmap, and an old document loaded into this year."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from opora.roadmaps import services
from opora.roadmaps.exports import build_xlsx
from opora.roadmaps.models import Item, ItemReport, MonitoringStage, Roadmap, RoadmapImport
from opora.roadmaps.services import my_items
from tests.factories import MunicipalityFactory
from tests.paths import ROADMAP_FIXTURES

from .worlds import add_roadmaps

TODAY = datetime.datetime(2026, 6, 1, 10, 0, tzinfo=ZoneInfo("Europe/Moscow"))


@pytest.fixture
def plans(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # The world's items end in February–March 2026: the tests see them from 1 June 2026, whatever
    # the day they run (overdue, the current monitoring stage, reports dated after the end).
    with time_machine.travel(TODAY, tick=False):
        add_roadmaps(world)
        yield world


def edit(item, **changes):
    return services.item_values(item) | changes


def report_done(item, on: datetime.date) -> ItemReport:
    stage = MonitoringStage.for_campaign(item.roadmap.campaign)[0]
    report = services.report_create(item=item, stage=stage, status="done", user=None)
    moment = timezone.make_aware(datetime.datetime.combine(on, datetime.time(12)))
    ItemReport.objects.filter(pk=report.pk).update(at=moment)
    return report


# -- done late ----------------------------------------------------------------------------------


def test_an_item_reported_done_after_its_end_is_done_late_everywhere(plans, client_as):
    item = plans.item_m  # ends 01.03.2026, names the municipal coordinator
    report_done(item, datetime.date(2026, 3, 20))
    client = client_as(plans.users["municipal"])
    row = client.get(plans.roadmap_m.get_absolute_url()).content.decode()
    assert 'data-testid="done-late">выполнено с опозданием' in row
    assert "из них с опозданием 1" in row
    mine = client.get(reverse("roadmaps:mine")).content.decode()
    assert 'data-testid="done-late">выполнено с опозданием' in mine
    sheet = load_workbook(io.BytesIO(build_xlsx(plans.roadmap_m))).active
    assert [row[7] for row in sheet.iter_rows(min_row=3, values_only=True)] == ["выполнено с опозданием"]


def test_an_item_reported_done_by_its_end_is_simply_done(plans, client_as):
    item = plans.item_m
    report_done(item, datetime.date(2026, 3, 1))
    page = client_as(plans.users["municipal"]).get(plans.roadmap_m.get_absolute_url()).content.decode()
    assert "выполнено с опозданием" not in page and "выполнено" in page
    assert not Item.objects.with_done().get(pk=item.pk).done_late
    sheet = load_workbook(io.BytesIO(build_xlsx(plans.roadmap_m))).active
    assert [row[7] for row in sheet.iter_rows(min_row=3, values_only=True)] == ["выполнено"]


def test_one_report_in_time_is_enough_although_a_later_stage_came_late(plans):
    item = plans.item_m
    report_done(item, datetime.date(2026, 2, 1))
    stage = MonitoringStage.for_campaign(plans.campaign)[1]
    services.report_create(item=item, stage=stage, status="done", user=None)  # today, after the end
    assert not Item.objects.with_done().get(pk=item.pk).done_late


# -- «мои мероприятия» and the home page ----------------------------------------------------------


def test_my_items_in_others_roadmaps_say_who_reports_and_are_not_counted_at_home(plans, client_as):
    regional, municipal_item = plans.regional_item, plans.item_m
    regional.reports.all().delete()
    services.item_update(item=regional, data=edit(regional, executors="Кураторы ШНОР"), user=None)
    services.item_update(
        item=municipal_item, data=edit(municipal_item, executors="Муниципальный координатор\nКуратор"), user=None
    )
    curator = plans.users["curator_a"]
    school_item = plans.roadmap_a.items.get()
    assert set(my_items(curator)) == {regional, municipal_item, school_item}
    assert set(my_items(curator, "item.report")) == {school_item}
    client = client_as(curator)

    home = client.get(reverse("home:home"))
    assert home.context["waiting"]["mine_overdue"] == 1  # the school's item only
    assert '1</div><div class="stat-label">моё мероприятие просрочено' in home.content.decode()

    page = client.get(reverse("roadmaps:mine")).content.decode()
    rows = {number: chunk for number, chunk in _rows_by_roadmap(page)}
    assert "отчитывается: региональный оператор или региональный координатор" in rows["Региональная"]
    assert "отчитывается: муниципальный координатор (Северный район)" in rows["Муниципальная"]
    assert "Отчёт</a>" in rows["Школьная"] and "отчитывается" not in rows["Школьная"]
    assert "Отчёт</a>" not in rows["Региональная"] + rows["Муниципальная"]

    only_mine = client.get(reverse("roadmaps:mine") + "?overdue=1&reporting=1")
    assert [i.pk for i in only_mine.context["page"]] == [school_item.pk]


def _rows_by_roadmap(page: str):
    body = page.split('data-testid="item-list"', 1)[1].split("</tbody>", 1)[0]
    for chunk in body.split("<tr")[2:]:
        level = chunk.split("#item-", 1)[1].split(">", 1)[1].split(":", 1)[0]
        yield level, chunk


def test_home_counts_the_coordinators_own_items(plans, client_as):
    waiting = client_as(plans.users["municipal"]).get(reverse("home:home")).context["waiting"]
    assert waiting["mine_overdue"] == 1  # item_m of the municipality's roadmap, which they keep


def test_my_items_page_runs_bounded_queries_for_items_reported_by_others(
    plans, client_as, django_assert_max_num_queries
):
    client = client_as(plans.users["curator_a"])
    url = reverse("roadmaps:mine")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    for n in range(20):
        Item.objects.create(
            roadmap=plans.roadmap_m if n % 2 else plans.regional,
            position=50 + n,
            number=f"9.{n}",
            action="Выезд кураторов",
            end=datetime.date(2026, 4, 1),
            executors=["Кураторы"],
            executor_roles=",curator,",
        )
    with django_assert_max_num_queries(len(queries.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("отчитывается:") >= 20


# -- municipalities without a roadmap -----------------------------------------------------------


def test_municipalities_without_a_roadmap_are_listed_with_zero(plans, client_as):
    MunicipalityFactory(region=plans.region, name="Западный район")
    Roadmap.objects.filter(pk=plans.roadmap_m2.pk).delete()
    response = client_as(plans.users["operator"]).get(reverse("roadmaps:list"))
    shares = {r["municipality_name"]: (r["total"], r["has_roadmap"]) for r in response.context["by_municipality"]}
    assert shares == {"Западный район": (0, False), "Северный район": (2, True), "Южный район": (0, False)}
    table = response.content.decode().split('data-testid="by-municipality"', 1)[1]
    west = table.split('data-municipality="Западный район"', 1)[1].split("</tr>", 1)[0]
    assert "нет дорожной карты" in west and ">0<" in west
    north = table.split('data-municipality="Северный район"', 1)[1].split("</tr>", 1)[0]
    assert "нет дорожной карты" not in north


# -- an old document loaded into this year's campaign ---------------------------------------------


@pytest.fixture
def old_order(plans, client_as):
    """The Karpinsk order of 2022 read into the 2026 campaign, its preview open."""
    client = client_as(plans.users["municipal"])
    path = ROADMAP_FIXTURES / "karpinsk-2022-municipal.md"
    record = services.roadmap_import_read(
        campaign=plans.campaign,
        level="municipality",
        municipality=plans.m,
        upload=SimpleUploadedFile(path.name, path.read_bytes()),
        year=None,
        user=plans.users["municipal"],
    )
    return client, record, reverse("roadmaps:preview", args=[record.pk])


def test_preview_of_an_old_document_warns_before_saving(old_order):
    client, record, url = old_order
    page = client.get(url).content.decode()
    warning = page.split('data-testid="year-mismatch"', 1)[1].split("</div>\n</div>", 1)[0]
    overdue = sum(1 for i in record.parsed["items"] if i["deadline"]["end"] and i["deadline"]["end"] < "2026-01-01")
    assert overdue > 30
    assert "Документ на 2022 год, а кампания — 2026 года." in warning
    assert f"{overdue} мероприятий сразу станут просроченными" in warning
    assert "Перенести сроки на 2026 год" in warning and "Оставить сроки 2022 года" in warning
    response = client.post(url, {"title": record.parsed["title"], "year": "2022", "save": "1"})
    assert response.status_code == 200 and RoadmapImport.objects.get(pk=record.pk).roadmap is None
    assert "Год документа не совпадает с годом кампании" in " ".join(
        str(m) for m in get_messages(response.wsgi_request)
    )


def test_shifting_an_old_document_to_the_campaign_year(old_order):
    client, record, url = old_order
    page = client.post(url, {"title": record.parsed["title"], "year": "2022", "shift_year": "1"})
    assert 'data-testid="year-mismatch"' not in page.content.decode()
    parsed = RoadmapImport.objects.get(pk=record.pk).parsed
    assert parsed["year"] == 2026 and "2026" in parsed["title"]
    item = next(i for i in parsed["items"] if i["number"] == "1.2")
    assert (item["deadline"]["text"], item["deadline"]["end"]) == ("февраль – март 2026", "2026-03-31")
    client.post(url, {"title": parsed["title"], "year": "2026", "save": "1"})
    roadmap = RoadmapImport.objects.get(pk=record.pk).roadmap
    assert roadmap.year == 2026 and roadmap.items.get(number="1.2").end == datetime.date(2026, 3, 31)


def test_keeping_an_old_documents_dates_is_a_choice(old_order):
    client, record, url = old_order
    page = client.post(url, {"title": record.parsed["title"], "year": "2022", "keep_year": "1"}).content.decode()
    assert 'data-testid="year-mismatch"' not in page
    client.post(url, {"title": record.parsed["title"], "year": "2022", "save": "1"})
    roadmap = RoadmapImport.objects.get(pk=record.pk).roadmap
    assert roadmap.year == 2022 and roadmap.items.get(number="1.2").end == datetime.date(2022, 3, 31)


def test_a_document_of_the_campaign_year_is_not_questioned(plans):
    record = plans.roadmap_import  # parsed as 2026, the campaign's year
    assert services.preview_year_mismatch(record, datetime.date(2026, 6, 1)) is None
    record.parsed |= {"year": 2025, "school_year": True}
    assert services.preview_year_mismatch(record, datetime.date(2026, 6, 1)) is None  # 2025/2026
    record.parsed |= {"year": 2024}
    assert services.preview_year_mismatch(record, datetime.date(2026, 6, 1)) == {
        "year": 2024,
        "campaign_year": 2026,
        "overdue": 0,
    }
