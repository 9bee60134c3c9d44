"""Mismatches between the list and the curators, where the region works: their own page, and an
alert on the list page and the assignments page.

With `add_lists`, A (M) and B (M2) are listed, C (M) is not. Here B has no curator; C's curator
works at C; and A's director is also made A's curator."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.assessment.worlds import add_lists
from tests.factories import PersonFactory, SchoolFactory

from .workload_worlds import NOON, appoint_curator


@pytest.fixture
def w(world):
    add_lists(world)
    world.staff_curator = PersonFactory(region=world.region, last_name="Школьная", school=world.school_c)
    appoint_curator(world, world.staff_curator, [world.school_c])
    appoint_curator(world, world.users["director_a"].person, [world.school_a])
    with time_machine.travel(NOON, tick=False):
        yield world


def tab(client, kind: str):
    return client.get(reverse("monitoring:mismatches"), {"kind": kind})


def test_the_region_sees_each_kind_of_mismatch(w, client_as):
    client = client_as(w.users["operator"])
    response = tab(client, "unassigned")
    assert {code: n for code, _label, n in response.context["tabs"]} == {"unassigned": 1, "unlisted": 1, "own": 2}
    assert [s.pk for s in response.context["page"]] == [w.school_b.pk]
    assert "МКОУ «ООШ с. Тохтор»" in response.content.decode() and "утверждённым перечнем" in response.content.decode()
    unlisted = tab(client, "unlisted")
    assert [s.pk for s in unlisted.context["page"]] == [w.school_c.pk]
    assert "Школьная" in unlisted.content.decode()  # who curates it
    own = tab(client, "own")
    pairs = {(link.school_id, link.assignment.person_id) for link in own.context["page"]}
    assert pairs == {(w.school_c.pk, w.staff_curator.pk), (w.school_a.pk, w.users["director_a"].person.pk)}
    # Curator A of school A works elsewhere: no mismatch.
    assert (w.school_a.pk, w.users["curator_a"].person.pk) not in pairs


def test_a_municipal_coordinator_sees_the_mismatches_of_their_municipality_only(w, client_as):
    response = tab(client_as(w.users["municipal"]), "unassigned")
    assert {code: n for code, _label, n in response.context["tabs"]} == {"unassigned": 0, "unlisted": 1, "own": 2}
    assert "Тохтор" not in response.content.decode()


def test_an_ended_curator_assignment_leaves_its_school_without_a_curator(w, client_as):
    w.users["curator_a"].person.assignments.filter(role="curator").update(valid_to=NOON.date().replace(day=1))
    w.users["director_a"].person.assignments.filter(role="curator").update(valid_to=NOON.date().replace(day=1))
    response = tab(client_as(w.users["operator"]), "unassigned")
    assert {s.pk for s in response.context["page"]} == {w.school_a.pk, w.school_b.pk}


def test_another_region_sees_nothing_of_ours(w, client_as):
    client = client_as(w.users["operator_r2"])
    for kind in ("unassigned", "unlisted", "own"):
        page = tab(client, kind).content.decode()
        assert "Тохтор" not in page and "СОШ № 3" not in page and "Школьная" not in page
    assert client.get(reverse("monitoring:mismatches"), {"campaign": w.campaign.pk}).status_code == 404


def test_the_list_page_and_the_assignments_page_show_the_counts_to_those_who_oversee(w, client_as):
    operator = client_as(w.users["operator"])
    approved = operator.get(reverse("assessment:identification", args=[w.approved.pk])).content.decode()
    assert 'data-testid="mismatch-alert"' in approved
    assert "в перечне, но без куратора — 1" in approved and "куратор работает в этой школе — 2" in approved
    # A draft is not the list the campaign works by: no figures there.
    draft = operator.get(reverse("assessment:identification", args=[w.draft.pk])).content.decode()
    assert 'data-testid="mismatch-alert"' not in draft
    assignments = operator.get(reverse("accounts:assignments")).content.decode()
    assert "куратор назначен, а школы нет в перечне — 1" in assignments
    municipal = client_as(w.users["municipal"]).get(reverse("accounts:assignments")).content.decode()
    assert "в перечне, но без куратора" not in municipal and "куратор работает в этой школе — 2" in municipal
    for persona in ("curator_a", "director_a", "observer"):
        client = client_as(w.users[persona])
        assert 'data-testid="mismatch-alert"' not in client.get(reverse("accounts:assignments")).content.decode()
        page = client.get(reverse("assessment:identification", args=[w.approved.pk])).content.decode()
        assert 'data-testid="mismatch-alert"' not in page, persona


def test_the_page_runs_the_same_queries_for_many_schools(w, client_as):
    client = client_as(w.users["operator"])
    tab(client, "unlisted")
    with CaptureQueriesContext(connection) as few:
        tab(client, "unlisted")
    for n in range(60):
        school = SchoolFactory(municipality=w.m, fis_oko_login=f"sch44{n:04d}")
        appoint_curator(w, PersonFactory(region=w.region, school=school if n % 2 else None), [school])
    with CaptureQueriesContext(connection) as many:
        response = tab(client, "unlisted")
    assert len(many) <= len(few)
    assert response.context["page"].paginator.count == 61 and len(response.context["page"]) == 50
    with CaptureQueriesContext(connection) as own:
        response = tab(client, "own")
    assert len(own) <= len(few) and response.context["page"].paginator.count == 32


def test_the_region_narrows_the_mismatches_to_one_municipality(w, client_as):
    response = client_as(w.users["operator"]).get(reverse("monitoring:mismatches"), {"municipality": w.m.pk})
    assert {code: n for code, _label, n in response.context["tabs"]} == {"unassigned": 0, "unlisted": 1, "own": 2}
    assert f"municipality={w.m.pk}" in response.content.decode()  # the tabs keep the choice
