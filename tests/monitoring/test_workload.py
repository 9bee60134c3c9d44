"""The workload page and one curator's schools, as the region and a municipality see them."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.assessment.worlds import add_lists

from .workload_worlds import NOON, TODAY, add_curators, add_many_curators


@pytest.fixture
def w(world):
    add_lists(world)
    add_curators(world)
    with time_machine.travel(NOON, tick=False):
        yield world


def rows(response) -> dict:
    return {load.name.split()[0]: load for load in response.context["page"]}


def test_the_region_sees_each_curators_schools_visits_this_month_and_flagged_gaps(w, client_as):
    response = client_as(w.users["operator"]).get(reverse("monitoring:workload"))
    assert response.status_code == 200
    found = rows(response)
    petrova, curator_a = found["Петрова"], found[w.users["curator_a"].person.last_name]
    assert (petrova.schools, petrova.listed, petrova.visits, petrova.gaps) == (2, 1, 1, 1)
    assert petrova.last == TODAY.replace(day=10)
    assert (curator_a.schools, curator_a.listed, curator_a.visits, curator_a.gaps) == (1, 1, 1, 0)
    assert "Сидоров" not in found  # no schools, so no workload
    page = response.content.decode()
    assert "1 школа</span>" in page and "10.11.2026" in page
    assert "не реже раза в 28 дней" in page


def test_a_municipal_coordinator_counts_only_their_municipalitys_schools(w, client_as):
    client = client_as(w.users["municipal"])
    petrova = rows(client.get(reverse("monitoring:workload")))["Петрова"]
    # B is in M2: its listing and this month's visit there are not M's business.
    assert (petrova.schools, petrova.listed, petrova.visits, petrova.gaps) == (1, 0, 0, 1)
    assert petrova.last == TODAY.replace(month=10, day=1)
    detail = client.get(reverse("monitoring:workload_curator", args=[w.petrova.pk])).content.decode()
    assert "СОШ № 3" in detail and "Тохтор" not in detail


def test_the_table_sorts_by_each_column_both_ways(w, client_as):
    client = client_as(w.users["operator"])
    a = w.users["curator_a"].person.last_name

    def order(sort):
        return [
            load.name.split()[0] for load in client.get(reverse("monitoring:workload"), {"sort": sort}).context["page"]
        ]

    assert order("-gaps") == ["Петрова", a]  # the default: the most flagged first
    assert order("gaps") == [a, "Петрова"]
    assert order("-last") == [a, "Петрова"]  # visited on 15.11 and 10.11
    assert order("-schools") == ["Петрова", a]
    assert order("name") == sorted(order("name"), key=str.casefold) and order("-name") == order("name")[::-1]
    assert order("nonsense") == order("-gaps")
    assert [
        load.name.split()[0] for load in client.get(reverse("monitoring:workload"), {"q": "петрова"}).context["page"]
    ] == ["Петрова"]


def test_the_page_paginates_and_its_queries_do_not_grow_with_curators_and_schools(w, client_as):
    client = client_as(w.users["operator"])
    url = reverse("monitoring:workload")
    add_many_curators(w, 1)  # a school never visited costs a query of its own: have one from the start
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    add_many_curators(w, 70, start=1)
    with CaptureQueriesContext(connection) as large:
        first = client.get(url)
    assert len(large) <= len(small), [q["sql"][:120] for q in large.captured_queries]
    assert len(first.context["page"]) == 50 and first.context["page"].paginator.count == 73
    second = client.get(url, {"page": 2, "sort": "name"})
    assert len(second.context["page"]) == 23
    with CaptureQueriesContext(connection) as detail:
        client.get(reverse("monitoring:workload_curator", args=[w.petrova.pk]))
    assert len(detail) <= 16


def test_a_curators_page_lists_their_schools_with_last_visit_and_flag(w, client_as):
    response = client_as(w.users["operator"]).get(reverse("monitoring:workload_curator", args=[w.petrova.pk]))
    by_school = {row.school.pk: row for row in response.context["rows"]}
    assert by_school[w.school_c.pk].gap_days == 50 and not by_school[w.school_c.pk].listed
    assert by_school[w.school_b.pk].gap_days is None and by_school[w.school_b.pk].listed
    assert response.context["rows"][0].school == w.school_c  # flagged first
    page = response.content.decode()
    assert "50 дней — больше нормы" in page and "нет в перечне" in page
    assert page.count('data-testid="reassign"') == 2
    # The coordinator oversees but does not reassign.
    coordinator = client_as(w.users["coordinator"]).get(reverse("monitoring:workload_curator", args=[w.petrova.pk]))
    assert coordinator.status_code == 200 and 'data-testid="reassign"' not in coordinator.content.decode()


def test_another_region_sees_none_of_our_curators(w, client_as):
    client = client_as(w.users["operator_r2"])  # their own campaign (add_lists) opens
    page = client.get(reverse("monitoring:workload")).content.decode()
    assert "Петрова" not in page and w.users["curator_a"].person.last_name not in page
    assert client.get(reverse("monitoring:workload_curator", args=[w.petrova.pk])).status_code == 404
    # Our campaign by its id is not theirs to choose.
    assert client.get(reverse("monitoring:workload"), {"campaign": w.campaign.pk}).status_code == 404


def test_school_people_and_curators_are_refused_the_workload_pages(w, client_as):
    for persona in ("curator_a", "director_a", "expert", "observer"):
        client = client_as(w.users[persona])
        assert client.get(reverse("monitoring:workload")).status_code == 403, persona
        assert client.get(reverse("monitoring:workload_curator", args=[w.petrova.pk])).status_code == 403, persona


def test_the_region_narrows_the_table_to_one_municipality(w, client_as):
    response = client_as(w.users["operator"]).get(reverse("monitoring:workload"), {"municipality": w.m2.pk})
    assert [(load.name.split()[0], load.schools, load.visits) for load in response.context["page"]] == [
        ("Петрова", 1, 1)
    ]
    assert [m.name for m in response.context["municipalities"]] == ["Северный район", "Южный район"]
    # A municipal coordinator has one municipality: no choice shown, and M2 chosen by hand gives nothing.
    municipal = client_as(w.users["municipal"]).get(reverse("monitoring:workload"), {"municipality": w.m2.pk})
    assert 'name="municipality"' not in municipal.content.decode() and not municipal.context["page"].paginator.count
