"""The monitoring summary: what the region, a municipality and others see, and at what cost."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from opora.registry.models import School
from tests.factories import MunicipalityFactory, SchoolFactory

from .dashboard_world import NOON, TODAY, add_dashboard, add_school_figures


@pytest.fixture
def w(world):
    add_dashboard(world)
    with time_machine.travel(NOON, tick=False):
        yield world


def summary_of(response):
    assert response.status_code == 200
    return response.context["found"]


def test_the_region_sees_every_part_counted_over_both_municipalities(w, client_as):
    response = client_as(w.users["operator"]).get(reverse("dashboards:region"))
    found = summary_of(response)
    t = found.totals
    assert (t.listed, t.with_curator, t.without_curator) == (2, 1, 0 + 1)
    assert t.documents_approved == 1 and t.documents_total == 2
    # Region item done, M's, M2's and A's items overdue (their dates are before 16 March).
    assert (t.execution.total, t.execution.due, t.execution.done, t.execution.overdue) == (4, 4, 1, 3)
    assert found.regional.percent == 100
    assert found.visits_held == 1
    levels = found.levels[found.factors[0].pk]
    assert levels == {"high": 1, "low": 1}
    html = response.content.decode()
    assert "Северный район" in html and "Южный район" in html
    assert reverse("dashboards:municipality", args=[w.m2.pk]) in html


def test_every_figure_links_to_its_list_filtered(w, client_as):
    response = client_as(w.users["operator"]).get(reverse("dashboards:region"))
    html = response.content.decode()
    c, m2 = w.campaign.pk, w.m2.pk
    expected = [
        f"{reverse('monitoring:mismatches')}?campaign={c}&amp;kind=unassigned&amp;municipality={m2}",
        f"{reverse('programs:table')}?campaign={c}&amp;municipality={m2}",
        f"{reverse('roadmaps:overdue')}?campaign={c}&amp;municipality={m2}",
        f"{reverse('assessment:identification', args=[w.approved.pk])}?municipality={m2}",
        f"{reverse('diagnostics:heatmap')}?campaign={c}&amp;factor=",
    ]
    for link in expected:
        assert link in html, link
    # The charts carry the same lists, one per bar.
    charts = response.context["charts"]
    assert f"{reverse('programs:table')}?campaign={c}&municipality={m2}" in charts["documents"]["links"]
    assert charts["execution"]["labels"][0] == "Региональная карта"
    assert charts["execution"]["datasets"][0]["data"][0] == 100
    assert f"{reverse('roadmaps:overdue')}?campaign={c}&municipality={m2}" in charts["execution"]["links"]


def test_the_municipal_coordinator_sees_only_their_municipality(w, client_as):
    response = client_as(w.users["municipal"]).get(reverse("dashboards:region"))
    found = summary_of(response)
    assert [p.municipality for p in found.places] == [w.m]
    t = found.totals
    assert (t.listed, t.without_curator, t.documents_total) == (1, 0, 1)
    # M's own roadmap and school A's; not the regional one, not M2's.
    assert (t.execution.total, t.execution.overdue) == (2, 2)
    assert found.regional is None
    assert found.levels[found.factors[0].pk] == {"high": 1}
    html = response.content.decode()
    assert "Южный район" not in html and "Тохтор" not in html


def test_the_municipal_page_lists_its_schools_leading_to_the_school_card(w, client_as):
    response = client_as(w.users["municipal"]).get(reverse("dashboards:municipality", args=[w.m.pk]))
    found = summary_of(response)
    rows = response.context["rows"]
    assert [r.school for r in rows] == [w.school_a]
    assert rows[0].curated and rows[0].last_visit == TODAY - datetime.timedelta(10)
    assert rows[0].documents["approved"] == 1 and rows[0].overdue == 1
    assert found.totals.listed == 1
    assert reverse("home:school", args=[w.school_a.pk]) in response.content.decode()


def test_another_municipality_and_another_region_are_404(w, client_as):
    municipal = client_as(w.users["municipal"])
    assert municipal.get(reverse("dashboards:municipality", args=[w.m2.pk])).status_code == 404
    stranger = client_as(w.users["operator_r2"])
    assert stranger.get(reverse("dashboards:municipality", args=[w.m.pk])).status_code == 404


def test_curators_and_school_teams_are_refused_with_a_reason(w, client_as):
    for persona in ("curator_a", "director_a"):
        response = client_as(w.users[persona]).get(reverse("dashboards:region"))
        assert response.status_code == 403
        assert "сводку мониторинга" in response.content.decode()


def test_the_menu_shows_the_summary_to_those_who_may_open_it(w, client_as):
    link = f'href="{reverse("dashboards:region")}"'
    assert link in client_as(w.users["operator"]).get(reverse("home:home")).content.decode()
    assert link not in client_as(w.users["director_a"]).get(reverse("home:home")).content.decode()


def grow(w, n: int) -> None:
    """n more listed schools in a new municipality, each with a document, a profile and a visit."""
    from opora.assessment.models import ListedSchool

    m = MunicipalityFactory(region=w.region)
    for i in range(n):
        school = SchoolFactory(municipality=m)
        ListedSchool.objects.create(identification=w.approved, school=school, rule_listed=True)
        add_school_figures(w, school, status="draft", level="medium", visited=TODAY - datetime.timedelta(i + 1))


@pytest.mark.parametrize("name", ["dashboards:region", "dashboards:municipality"])
def test_the_number_of_queries_does_not_grow_with_the_data(w, client_as, django_assert_max_num_queries, name):
    client = client_as(w.users["operator"])
    grow(w, 3)
    args = [School.objects.order_by("-pk").first().municipality_id] if name == "dashboards:municipality" else []
    url = reverse(name, args=args)
    client.get(url)  # warm the caches of the session and the user's scope
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    grow(w, 6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    # About 25 for the parts, 2 per indicator of the seeded library (fixed, whatever the data size).
    assert len(small.captured_queries) <= 70


def test_events_count_where_they_were_held_and_whom_they_invited(w, client_as):
    from opora.monitoring.models import Attendance, Event, EventKind

    kind = EventKind.objects.create(name="вебинар")
    held = TODAY - datetime.timedelta(days=3)
    regional = Event.objects.create(campaign=w.campaign, kind=kind, title="Вебинар для всех", starts_on=held)
    regional.audience_municipalities.add(w.m)
    south = Event.objects.create(
        campaign=w.campaign, kind=kind, title="Семинар Тохтор", starts_on=held, municipality=w.m2
    )
    Event.objects.create(campaign=w.campaign, kind=kind, title="Будущий", starts_on=TODAY + datetime.timedelta(days=9))
    Attendance.objects.create(event=regional, person=w.users["municipal"].person)
    Attendance.objects.create(event=south, person=w.users["director_b"].person)
    Attendance.objects.create(event=south, name="Гость без учётной записи")
    region = summary_of(client_as(w.users["operator"]).get(reverse("dashboards:region"))).events
    assert (region.held, region.marks, region.people) == (2, 3, 2)
    assert region.by_kind == [("вебинар", 2)]
    municipal = summary_of(client_as(w.users["municipal"]).get(reverse("dashboards:region"))).events
    assert (municipal.held, municipal.marks, municipal.people) == (1, 1, 1)


def test_indicators_show_with_values_targets_and_colours_for_the_viewers_level(w, client_as):
    region = client_as(w.users["operator"]).get(reverse("dashboards:region"))
    rows = region.context["indicators"]
    assert rows, "the seeded library shows on the region's summary"
    html = region.content.decode()
    assert rows[0].title in html and rows[0].url in html and 'data-colour="' in html
    municipal = client_as(w.users["municipal"]).get(reverse("dashboards:region")).context["indicators"]
    # The municipality's values: the share of listed schools with a curator is 1 of 1 in M (2 in the region).
    curated = [r for r in municipal if r.value.denominator == 1]
    assert curated and all(r.url.endswith(f"municipality={w.m.pk}") or str(w.m.pk) in r.url for r in municipal)
