"""Importing a platform's file into an event's attendance: matched rows counted, the rest listed to
resolve (a person or «не участник системы»), nothing dropped, nothing counted twice, a broken file
changes nothing and is kept."""

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from opora.accounts.models import Role
from opora.monitoring.events import attendance_import, attendance_mark, audience_people, import_resolve
from opora.monitoring.models import Attendance, ImportStatus
from tests.factories import PersonFactory, UserFactory, assign

from .event_matrix import event_in

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "attendance"


def upload(name, data=None):
    return SimpleUploadedFile(name, data if data is not None else (FIXTURES / name).read_bytes())


@pytest.fixture
def people(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    r = world.region

    def person(last, first, middle, email="", role=None, **scope):
        if role is None:
            return PersonFactory(region=r, last_name=last, first_name=first, middle_name=middle, email=email)
        user = UserFactory(
            person__region=r, person__last_name=last, person__first_name=first, person__middle_name=middle,
            person__email=email,
        )  # fmt: skip
        assign(user, role, region=r, campaign=world.campaign, **scope)
        return user.person

    world.ivanova = person(
        "Иванова", "Анна", "Викторовна", "ivanova@school1.ru", Role.SCHOOL_TEAM, schools=[world.school_a]
    )
    world.petrov = person("Петров", "Сергей", "Иванович", "petrov@school3.ru", Role.CURATOR, schools=[world.school_c])
    world.semenova = person("Семёнова", "Ольга", "Петровна", "", Role.MUNICIPAL_COORDINATOR, municipality=world.m2)
    world.kuznetsova_1 = person("Кузнецова", "Мария", "Ивановна")
    world.kuznetsova_2 = person("Кузнецова", "Марина", "Олеговна")
    world.event = event_in(world, "R")
    return world


def test_matched_rows_count_and_the_others_wait_for_the_user(people):
    w, operator = people, people.users["operator"]
    imp = attendance_import(event=w.event, user=operator, file=upload("telemost.csv"))
    assert imp.platform == "Яндекс Телемост" and imp.status == ImportStatus.PENDING
    present = set(w.event.attendance.values_list("person_id", flat=True))
    assert present == {w.ivanova.pk, w.petrov.pk, w.semenova.pk}
    assert w.event.attendance.get(person=w.ivanova).minutes == 88
    pending = {row["name"]: row for row in imp.pending_rows}
    assert set(pending) == {"Кузнецова М.", "Зайцев Игорь"}
    assert set(pending["Кузнецова М."]["candidates"]) == {w.kuznetsova_1.pk, w.kuznetsova_2.pk}
    assert pending["Зайцев Игорь"]["state"] == "unmatched"

    resolved = import_resolve(imp=imp, user=operator, decisions={5: w.kuznetsova_2.pk, 6: "guest"})
    imp.refresh_from_db()
    assert resolved == 2 and imp.status == ImportStatus.DONE and imp.pending_rows == []
    guest = w.event.attendance.get(person=None)
    assert (guest.name, guest.email, guest.minutes) == ("Зайцев Игорь", "zaitsev@mail.ru", 60)
    assert w.event.attendance.filter(person=w.kuznetsova_2).exists()


def test_importing_the_same_or_an_updated_file_again_counts_no_one_twice(people):
    w, operator = people, people.users["operator"]
    first = attendance_import(event=w.event, user=operator, file=upload("telemost.csv"))
    import_resolve(imp=first, user=operator, decisions={5: w.kuznetsova_2.pk, 6: "guest"})
    again = attendance_import(event=w.event, user=operator, file=upload("telemost.csv"))
    # The answers given for the first file are remembered for the same rows.
    assert again.status == ImportStatus.DONE
    assert Attendance.objects.filter(event=w.event).count() == 5
    updated = (FIXTURES / "telemost.csv").read_text().replace("01:28:00", "01:35:00").encode()
    attendance_import(event=w.event, user=operator, file=upload("telemost-2.csv", updated))
    assert Attendance.objects.filter(event=w.event).count() == 5
    assert w.event.attendance.get(person=w.ivanova).minutes == 95


def test_reconnections_in_one_file_add_up_for_one_person(people):
    w = people
    attendance_import(event=w.event, user=w.users["operator"], file=upload("zoom.csv"))
    ivanova = w.event.attendance.get(person=w.ivanova)
    assert ivanova.minutes == 84
    joined = timezone.localtime(ivanova.joined_at, ZoneInfo(w.region.timezone))  # the region's clock in the file
    assert (joined.hour, joined.minute) == (10, 1)


def test_a_broken_file_changes_nothing_and_is_kept_with_its_errors(people):
    w, operator = people, people.users["operator"]
    attendance_mark(event=w.event, user=operator, listed_ids={w.petrov.pk}, present_ids={w.petrov.pk})
    imp = attendance_import(event=w.event, user=operator, file=upload("broken.csv"))
    assert imp.status == ImportStatus.FAILED
    assert imp.errors[0].startswith("broken.csv: Строка 3, столбец «Подключился»")
    assert list(w.event.attendance.values_list("person_id", flat=True)) == [w.petrov.pk]
    with imp.file.open("rb") as kept:
        assert kept.read().startswith("ФИО;E-mail".encode())


def test_the_audience_and_hand_marking(people):
    w, operator = people, people.users["operator"]
    audience = set(audience_people(w.event))
    assert {w.ivanova, w.petrov, w.semenova} <= audience
    assert w.kuznetsova_1 not in audience  # no assignment: not invited
    assert w.users["operator"].person not in audience  # the audience has no regional operators
    added, removed = attendance_mark(
        event=w.event, user=operator, listed_ids={w.ivanova.pk, w.petrov.pk}, present_ids={w.ivanova.pk}
    )
    assert (added, removed) == (1, 0)
    added, removed = attendance_mark(
        event=w.event, user=operator, listed_ids={w.ivanova.pk, w.petrov.pk}, present_ids={w.petrov.pk}
    )
    assert (added, removed) == (1, 1)
    assert list(w.event.attendance.values_list("person_id", flat=True)) == [w.petrov.pk]


def test_a_municipal_event_invites_only_its_municipality(people):
    w = people
    event_m2 = event_in(w, "M2")
    # M2's coordinator and B's team; A and C are in M.
    assert set(audience_people(event_m2)) == {w.semenova, w.users["director_b"].person}
    event_m2.audience_schools.set([w.school_a])
    assert w.ivanova in set(audience_people(event_m2))
