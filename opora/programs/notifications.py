"""Notifications about school documents (opora.notifications): the curator hears a document waits for review,
the school team hears it was returned or approved.

Two ways in, one key per status change (`programs:change:<pk>`), so a message is never made twice:
- `on_status_change`, connected to StatusChange's post_save by the notifications app: every transition the
  services make writes one StatusChange row in the same transaction, so the message is created (or rolled back)
  with the change and a person who chose «сразу» gets the letter the moment it commits;
- `scan(today)`, run daily by `opora notify`: catches changes written without signals (bulk loads, the demo's
  history, a failed hook) in the last SCAN_DAYS, as long as the change is still the document's current state.
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from opora.accounts.models import Assignment, Role

from .models import SchoolDocument, Status, StatusChange

SCAN_DAYS = 14
# A StatusChange dated this far back when written is history being loaded, not a live transition: the daily
# scan tells about it (quietly in the demo), the signal does not mail it.
LIVE = datetime.timedelta(minutes=10)


def recipients(document: SchoolDocument, to_status: str) -> tuple[str, list[int]]:
    """(kind, person ids) for a document that has just reached `to_status`; ("", []) for no message."""
    if to_status == Status.SUBMITTED:
        kind, role = "review_waiting", Role.CURATOR
    elif to_status == Status.RETURNED:
        kind, role = "document_returned", Role.SCHOOL_TEAM
    elif to_status == Status.APPROVED:
        kind, role = "document_approved", Role.SCHOOL_TEAM
    else:
        return "", []
    people = (
        Assignment.objects.active()
        .filter(role=role, schools=document.school_id)
        .filter(Q(campaign__isnull=True) | Q(campaign_id=document.campaign_id))
        .values_list("person_id", flat=True)
        .distinct()
    )
    return kind, list(people)


def _message(change: StatusChange, document: SchoolDocument) -> int:
    from opora.notifications.services import notify
    from opora.registry.models import Person

    kind, person_ids = recipients(document, change.to_status)
    if not kind:
        return 0
    people = Person.objects.filter(pk__in=person_ids)
    if change.by_id:
        people = people.exclude(user__pk=change.by_id)  # nobody is told of their own action
    name, school = document.name, document.school.short_name or document.school.full_name
    if kind == "review_waiting":
        title = f"Ждёт вашей проверки: «{name}» — {school}"
        body = "Школа отправила документ на проверку."
    elif kind == "document_returned":
        title = f"Возвращён на доработку: «{name}»"
        body = f"Куратор вернул документ на доработку. Комментарий: {change.comment}" if change.comment else ""
    else:
        title = f"Одобрен: «{name}»"
        body = "Куратор одобрил документ."
    return notify(
        recipients=list(people),
        kind=kind,
        title=title,
        body=body,
        url=reverse("programs:document", args=[document.pk]),
        key=f"programs:change:{change.pk}",
    )


def on_status_change(sender, instance: StatusChange, created: bool, raw: bool = False, **kwargs) -> None:
    if not created or raw or instance.at < timezone.now() - LIVE:
        return
    document = SchoolDocument.objects.select_related("school", "kind", "factor", "stage").get(pk=instance.document_id)
    _message(instance, document)


def scan(today: datetime.date) -> int:
    """Messages for the last SCAN_DAYS' changes that are still their document's state; returns how many made."""
    since = timezone.now() - datetime.timedelta(days=SCAN_DAYS)
    changes = (
        StatusChange.objects.filter(at__gte=since, to_status__in=[Status.SUBMITTED, Status.RETURNED, Status.APPROVED])
        .select_related("document__school", "document__kind", "document__factor", "document__stage")
        .order_by("document_id", "-at", "-pk")
    )
    made, seen = 0, set()
    for change in changes.iterator(chunk_size=500):
        document = change.document
        if document.pk in seen:
            continue  # only the document's latest change counts
        seen.add(document.pk)
        if document.status == change.to_status:
            made += _message(change, document)
    return made
