"""The curator's visits in their iCal feed (roadmaps:feed), through opora.core.calendar_sources."""

import datetime

import time_machine
from django.urls import reverse

from opora.monitoring.models import Visit, VisitStatus
from tests.monitoring.worlds import add_visits


def test_the_curators_feed_carries_their_visits_and_nobody_elses(world, client):
    add_visits(world)
    Visit.objects.create(
        school=world.school_a,
        campaign=world.campaign,
        curator=world.users["curator_a"].person,
        status=VisitStatus.CANCELLED,
        planned_on=datetime.date(2026, 3, 20),
    )
    curator = world.users["curator_a"]
    curator.calendar_token = "c" * 32
    curator.save(update_fields=["calendar_token"])
    with time_machine.travel(datetime.datetime(2026, 3, 16, 9, 0), tick=False):
        body = client.get(reverse("roadmaps:feed", args=["c" * 32])).content.decode()
    assert body.startswith("BEGIN:VCALENDAR") and body.count("BEGIN:VEVENT") == 2  # held + planned, not cancelled
    assert f"UID:opora-visit-{world.planned_a.pk}@" in body
    assert "DTSTART;VALUE=DATE:20260318" in body and "DTEND;VALUE=DATE:20260319" in body
    assert "SUMMARY:Визит: МБОУ «СОШ № 1»" in body
    assert f"/visits/{world.planned_a.pk}/" in body
    assert "Тохтор" not in body  # school B's visit is another curator's
