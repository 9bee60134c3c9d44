"""Where messages come from: school documents' transitions (as they happen, or found by the daily scan) and
the roadmap items falling due or overdue."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from opora.notifications.models import Kind, Message
from opora.programs import notifications as document_scan
from opora.programs.models import Review, Status, StatusChange
from opora.roadmaps import notifications as roadmap_scan
from opora.roadmaps import services as roadmap_services
from opora.roadmaps.models import ItemReport, MonitoringStage
from tests.programs.worlds import decide, upload
from tests.roadmaps.worlds import _item, add_roadmaps

TODAY = datetime.datetime(2026, 6, 1, 10, 0, tzinfo=ZoneInfo("Europe/Moscow"))


@pytest.fixture
def w(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return world


def report_done(item, on: datetime.date) -> None:
    stage = MonitoringStage.for_campaign(item.roadmap.campaign)[0]
    report = roadmap_services.report_create(item=item, stage=stage, status="done", user=None)
    moment = timezone.make_aware(datetime.datetime.combine(on, datetime.time(12)))
    ItemReport.objects.filter(pk=report.pk).update(at=moment)


def inbox(user) -> list[tuple[str, str]]:
    return list(Message.objects.filter(recipient=user).order_by("pk").values_list("kind", "title"))


def test_each_transition_tells_the_one_who_acts_next(w, django_capture_on_commit_callbacks):
    curator, director = w.users["curator_a"], w.users["director_a"]
    with django_capture_on_commit_callbacks(execute=True):
        document = upload(w, w.school_a, "concept")
    assert inbox(curator) == [(Kind.REVIEW_WAITING, "Ждёт вашей проверки: «Концепция развития» — МБОУ «СОШ № 1»")]
    assert inbox(director) == []  # not told of their own submission
    message = Message.objects.get(recipient=curator)
    assert message.url == reverse("programs:document", args=[document.pk])
    assert [letter.to for letter in mail.outbox] == [[curator.email]]  # «сразу» by default

    with django_capture_on_commit_callbacks(execute=True):
        decide(w, document, Review.Verdict.RETURNED, "Добавьте цели по рискам")
    assert inbox(director) == [(Kind.DOCUMENT_RETURNED, "Возвращён на доработку: «Концепция развития»")]
    assert "Добавьте цели по рискам" in Message.objects.get(recipient=director).body
    assert mail.outbox[-1].to == [director.email]

    document.refresh_from_db()
    from opora.programs import services

    services.document_submit(user=director, document=document, revision=document.revision)
    decide(w, document, Review.Verdict.APPROVED)
    assert [kind for kind, _ in inbox(director)] == [Kind.DOCUMENT_RETURNED, Kind.DOCUMENT_APPROVED]
    assert [kind for kind, _ in inbox(curator)] == [Kind.REVIEW_WAITING, Kind.REVIEW_WAITING]
    # Nobody in another school hears of it.
    assert inbox(w.users["director_b"]) == []
    # The daily scan finds these changes already told: nothing twice.
    assert document_scan.scan(timezone.localdate()) == 0


def test_the_scan_tells_of_changes_written_without_the_live_hook_while_they_still_hold(w):
    curator = w.users["curator_a"]
    waiting = upload(w, w.school_a, "concept", submit=False)
    dropped = upload(w, w.school_a, "midterm", submit=False)
    past = timezone.now() - datetime.timedelta(days=3)
    for document in (waiting, dropped):  # history loaded as the demo loads it: dated back, no live message
        StatusChange.objects.create(document=document, from_status=Status.DRAFT, to_status=Status.SUBMITTED, at=past)
    StatusChange.objects.create(document=dropped, from_status=Status.SUBMITTED, to_status=Status.DRAFT, at=past)
    waiting.status = Status.SUBMITTED
    waiting.save()
    assert inbox(curator) == []
    assert document_scan.scan(timezone.localdate()) == 1
    assert [m.url for m in Message.objects.filter(recipient=curator)] == [
        reverse("programs:document", args=[waiting.pk])
    ]
    assert document_scan.scan(timezone.localdate()) == 0


@pytest.fixture
def plans(w):
    with time_machine.travel(TODAY, tick=False):
        add_roadmaps(w)
        # Municipal coordinator's items: one due in 5 days, one done due in 3, one due in 20; item_m overdue.
        w.soon = _item(
            w.roadmap_m, "2.1", "Совещание с директорами", datetime.date(2026, 6, 6), ["Муниципальный координатор"]
        )
        w.done_soon = _item(
            w.roadmap_m, "2.2", "Отчёт в министерство", datetime.date(2026, 6, 4), ["Муниципальный координатор"]
        )
        _item(w.roadmap_m, "2.3", "Семинар", datetime.date(2026, 6, 21), ["Муниципальный координатор"])
        report_done(w.done_soon, datetime.date(2026, 5, 30))
        yield w


def test_items_due_in_a_week_and_overdue_come_once_a_day_per_person(plans):
    municipal = plans.users["municipal"]
    with time_machine.travel(TODAY, tick=False):
        made = roadmap_scan.scan(timezone.localdate())
        assert roadmap_scan.scan(timezone.localdate()) == 0  # a second run the same day
    assert made >= 2
    mine = {m.kind: m for m in Message.objects.filter(recipient=municipal)}
    assert set(mine) == {Kind.ITEMS_DUE, Kind.ITEMS_OVERDUE}
    assert mine[Kind.ITEMS_DUE].title == "Срок в ближайшие 7 дней: мероприятий — 1"
    assert "Совещание с директорами — до 06.06.2026" in mine[Kind.ITEMS_DUE].body
    assert mine[Kind.ITEMS_DUE].url == reverse("roadmaps:mine")
    assert mine[Kind.ITEMS_OVERDUE].title == "Просрочено мероприятий: 1"
    assert "Назначение кураторов — до 01.03.2026" in mine[Kind.ITEMS_OVERDUE].body
    assert mine[Kind.ITEMS_OVERDUE].url == reverse("roadmaps:mine") + "?overdue=1"
    # B's director has no items: no message.
    assert not Message.objects.filter(recipient=plans.users["director_b"]).exists()

    report_done(plans.item_m, datetime.date(2026, 6, 1))
    with time_machine.travel(TODAY + datetime.timedelta(days=1), tick=False):
        roadmap_scan.scan(timezone.localdate())
    kinds = list(Message.objects.filter(recipient=municipal).order_by("pk").values_list("kind", flat=True))
    assert kinds == [Kind.ITEMS_DUE, Kind.ITEMS_OVERDUE, Kind.ITEMS_DUE]  # the overdue one was done
