import datetime
import re
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse
from django.utils import timezone

from opora.accounts.models import Assignment, Role, User
from opora.core.models import AuditEntry
from opora.core.scoping import scope_of
from opora.registry.models import Order


def form_data(world, **overrides):
    data = {
        "region": world.region.pk,
        "last_name": "Канищева",
        "first_name": "Жанна",
        "middle_name": "Викторовна",
        "position": "Заместитель директора",
        "email": "kanishcheva@example.ru",
        "role": Role.CURATOR,
        "school_logins": "sch420002, SCH420003",
        "campaign": world.campaign.pk,
        "order": world.order.pk,
        "valid_from": "2026-02-01",
        "valid_to": "2026-12-31",
    }
    return data | overrides


# The appointment in form_data runs through 2026, the world's campaign year.
@time_machine.travel(datetime.datetime(2026, 3, 1, 10, tzinfo=ZoneInfo("Europe/Moscow")), tick=False)
def test_operator_appoints_a_new_curator_with_a_login_and_the_curator_sees_their_schools(world, client_as):
    client = client_as(world.users["operator"])
    response = client.post(reverse("accounts:assignment_create"), form_data(world, create_login="on"), follow=True)
    body = response.content.decode()
    assert "Назначение сохранено" in body
    password = re.search(r"пароль (\S+)\. Передайте", body).group(1)
    assignment = Assignment.objects.get(person__last_name="Канищева")
    assert set(assignment.schools.values_list("fis_oko_login", flat=True)) == {"sch420002", "sch420003"}
    assert assignment.created_by == world.users["operator"]
    assert AuditEntry.objects.filter(
        model="accounts.Assignment", object_id=str(assignment.pk), actor=world.users["operator"]
    ).exists()
    user = User.objects.get(email="kanishcheva@example.ru")
    assert user.check_password(password)
    assert scope_of(user).school_ids == {world.school_b.pk, world.school_c.pk}


def test_unknown_or_foreign_school_logins_are_refused_and_nothing_is_saved(world, client_as):
    client = client_as(world.users["operator"])
    response = client.post(
        reverse("accounts:assignment_create"), form_data(world, school_logins="sch420002 sch999999 sch770001")
    )
    assert response.status_code == 200
    assert "Нет таких школ в регионе: sch770001, sch999999." in response.content.decode()
    assert not Assignment.objects.filter(person__last_name="Канищева").exists()


def test_municipal_coordinator_needs_a_municipality(world, client_as):
    client = client_as(world.users["operator"])
    response = client.post(
        reverse("accounts:assignment_create"), form_data(world, role=Role.MUNICIPAL_COORDINATOR, school_logins="")
    )
    assert "Для муниципального координатора нужно указать муниципалитет." in response.content.decode()


def test_ending_an_assignment_keeps_it_as_history_and_removes_access(world, client_as):
    assignment = world.users["municipal"].person.assignments.get()
    client_as(world.users["operator"]).post(reverse("accounts:assignment_end", args=[assignment.pk]))
    assignment.refresh_from_db()
    assert assignment.valid_to == timezone.localdate() - datetime.timedelta(days=1)
    fresh = User.objects.get(pk=world.users["municipal"].pk)
    assert scope_of(fresh).is_empty


def test_operator_records_an_order_and_it_is_listed(world, client_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_as(world.users["operator"])
    issuer = world.order.issuer
    response = client.post(
        reverse("registry:order_create"),
        {"issuer": issuer.pk, "number": "7-р", "date": "2026-03-01", "title": "Об утверждении перечня ШНОР"},
    )
    order = Order.objects.get(number="7-р")
    assert response.status_code == 302 and response["Location"] == order.get_absolute_url()
    assert order.region == world.region and order.created_by == world.users["operator"]
    listing = client_as(world.users["director_b"]).get(reverse("registry:orders")).content.decode()
    assert "Об утверждении перечня ШНОР" in listing


def test_people_list_shows_only_people_in_scope(world, client_as):
    for persona, school in (("director_a", world.school_a), ("director_b", world.school_b)):
        person = world.users[persona].person
        person.school, person.email = school, f"{persona}@example.ru"
        person.save()
    shown = {p.email for p in client_as(world.users["director_a"]).get(reverse("registry:people")).context["page"]}
    assert shown == {"director_a@example.ru"}
    shown = {p.email for p in client_as(world.users["municipal"]).get(reverse("registry:people")).context["page"]}
    assert "director_a@example.ru" in shown and "director_b@example.ru" not in shown
