"""The daily run: every app's scan for what is due, then one letter a day to each person who chose «раз в день»."""

from __future__ import annotations

import datetime
import importlib
import logging
from collections import defaultdict

from django.apps import apps
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from .models import DEFAULT_DELIVERY, Delivery, Digest, Message, Preference
from .services import absolute

log = logging.getLogger(__name__)

# A digest carries what arrived in the last days; older unsent messages (say, from before the person chose
# «раз в день») stay in the inbox only.
DIGEST_WINDOW = datetime.timedelta(days=7)
# A letter lists this many messages; the rest are counted and wait in the inbox.
LISTED = 30


def scan_modules() -> list:
    """`opora.<app>.notifications` of every installed opora app that has one, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("opora.") or config.name == "opora.notifications":
            continue
        name = f"{config.name}.notifications"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name == name:
                continue
            raise
        if callable(getattr(module, "scan", None)):
            found.append(module)
    return found


def run_scans(today: datetime.date) -> dict[str, int | Exception]:
    """Each app's scan(today) in its own transaction; one failing scan does not stop the others."""
    results: dict[str, int | Exception] = {}
    for module in scan_modules():
        try:
            with transaction.atomic():
                results[module.__name__] = module.scan(today) or 0
        except Exception as error:
            log.exception("Проверка %s не удалась", module.__name__)
            results[module.__name__] = error
    return results


def _daily_pairs(user_ids: set[int]):
    """(user, kind) pairs whose choice is «раз в день», the defaults counted."""
    chosen = {
        (user_id, kind): delivery
        for user_id, kind, delivery in Preference.objects.filter(user_id__in=user_ids).values_list(
            "user_id", "kind", "delivery"
        )
    }
    return chosen, lambda user_id, kind: chosen.get((user_id, kind), DEFAULT_DELIVERY.get(kind, Delivery.DAILY))


def send_digests(today: datetime.date) -> int:
    """One letter per person for their unread, not yet e-mailed messages of «раз в день» kinds. Returns letters sent.

    Idempotent: the day's letter is recorded (one per person and day, a unique row) before it is sent, and the
    messages in it are marked e-mailed, so a second run on the same day sends nothing twice.
    """
    since = timezone.now() - DIGEST_WINDOW
    pending = Message.objects.filter(emailed_at__isnull=True, read_at__isnull=True, created_at__gte=since)
    rows = list(pending.values_list("pk", "recipient_id", "kind"))
    if not rows:
        return 0
    done_today = set(Digest.objects.filter(day=today).values_list("user_id", flat=True))
    _chosen, delivery = _daily_pairs({user_id for _pk, user_id, _kind in rows})
    by_user: dict[int, list[int]] = defaultdict(list)
    for pk, user_id, kind in rows:
        if user_id not in done_today and delivery(user_id, kind) == Delivery.DAILY:
            by_user[user_id].append(pk)
    sent = 0
    for user_id, ids in by_user.items():
        try:
            with transaction.atomic():
                Digest.objects.create(user_id=user_id, day=today, messages=len(ids))
                # Only messages this run claims: a concurrent sender's are skipped.
                claimed = Message.objects.filter(pk__in=ids, emailed_at__isnull=True)
                messages = list(claimed.select_related("recipient").order_by("created_at", "pk"))
                Message.objects.filter(pk__in=[m.pk for m in messages]).update(emailed_at=timezone.now())
                if messages:
                    _send_digest(messages, today)
                    sent += 1
        except IntegrityError:
            continue  # another run already sent this person's letter today
        except Exception:
            log.exception("Не удалось отправить сводку пользователю %s", user_id)
    return sent


def _send_digest(messages: list[Message], today: datetime.date) -> None:
    recipient = messages[0].recipient
    lines = [f"Новые уведомления в «Опоре» ({len(messages)}):", ""]
    for message in messages[:LISTED]:
        lines.append(f"• {message.title}")
        lines += [f"  {line}" for line in message.body.splitlines() if line.strip()]
        lines.append(f"  {absolute(message.url)}")
    if len(messages) > LISTED:
        lines.append(f"… и ещё {len(messages) - LISTED} — в разделе «Уведомления».")
    lines += [
        "",
        f"Все уведомления: {absolute(reverse('notifications:inbox'))}",
        f"Настроить, что и когда присылать: {absolute(reverse('notifications:settings'))}",
    ]
    subject = f"Опора: уведомления за {today:%d.%m.%Y}"
    send_mail(subject, "\n".join(lines) + "\n", None, [recipient.email])
