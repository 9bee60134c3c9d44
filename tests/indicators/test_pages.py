"""The indicators pages on the small world: levels and who counts what, drill-down, XLSX, the
operator's form with its preview, retiring, snapshots, links from roadmap items."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from opora.indicators.library import ensure_library
from opora.indicators.models import Indicator, ItemIndicatorLink, Snapshot
from opora.indicators.notifications import scan
from opora.indicators.selectors import indicator_rows
from opora.indicators.services import take_stage_snapshots
from opora.roadmaps.models import Item

from .worlds import build


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2026, 9, 1, 10, 0), tick=False):
        yield


@pytest.fixture
def small(world):
    extra = build(world)
    extra.by_code = {i.code: i for i in ensure_library(world.campaign)}
    return extra


def page(client_as, user, url):
    response = client_as(user).get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_region_sees_every_figure_in_bounded_queries(small, world, client_as):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import SchoolFactory

    url = reverse("indicators:campaign", args=[world.campaign.pk])
    client = client_as(world.users["operator"])
    client.get(url)  # seeds the stages and the library
    with CaptureQueriesContext(connection) as few:
        html = client.get(url).content.decode()
    assert "Доля ШНОР, в которых назначены кураторы" in html
    assert "66,7 %" in html and "2 из 3" in html
    assert "Снять срез" in html
    # Ten more listed schools: the same number of queries.
    from opora.assessment.models import Identification, ListedSchool

    ident = Identification.objects.get(campaign=world.campaign)
    more = [SchoolFactory(municipality=world.m, fis_oko_login=f"sch43{n:04d}") for n in range(10)]
    ListedSchool.objects.bulk_create([ListedSchool(identification=ident, school=s, rule_listed=True) for s in more])
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert "2 из 13" in html
    assert len(many) == len(few) <= 60


def test_a_municipal_coordinator_counts_only_their_municipality(small, world, client_as):
    # The home page sends M's coordinator to M's figures: 1 of 1 curated (A), never B or D of M2.
    response = client_as(world.users["municipal"]).get(reverse("indicators:home"))
    assert response.status_code == 302 and f"?m={world.m.pk}" in response["Location"]
    html = page(client_as, world.users["municipal"], response["Location"])
    assert "1 из 1" in html and "2 из 3" not in html
    assert "Снять срез" not in html
    # The list of the denominator names A only.
    curators = small.by_code["curators"]
    html = page(
        client_as,
        world.users["municipal"],
        reverse("indicators:value", args=[curators.pk]) + f"?m={world.m.pk}&part=den",
    )
    assert world.school_a.short_name in html and small.school_d.short_name not in html
    assert world.school_b.short_name not in html
    # The region's figures and M2's are not theirs.
    client = client_as(world.users["municipal"])
    assert client.get(reverse("indicators:campaign", args=[world.campaign.pk])).status_code == 404
    assert client.get(reverse("indicators:campaign", args=[world.campaign.pk]) + f"?m={world.m2.pk}").status_code == 404
    assert indicator_rows(world.users["municipal"], world.campaign, "municipality", world.m2) == []
    rows = indicator_rows(world.users["municipal"], world.campaign, "municipality", world.m)
    assert {r.indicator.code: r.value_text for r in rows}["curators"] == "100,0 %"


def test_drill_down_lists_the_missing_ones_and_exports_them(small, world, client_as):
    curators = small.by_code["curators"]
    url = reverse("indicators:value", args=[curators.pk])
    client = client_as(world.users["coordinator"])
    html = page(client_as, world.users["coordinator"], url)
    assert world.school_a.short_name in html and small.school_d.short_name in html
    assert world.school_b.short_name not in html  # B has no curator: not in the numerator
    html = client.get(url + "?part=missing").content.decode()
    assert world.school_b.short_name in html and world.school_a.short_name not in html
    response = client.get(reverse("indicators:export", args=[curators.pk]) + "?part=missing")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert world.school_b.short_name in values and world.school_a.short_name not in values


def test_the_export_never_runs_a_name_as_a_formula(small, world, client_as):
    world.school_b.short_name = '=HYPERLINK("http://evil.example";"B")'
    world.school_b.save(update_fields=["short_name"])
    url = reverse("indicators:export", args=[small.by_code["curators"].pk]) + "?part=missing"
    response = client_as(world.users["operator"]).get(url)
    cell = openpyxl.load_workbook(io.BytesIO(response.content)).active["A3"]
    assert cell.value == world.school_b.short_name and cell.data_type == "s"


def test_people_and_items_are_listed_too(small, world, client_as):
    html = page(
        client_as,
        world.users["operator"],
        reverse("indicators:value", args=[small.by_code["selector_meetings"].pk]) + "?part=missing",
    )
    assert "municipal.m2" in html or "Не вошли" in html
    html = page(
        client_as, world.users["operator"], reverse("indicators:value", args=[small.by_code["items_overdue"].pk])
    )
    assert "Провести семинар для директоров" in html and "Назначить кураторов" not in html


def test_the_operator_previews_then_saves_an_indicator(small, world, client_as):
    client = client_as(world.users["operator"])
    data = {
        "title": "Доля ШНОР, где проведён визит в течение года",
        "unit": "share",
        "numerator": "listed_visited",
        "denominator": "listed",
        "level": "school",
        "period": "campaign",
        "target": "90",
        "yellow_share": "80",
    }
    preview = client.post(reverse("indicators:preview", args=[world.campaign.pk]), data).content.decode()
    # Over the year: A (20 Aug) and B (10 Aug) visited, D not → 2 of 3.
    assert "66,7 %" in preview and "2 из 3" in preview
    assert not Indicator.objects.filter(title=data["title"]).exists()
    bad = client.post(reverse("indicators:preview", args=[world.campaign.pk]), data | {"denominator": ""})
    assert "Для доли выберите знаменатель" in bad.content.decode()
    response = client.post(reverse("indicators:create", args=[world.campaign.pk]), data)
    assert response.status_code == 302
    saved = Indicator.objects.get(title=data["title"])
    assert saved.targets == {"2026": 90.0}
    html = page(client_as, world.users["operator"], reverse("indicators:campaign", args=[world.campaign.pk]))
    assert data["title"] in html
    # Retired, it leaves the list.
    client.post(reverse("indicators:retire", args=[saved.pk]))
    html = page(client_as, world.users["operator"], reverse("indicators:campaign", args=[world.campaign.pk]))
    assert "Выведенные показатели" in html and html.count(data["title"]) == 1


def test_event_parameters_are_data(small, world, client_as):
    client = client_as(world.users["operator"])
    data = {"title": "Семинары", "unit": "count", "numerator": "events_held", "num_kind": "семинар",
            "level": "school", "period": "campaign", "yellow_share": "80"}  # fmt: skip
    assert client.post(reverse("indicators:create", args=[world.campaign.pk]), data).status_code == 302
    saved = Indicator.objects.get(title="Семинары")
    assert saved.numerator_params == {"kind": "семинар"}
    rows = {r.title: r for r in indicator_rows(world.users["operator"], world.campaign)}
    assert rows["Семинары"].value.numerator == 1


def test_snapshots_keep_the_figures_after_the_data_change(small, world, client_as):
    # The daily run on stage 2's day snapshots once; running again adds nothing.
    with time_machine.travel(datetime.datetime(2026, 12, 15, 10, 0), tick=False):
        assert scan(datetime.date(2026, 12, 15)) == 0  # no messages: snapshots only
        made = Snapshot.objects.count()
        assert made > 0 and take_stage_snapshots(datetime.date(2026, 12, 15)) == 0
        assert Snapshot.objects.filter(stage__due=datetime.date(2026, 12, 15)).count() == made
    snap = Snapshot.objects.get(indicator=small.by_code["curators"], municipality=None)
    assert (snap.numerator, snap.denominator, snap.value) == (2, 3, 66.7)
    assert sorted(snap.numerator_ids) == sorted([world.school_a.pk, small.school_d.pk])
    # The curator of D leaves: the live value falls, the snapshot stays.
    from opora.accounts.models import Assignment

    Assignment.objects.filter(schools=small.school_d).update(valid_to=datetime.date(2026, 8, 1))
    html = page(client_as, world.users["operator"], reverse("indicators:campaign", args=[world.campaign.pk]))
    assert "1 из 3" in html and "15.12.2026: 66,7" in html.replace("66.7", "66,7")
    # The snapshot's lists are the rows as they were: D still in the numerator.
    url = reverse("indicators:value", args=[small.by_code["curators"].pk])
    html = page(client_as, world.users["operator"], url + f"?snapshot={snap.pk}&part=num")
    assert small.school_d.short_name in html and "Списки на 15.12.2026" in html
    html = page(client_as, world.users["operator"], url + "?part=num")
    assert small.school_d.short_name not in html
    # The operator's button snapshots on demand.
    before = Snapshot.objects.count()
    client_as(world.users["operator"]).post(reverse("indicators:snapshot", args=[world.campaign.pk]))
    assert Snapshot.objects.count() > before


def test_a_roadmap_item_linked_to_an_indicator_shows_its_value(small, world, client_as):
    i1 = small.items[0]
    Item.objects.filter(pk=i1.pk).update(indicator="100 % ШНОР обеспечены кураторами")
    client = client_as(world.users["municipal"])
    html = client.get(reverse("indicators:link", args=[i1.pk])).content.decode()
    curators = small.by_code["curators"]
    # The first suggestion is the curators' indicator.
    assert html.index(curators.title) < html.index(small.by_code["visited"].title)
    assert client.post(reverse("indicators:link", args=[i1.pk]), {"indicator": curators.pk}).status_code == 302
    assert ItemIndicatorLink.objects.get(item=i1).indicator == curators
    html = client.get(reverse("roadmaps:item_report", args=[i1.pk])).content.decode()
    # M's roadmap: the value over M — A curated, 1 of 1.
    assert "Доля ШНОР, в которых назначены кураторы" in html and "100,0 %" in html and "1 из 1" in html
