"""Event pages: creating an event (the region's or a municipality's), who sees it (404 by content
for the others), linking roadmap items, materials, marking attendance, resolving an import; the
facts for indicators; the audience's iCal feed; bounded queries."""

import datetime
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from opora.accounts.models import Role
from opora.monitoring.models import Attendance, AttendanceImport, Event
from opora.monitoring.selectors_events import attendees, events_held
from tests.roadmaps.worlds import add_roadmaps

from .event_matrix import event_in, kind

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "attendance"
TODAY = datetime.datetime(2026, 3, 20, 9, 0)


@pytest.fixture
def w(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    add_roadmaps(world)
    return world


def form(w, **extra):
    return {
        "campaign": w.campaign.pk,
        "kind": kind("вебинар").pk,
        "title": "Вебинар для кураторов: анализ ВПР",
        "starts_on": "2026-03-12",
        "start_time": "10:00",
        "organiser_text": "Институт развития образования",
        "audience_roles": [Role.CURATOR, Role.SCHOOL_TEAM],
        "items": [w.regional_item.pk],
    } | extra


def test_the_operator_creates_an_event_that_fulfils_a_roadmap_item(w, client_as):
    response = client_as(w.users["operator"]).post(reverse("monitoring:event_create"), form(w))
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    assert list(event.items.all()) == [w.regional_item] and event.created_by == w.users["operator"]
    page = client_as(w.users["curator_a"]).get(event.get_absolute_url()).content.decode()
    assert "Вебинар для кураторов: анализ ВПР" in page and w.regional_item.action[:40] in page
    assert "Отметить посещаемость" not in page  # a curator attends; the region marks


def test_the_form_refuses_bad_dates_and_someone_elses_roadmap_items(w, client_as):
    client = client_as(w.users["municipal"])
    response = client.post(
        reverse("monitoring:event_create"),
        form(w, municipality=w.m.pk, ends_on="2026-03-01", items=[w.item_m.pk, w.roadmap_m2.items.first().pk]),
    )
    assert response.status_code == 200 and not Event.objects.exists()
    body = response.content.decode()
    assert "Дата окончания раньше даты начала." in body
    assert "Выберите корректный вариант" in body  # M2's roadmap is not among the coordinator's choices


def test_a_municipal_coordinator_runs_their_municipalitys_events_only(w, client_as):
    client = client_as(w.users["municipal"])
    refused = client.post(reverse("monitoring:event_create"), form(w, items=[]))
    assert refused.status_code == 403 and not Event.objects.exists()  # the region's event is the region's
    assert "доступно" in refused.content.decode()
    created = client.post(reverse("monitoring:event_create"), form(w, municipality=w.m.pk, items=[w.item_m.pk]))
    assert created.status_code == 302 and Event.objects.get().municipality == w.m


def test_another_municipality_or_region_sees_nothing_of_it(w, client_as):
    event = event_in(w, "M", title="Совещание Северного района")
    for persona in ("director_b", "observer_m2", "operator_r2"):
        client = client_as(w.users[persona])
        assert client.get(event.get_absolute_url()).status_code == 404
        assert "Совещание Северного района" not in client.get(reverse("monitoring:events")).content.decode()
    assert (
        "Совещание Северного района"
        in client_as(w.users["director_a"]).get(reverse("monitoring:events")).content.decode()
    )
    event.audience_schools.set([w.school_b])  # now B's team is invited
    assert client_as(w.users["director_b"]).get(event.get_absolute_url()).status_code == 200


def test_a_material_must_be_a_document_or_a_link(w, client_as):
    event = event_in(w, "R")
    client = client_as(w.users["coordinator"])
    url = reverse("monitoring:event_material_add", args=[event.pk])
    exe = SimpleUploadedFile("prezentaciya.pdf", b"MZ\x90\x00 not a pdf")
    client.post(url, {"title": "Презентация", "file": exe})
    assert not event.materials.exists()
    client.post(url, {"title": "Запись вебинара", "url": "https://example.ru/zapis"})
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Запись вебинара" in page and "https://example.ru/zapis" in page


def test_hand_marking_and_resolving_an_import_through_the_pages(w, client_as):
    event = event_in(w, "M")
    client = client_as(w.users["municipal"])
    director, curator = w.users["director_a"].person, w.users["curator_a"].person
    page = client.get(reverse("monitoring:attendance", args=[event.pk])).content.decode()
    assert director.full_name in page and curator.full_name in page
    assert w.users["director_b"].person.full_name not in page  # B is in M2
    client.post(
        reverse("monitoring:attendance", args=[event.pk]),
        {"listed": [director.pk, curator.pk], "present": [director.pk]},
    )
    assert list(event.attendance.values_list("person_id", flat=True)) == [director.pk]

    csv = (
        "ФИО;E-mail;Подключился;Время участия\n"
        f"{curator.last_name} {curator.first_name};;12.03.2026 10:00;40\n"
        "Гость Гостев;;12.03.2026 10:00;20\n"
    )
    response = client.post(
        reverse("monitoring:attendance_upload", args=[event.pk]),
        {"file": SimpleUploadedFile("tolk.csv", csv.encode())},
    )
    imp = AttendanceImport.objects.get()
    assert response["Location"] == imp.get_absolute_url()
    page = client.get(imp.get_absolute_url()).content.decode()
    assert "Гость Гостев" in page and 'name="row-3"' in page and "не участник системы (гость)" in page
    client.post(imp.get_absolute_url(), {"row-3": "guest"})
    assert event.attendance.count() == 3
    assert Attendance.objects.get(event=event, person=None).name == "Гость Гостев"


def test_facts_for_indicators(w):
    webinar = event_in(w, "R", starts_on=datetime.date(2026, 3, 12))
    meeting_m = event_in(w, "M", starts_on=datetime.date(2026, 3, 5))
    later = event_in(w, "R", starts_on=datetime.date(2026, 4, 2))  # not held yet on TODAY
    event_in(w, "R2", starts_on=datetime.date(2026, 3, 12))
    Attendance.objects.create(event=webinar, person=w.users["curator_a"].person, source="manual")
    Attendance.objects.create(event=webinar, person=w.users["municipal"].person, source="manual")
    Attendance.objects.create(event=meeting_m, person=w.users["municipal"].person, source="manual")
    Attendance.objects.create(event=later, person=w.users["director_a"].person, source="manual")
    Attendance.objects.create(event=webinar, guest_key="name:гость", name="Гость", source="import")
    with time_machine.travel(TODAY, tick=False):
        assert set(events_held(w.region)) == {webinar, meeting_m}
        assert set(events_held(w.campaign, kind="селекторное совещание")) == {meeting_m}
        assert set(events_held(w.region, kind=kind("вебинар"), start=datetime.date(2026, 3, 10))) == {webinar}
        assert set(events_held(w.region, municipality=w.m2)) == set()
        assert set(events_held(w.region, municipality=w.m)) == {meeting_m}
        held = events_held(w.region)
        assert attendees(held).count() == 2  # the coordinator once, the guest not at all
        assert list(attendees(held, role=Role.MUNICIPAL_COORDINATOR)) == [w.users["municipal"].person]


def test_events_join_the_feed_of_their_audience_only(w, client):
    webinar = event_in(w, "R", title="Вебинар для школ", audience_roles=[Role.SCHOOL_TEAM])
    meeting = event_in(w, "M2", title="Совещание Южного района")
    for persona, sees in (("director_a", True), ("curator_a", False), ("director_b", True)):
        user = w.users[persona]
        user.calendar_token = persona[0] * 31 + persona[-1]
        user.save(update_fields=["calendar_token"])
        with time_machine.travel(TODAY, tick=False):
            body = client.get(reverse("roadmaps:feed", args=[user.calendar_token])).content.decode()
        assert (f"UID:opora-event-{webinar.pk}@" in body) is sees, persona
        assert (f"UID:opora-event-{meeting.pk}@" in body) is (persona == "director_b"), persona
    assert "SUMMARY:Вебинар: Вебинар для школ" in body


def test_pages_run_a_bounded_number_of_queries(w, client_as, django_assert_max_num_queries):
    events = [event_in(w, "M", title=f"Совещание {n}") for n in range(6)]
    people = [w.users[p].person for p in ("director_a", "curator_a", "municipal")]
    for event in events:
        event.items.set([w.item_m])
        for person in people:
            Attendance.objects.create(event=event, person=person, source="manual")
    client = client_as(w.users["municipal"])
    for url in (
        reverse("monitoring:events"),
        events[0].get_absolute_url(),
        reverse("monitoring:attendance", args=[events[0].pk]),
    ):
        with django_assert_max_num_queries(20):
            assert client.get(url).status_code == 200


def test_the_item_tag_lists_the_events_that_fulfil_it_for_those_who_see_them(w, rf):
    from django.template import Context, Template

    event = event_in(w, "M", title="Совещание по дорожной карте")
    event.items.set([w.item_m])
    template = Template(
        "{% load event_tags %}{% item_events item as events %}{% for e in events %}{{ e.title }}{% endfor %}"
    )
    for persona, sees in (("municipal", True), ("director_b", False)):
        request = rf.get("/")
        request.user = w.users[persona]
        assert (
            "Совещание по дорожной карте" in template.render(Context({"request": request, "item": w.item_m}))
        ) is sees


def test_the_admin_lists_kinds_events_attendance_and_kept_files(w, admin_client):
    event = event_in(w, "M")
    Attendance.objects.create(event=event, guest_key="name:гость", name="Гость", source="import")
    for model in ("eventkind", "event", "attendance", "attendanceimport"):
        assert admin_client.get(reverse(f"admin:monitoring_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:monitoring_event_change", args=[event.pk])).status_code == 200
    assert (
        "селекторное совещание" in admin_client.get(reverse("admin:monitoring_eventkind_changelist")).content.decode()
    )
