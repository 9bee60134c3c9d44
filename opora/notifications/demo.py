"""The demo's inboxes: the apps' daily scans run for today, after every other app's demo is loaded, without
e-mailing anyone (a letter per message would flood the demo's output)."""

from __future__ import annotations

from django.utils import timezone

from .digest import run_scans
from .models import Message
from .services import muted


def load(region, out) -> None:
    with muted():
        results = run_scans(timezone.localdate())
    failed = [name for name, result in results.items() if isinstance(result, Exception)]
    for name in failed:
        out.write(f"Уведомления: проверка {name} не удалась — {results[name]}")
    # Counted as e-mailed: the daily run that `opora serve` starts would otherwise print a digest letter
    # per demo user into the demo's console.
    Message.objects.filter(recipient__person__region=region, emailed_at=None).update(emailed_at=timezone.now())
    out.write(f"Уведомления: во входящих {Message.objects.filter(recipient__person__region=region).count()} сообщений.")
