from django.urls import reverse

from opora.accounts.models import Assignment, Role
from opora.core.models import AuditEntry
from tests.factories import UserFactory


def test_assignment_changes_made_in_admin_are_logged_with_who_did_it(world, client_as):
    admin = UserFactory(email="root@example.ru", is_staff=True, is_superuser=True, person=None)
    client = client_as(admin)
    assignment = Assignment.objects.get(person=world.users["curator_a"].person)
    response = client.post(
        reverse("admin:accounts_assignment_change", args=[assignment.pk]),
        {
            "person": assignment.person_id,
            "role": Role.CURATOR,
            "region": world.region.pk,
            "schools": [world.school_a.pk, world.school_c.pk],
            "campaign": world.campaign.pk,
            "order": world.order.pk,
            "valid_from": "2026-01-20",
            "valid_to": "2026-12-31",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entries = AuditEntry.objects.filter(model="accounts.Assignment", object_id=str(assignment.pk))
    update = entries.get(action="update", changes__has_key="valid_to")
    assert update.actor == admin
    assert update.changes["valid_to"] == [None, "2026-12-31"]
    assert entries.filter(changes__schools__0="добавлены").exists()


def test_order_creation_and_deletion_are_logged(world):
    order = world.order
    assert AuditEntry.objects.filter(model="registry.Order", object_id=str(order.pk), action="create").exists()
    order_pk = order.pk
    Assignment.objects.filter(order=order).update(order=None)
    order.delete()
    deleted = AuditEntry.objects.get(model="registry.Order", object_id=str(order_pk), action="delete")
    assert deleted.actor_label == "система"
    assert deleted.changes["number"] == ["112-р", None]


def test_order_page_shows_its_history(world, client_as):
    response = client_as(world.users["operator"]).get(reverse("registry:order", args=[world.order.pk]))
    assert "История изменений" in response.content.decode()
