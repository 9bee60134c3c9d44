"""notify(): one message per person and key, e-mail by each person's choice, and the daily digest command."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from opora.notifications import digest
from opora.notifications.models import Delivery, Digest, Kind, Message, Preference
from opora.notifications.services import notify
from tests.factories import PersonFactory

NOON = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=ZoneInfo("Europe/Moscow"))


@pytest.fixture
def no_scans(monkeypatch):
    """The command's digests alone: the apps' scans are tested in their own tests."""
    monkeypatch.setattr(digest, "scan_modules", lambda: [])


def send(recipients, kind=Kind.ITEMS_DUE, key="k1", **extra):
    values = {"title": "Срок мероприятия", "url": "/roadmaps/mine/"} | extra
    return notify(recipients=recipients, kind=kind, key=key, **values)


def test_the_same_key_makes_one_message_per_person_and_people_map_to_their_logins(world):
    curator, director = world.users["curator_a"], world.users["director_a"]
    without_login = PersonFactory(region=world.region)
    assert send([curator, director.person, without_login, curator]) == 2
    assert send([curator, director]) == 0
    assert send([curator], key="k2") == 1
    assert Message.objects.filter(recipient=curator).count() == 2
    assert Message.objects.filter(recipient=director).count() == 1


def test_a_message_another_process_created_meanwhile_is_skipped_not_an_error(world, monkeypatch):
    from opora.notifications import services

    curator, director = world.users["curator_a"], world.users["director_a"]
    send([curator])
    # As if the other process committed between this one's look and its insert.
    monkeypatch.setattr(services, "_already", lambda user_ids, key: set())
    assert send([curator, director]) == 1
    assert Message.objects.filter(key="k1").count() == 2


def test_an_unknown_kind_is_refused(world):
    with pytest.raises(ValueError):
        send([world.users["curator_a"]], kind="gossip")


def test_immediately_mails_once_the_change_commits(world, django_capture_on_commit_callbacks, settings):
    settings.OPORA_SITE_URL = "https://opora.example.ru/"
    curator = world.users["curator_a"]  # review_waiting: «сразу» by default
    with django_capture_on_commit_callbacks(execute=True):
        send([curator], kind=Kind.REVIEW_WAITING, title="Ждёт вашей проверки: концепция", url="/programs/5/")
        assert mail.outbox == []  # not before the commit
    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert letter.to == [curator.email]
    assert letter.subject == "Опора: Ждёт вашей проверки: концепция"
    assert "https://opora.example.ru/programs/5/" in letter.body
    assert Message.objects.get(recipient=curator).emailed_at is not None


def test_the_site_address_in_letters_comes_from_settings(world, settings, django_capture_on_commit_callbacks):
    settings.OPORA_SITE_URL = "https://opora.example.ru/"
    with django_capture_on_commit_callbacks(execute=True):
        send([world.users["curator_a"]], kind=Kind.REVIEW_WAITING, url="/programs/5/")
    assert "https://opora.example.ru/programs/5/" in mail.outbox[0].body


@pytest.mark.usefixtures("no_scans")
def test_a_daily_digest_goes_once_a_day_with_what_came_since(world, django_capture_on_commit_callbacks, settings):
    settings.OPORA_SITE_URL = "https://opora.example.ru"
    director, curator = world.users["director_a"], world.users["curator_a"]
    Preference.objects.create(user=curator, kind=Kind.ITEMS_DUE, delivery=Delivery.NEVER)
    with time_machine.travel(NOON, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            send([director, curator], key="due-1", title="Срок в ближайшие 7 дней: мероприятий — 2")
            send([director], kind=Kind.DOCUMENT_APPROVED, key="ok-1", title="Одобрен: «Концепция»", url="/p/1/")
        assert mail.outbox == []  # «раз в день» by default: nothing at once
        call_command("notify", stdout=io.StringIO())
        assert [letter.to for letter in mail.outbox] == [[director.email]]
        body = mail.outbox[0].body
        assert mail.outbox[0].subject == "Опора: уведомления за 01.06.2026"
        assert "Срок в ближайшие 7 дней: мероприятий — 2" in body and "Одобрен: «Концепция»" in body
        assert "https://opora.example.ru/p/1/" in body

        # The same day again, even with something new: nothing is sent twice, and no second letter.
        send([director], key="due-2", title="Ещё одно мероприятие")
        call_command("notify", stdout=io.StringIO())
        assert len(mail.outbox) == 1
        assert Digest.objects.filter(user=director).count() == 1

    with time_machine.travel(NOON + datetime.timedelta(days=1), tick=False):
        call_command("notify", stdout=io.StringIO())
    assert len(mail.outbox) == 2
    assert "Ещё одно мероприятие" in mail.outbox[1].body and "Одобрен" not in mail.outbox[1].body
    # «не присылать»: never a letter, but the inbox has it.
    assert all(letter.to != [curator.email] for letter in mail.outbox)
    assert Message.objects.filter(recipient=curator, emailed_at__isnull=True).count() == 1


@pytest.mark.usefixtures("no_scans")
def test_never_means_no_letter_at_once_either(world, django_capture_on_commit_callbacks):
    curator = world.users["curator_a"]
    Preference.objects.create(user=curator, kind=Kind.REVIEW_WAITING, delivery=Delivery.NEVER)
    with django_capture_on_commit_callbacks(execute=True):
        assert send([curator], kind=Kind.REVIEW_WAITING) == 1
    call_command("notify", stdout=io.StringIO())
    assert mail.outbox == []
    assert Message.objects.filter(recipient=curator).count() == 1


@pytest.mark.usefixtures("no_scans")
def test_a_message_already_read_is_not_in_the_digest(world):
    director = world.users["director_a"]
    send([director])
    Message.objects.update(read_at=NOON)
    call_command("notify", stdout=io.StringIO())
    assert mail.outbox == []


def test_the_command_finds_the_scan_modules_of_the_apps():
    names = {module.__name__ for module in digest.scan_modules()}
    assert {"opora.programs.notifications", "opora.roadmaps.notifications"} <= names
