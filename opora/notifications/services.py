"""notify(): the one way an app puts a message into people's inboxes (and e-mails those who asked for it at once).

Other apps call it from their `opora.<app>.notifications.scan(today)` (run daily by `opora notify`) or on an event.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from .models import Delivery, Kind, Message, Preference, default_delivery

log = logging.getLogger(__name__)

# Set by `muted()`: messages go to inboxes only (the demo's load must not print a letter per message).
_muted: ContextVar[bool] = ContextVar("notifications_muted", default=False)


@contextmanager
def muted() -> Iterator[None]:
    """Within this block notify() e-mails nobody at once; the messages stay unsent (no digest picks up
    an «сразу» kind either)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def site_url() -> str:
    """The site's address for links in letters (settings.OPORA_SITE_URL, from the environment)."""
    return settings.OPORA_SITE_URL.rstrip("/")


def absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else f"{site_url()}{url}"


def _user_ids(recipients: Iterable) -> list[int]:
    """Users' ids from users and registry people (a person without a login gets nothing), in order, once each."""
    from opora.accounts.models import User
    from opora.registry.models import Person

    user_ids: list[int] = []
    person_ids: list[int] = []
    for one in recipients:
        if one is None:
            continue
        if isinstance(one, Person):
            person_ids.append(one.pk)
        elif isinstance(one, User):
            user_ids.append(one.pk)
        else:
            raise TypeError(f"notify(): получатель должен быть пользователем или человеком, а не {type(one).__name__}")
    if person_ids:
        user_ids += User.objects.filter(person_id__in=person_ids, is_active=True).values_list("pk", flat=True)
    return list(dict.fromkeys(user_ids))


def deliveries(user_ids: Iterable[int], kind: str) -> dict[int, str]:
    """Each user's choice for one kind, defaults filled in."""
    user_ids = list(user_ids)
    chosen = dict(Preference.objects.filter(user_id__in=user_ids, kind=kind).values_list("user_id", "delivery"))
    return {pk: chosen.get(pk, default_delivery(kind)) for pk in user_ids}


def _already(user_ids: list[int], key: str) -> set[int]:
    """Who already has this key's message (the unique constraint still decides when two runs race)."""
    return set(Message.objects.filter(recipient_id__in=user_ids, key=key).values_list("recipient_id", flat=True))


def notify(*, recipients: Iterable, kind: str, title: str, url: str, key: str, body: str = "") -> int:
    """One message per recipient unless they already have one with this key; returns how many were created.

    Recipients whose choice for this kind is «сразу» are e-mailed once the surrounding transaction commits.
    """
    if kind not in Kind.values:
        raise ValueError(f"notify(): неизвестный вид уведомления {kind!r}")
    user_ids = _user_ids(recipients)
    if not user_ids:
        return 0
    title = title[:300]
    key = key[:200]
    have = _already(user_ids, key)
    created: list[int] = []
    for user_id in user_ids:
        if user_id in have:
            continue
        try:
            # A savepoint per row: a message another process created meanwhile is simply skipped.
            with transaction.atomic():
                message = Message.objects.create(
                    recipient_id=user_id, kind=kind, title=title, body=body, url=url, key=key
                )
        except IntegrityError:
            continue
        created.append(message.pk)
    if created and not _muted.get():
        at_once = [pk for pk, how in deliveries(user_ids, kind).items() if how == Delivery.IMMEDIATELY]
        if at_once:
            ids = list(Message.objects.filter(pk__in=created, recipient_id__in=at_once).values_list("pk", flat=True))
            if ids:
                transaction.on_commit(lambda: send_now(ids))
    return len(created)


def send_now(message_ids: list[int]) -> int:
    """E-mail each message not yet e-mailed, one letter each; marks them e-mailed. Returns the letters sent."""
    sent = 0
    for message in Message.objects.filter(pk__in=message_ids, emailed_at__isnull=True).select_related("recipient"):
        # Claim the message first, so two senders never send it twice.
        if not Message.objects.filter(pk=message.pk, emailed_at__isnull=True).update(emailed_at=timezone.now()):
            continue
        text = message.body + ("\n\n" if message.body else "") + f"Открыть: {absolute(message.url)}\n"
        text += f"\nНастроить уведомления: {absolute(reverse('notifications:settings'))}\n"
        try:
            send_mail(f"Опора: {message.title}", text, None, [message.recipient.email])
        except Exception:  # a mail server down must not break the change that caused the message
            log.exception("Не удалось отправить уведомление %s", message.pk)
            Message.objects.filter(pk=message.pk).update(emailed_at=None)
            continue
        sent += 1
    return sent
