"""Daily visit notifications: a visit due, a gap over the norm; a second run sends nothing twice."""

import datetime

from opora.monitoring.models import Visit
from opora.monitoring.notifications import scan
from opora.notifications.models import Message
from tests.monitoring.worlds import TODAY, add_visits


def test_the_curator_is_reminded_of_a_visit_and_everyone_of_a_gap_once(world):
    add_visits(world)  # A: planned in 2 days, held 10 days ago; B: held 40 days ago
    made = scan(TODAY)
    due = Message.objects.get(kind="visit_due")
    assert due.recipient == world.users["curator_a"] and "18.03.2026" in due.title
    gap_to = set(Message.objects.filter(kind="visit_gap").values_list("recipient__email", flat=True))
    # B's curator, the region's coordinator; the municipal coordinator is M's, not B's (M2).
    assert gap_to == {"curator.b@example.ru", "coordinator@example.ru"}
    assert "40 дн." in Message.objects.filter(kind="visit_gap").first().title
    assert made == Message.objects.count() == 3
    assert scan(TODAY) == 0 and scan(TODAY + datetime.timedelta(days=1)) == 0  # nothing twice


def test_a_gap_in_the_municipality_reaches_its_coordinator_and_a_new_gap_notifies_again(world):
    add_visits(world)
    scan(TODAY + datetime.timedelta(days=30))  # A: 40 days since its visit
    assert Message.objects.filter(kind="visit_gap", recipient=world.users["municipal"]).count() == 1
    Visit.objects.filter(pk=world.planned_a.pk).update(status="held", held_on=TODAY + datetime.timedelta(days=31))
    assert scan(TODAY + datetime.timedelta(days=32)) == 0  # visited: no gap
    scan(TODAY + datetime.timedelta(days=70))
    assert Message.objects.filter(kind="visit_gap", recipient=world.users["municipal"]).count() == 2
