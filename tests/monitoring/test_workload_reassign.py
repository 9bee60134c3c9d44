"""Handing a school to another curator by order: the old assignment stops covering it from the
day (kept as history), the new curator covers it, and each curator's scope follows."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from opora.accounts.models import Assignment
from opora.accounts.services import curator_reassign
from opora.core.models import AuditEntry
from tests.assessment.worlds import add_lists
from tests.factories import OrderFactory, PersonFactory, SchoolFactory

from .workload_worlds import APPOINTED, NOON, TODAY, add_curators


@pytest.fixture
def w(world):
    add_lists(world)
    add_curators(world)
    world.new_order = OrderFactory(
        issuer=world.order.issuer, number="215-р", title="О закреплении кураторов", date=TODAY
    )
    with time_machine.travel(NOON, tick=False):
        yield world


def reassign(client, w, school, **data):
    form = {"curator": w.sidorov.pk, "order": w.new_order.pk, "valid_from": TODAY.isoformat()} | data
    return client.post(reverse("monitoring:reassign", args=[school.pk]), form)


def test_the_operator_hands_a_school_to_another_curator_and_the_scopes_follow(w, client_as):
    before = Assignment.objects.count()
    operator = client_as(w.users["operator"])
    response = reassign(operator, w, w.school_c)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("monitoring:workload_curator", args=[w.sidorov.pk]))
    page = operator.get(response["Location"])
    text = page.content.decode()
    assert (
        "Новый куратор школы МБОУ «СОШ № 3» с 20.11.2026 — Сидоров Игорь Павлович" in text
        and "по 19.11.2026 включительно" in text
    )
    assert [row.school for row in page.context["rows"]] == [w.school_c]

    # Nothing deleted: the old assignment ends the day before and still names both schools.
    old = Assignment.objects.get(pk=w.petrova_assignment.pk)
    assert old.valid_to == TODAY - datetime.timedelta(days=1)
    assert set(old.schools.all()) == {w.school_b, w.school_c}
    continuation = Assignment.objects.get(person=w.petrova, valid_from=TODAY)
    assert list(continuation.schools.all()) == [w.school_b] and continuation.order == w.order
    assert continuation.valid_to is None and continuation.campaign == w.campaign
    new = Assignment.objects.get(person=w.sidorov)
    assert list(new.schools.all()) == [w.school_c] and new.order == w.new_order and new.valid_from == TODAY
    assert new.created_by == w.users["operator"] and Assignment.objects.count() == before + 2

    # Audited like every change of assignments, under the operator's name.
    entries = AuditEntry.objects.filter(model="accounts.Assignment", actor=w.users["operator"])
    assert entries.filter(object_id=str(old.pk), action="update", changes__has_key="valid_to").exists()
    assert {str(continuation.pk), str(new.pk)} <= set(
        entries.filter(action="create").values_list("object_id", flat=True)
    )

    # Petrova no longer sees C's visits; Sidorov does; B stays Petrova's.
    petrova = client_as(w.petrova.user)
    assert petrova.get(reverse("monitoring:school_visits", args=[w.school_c.pk])).status_code == 404
    assert petrova.get(reverse("monitoring:visit", args=[w.visit_c.pk])).status_code == 404
    assert petrova.get(reverse("monitoring:school_visits", args=[w.school_b.pk])).status_code == 200
    sidorov = client_as(w.sidorov.user)
    assert "Выводы визита в СОШ № 3" in sidorov.get(reverse("monitoring:visit", args=[w.visit_c.pk])).content.decode()
    assert sidorov.get(reverse("monitoring:school_visits", args=[w.school_b.pk])).status_code == 404


def test_a_day_before_the_current_curators_appointment_is_refused_and_changes_nothing(w, client_as):
    before = Assignment.objects.count()
    response = reassign(client_as(w.users["operator"]), w, w.school_c, valid_from="2026-01-10")
    assert response.status_code == 200
    assert "действует с 20.01.2026: дата передачи школы должна быть позже" in response.content.decode()
    assert Assignment.objects.count() == before
    assert Assignment.objects.get(pk=w.petrova_assignment.pk).valid_to is None


def test_someone_of_the_school_itself_cannot_become_its_curator(w, client_as):
    teacher = PersonFactory(region=w.region, last_name="Учительская", school=w.school_c)
    response = reassign(client_as(w.users["operator"]), w, w.school_c, curator=teacher.pk)
    assert response.status_code == 200 and "Учительская" not in response.content.decode()
    assert response.context["form"].errors["curator"]
    w.school_c.director = w.sidorov
    w.school_c.save()
    with pytest.raises(ValidationError, match="работает в этой школе"):
        curator_reassign(school=w.school_c, curator=w.sidorov, order=w.new_order, on=TODAY)
    # Nor someone on the school's team.
    with pytest.raises(ValidationError, match="работает в этой школе"):
        curator_reassign(school=w.school_a, curator=w.users["director_a"].person, order=w.new_order, on=TODAY)


def test_the_current_curator_and_a_foreign_order_are_refused(w):
    with pytest.raises(ValidationError, match="уже куратор этой школы"):
        curator_reassign(school=w.school_c, curator=w.petrova, order=w.new_order, on=TODAY)
    from tests.factories import OrganisationFactory

    foreign = OrderFactory(issuer=OrganisationFactory(region=w.other_region))
    with pytest.raises(ValidationError, match="другому региону"):
        curator_reassign(school=w.school_c, curator=w.sidorov, order=foreign, on=TODAY)
    assert not Assignment.objects.filter(person=w.sidorov).exists()


def test_a_school_without_a_curator_gets_one(w):
    school = SchoolFactory(municipality=w.m)
    new, ended = curator_reassign(school=school, curator=w.petrova, order=w.new_order, on=TODAY, campaign=w.campaign)
    assert ended == [] and list(new.schools.all()) == [school] and new.campaign == w.campaign


def test_a_school_handed_over_on_a_later_day_stays_with_the_old_curator_until_then(w, client_as):
    later = TODAY + datetime.timedelta(days=10)
    assert reassign(client_as(w.users["operator"]), w, w.school_c, valid_from=later.isoformat()).status_code == 302
    assert client_as(w.petrova.user).get(reverse("monitoring:school_visits", args=[w.school_c.pk])).status_code == 200
    assert client_as(w.sidorov.user).get(reverse("monitoring:school_visits", args=[w.school_c.pk])).status_code == 404
    with time_machine.travel(NOON + datetime.timedelta(days=10), tick=False):
        assert (
            client_as(w.petrova.user).get(reverse("monitoring:school_visits", args=[w.school_c.pk])).status_code == 404
        )
        assert (
            client_as(w.sidorov.user).get(reverse("monitoring:school_visits", args=[w.school_c.pk])).status_code == 200
        )
    assert Assignment.objects.get(pk=w.petrova_assignment.pk).valid_from == APPOINTED


def test_only_the_regional_operator_reassigns(w, client_as):
    for persona in ("coordinator", "municipal"):
        assert reassign(client_as(w.users[persona]), w, w.school_c).status_code == 403, persona
    for persona in ("curator_a", "operator_r2"):  # C is not theirs to see
        assert reassign(client_as(w.users[persona]), w, w.school_c).status_code == 404, persona
    assert not Assignment.objects.filter(person=w.sidorov).exists()
