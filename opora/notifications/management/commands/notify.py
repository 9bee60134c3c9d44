"""`opora notify`: the daily run — each app's scan of what is due, then the daily digest letters.

Run once a day (cron: `0 7 * * * cd /srv/opora && .venv/bin/opora notify`), or keep it running with
`opora notify --daily-at 07:00` next to the task worker. A second run on the same day sends nothing twice."""

from __future__ import annotations

import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils import timezone

from opora.notifications.digest import run_scans, send_digests


class Command(BaseCommand):
    help = "Проверяет сроки (документы, посещения, мероприятия, отчёты) и рассылает ежедневные сводки уведомлений."

    def add_arguments(self, parser):
        parser.add_argument(
            "--daily-at",
            metavar="ЧЧ:ММ",
            help="не завершаться, а выполнять проверку каждый день в это время (местное время сервера)",
        )

    def handle(self, *args, daily_at: str | None = None, **options):
        if not daily_at:
            if not self.run_once():
                raise CommandError("Часть проверок не выполнена (подробности выше).")
            return
        try:
            at = datetime.datetime.strptime(daily_at, "%H:%M").time()
        except ValueError:
            raise CommandError("--daily-at: укажите время как ЧЧ:ММ, например 07:00.") from None
        self.stdout.write(f"Проверка уведомлений — каждый день в {at:%H:%M}; Ctrl+C останавливает.")
        last_day = None
        while True:
            now = timezone.localtime()
            if now.time() >= at and now.date() != last_day:
                close_old_connections()
                try:
                    self.run_once()
                except Exception as error:  # the database away for a while: try again next minute
                    self.stderr.write(f"Проверка уведомлений не удалась: {error}")
                else:
                    last_day = now.date()
                close_old_connections()
            time.sleep(60)

    def run_once(self) -> bool:
        today = timezone.localdate()
        ok = True
        for name, result in run_scans(today).items():
            if isinstance(result, Exception):
                ok = False
                self.stderr.write(f"{name}: ошибка — {result}")
            else:
                self.stdout.write(f"{name}: новых уведомлений {result}")
        letters = send_digests(today)
        self.stdout.write(f"Ежедневных сводок отправлено: {letters}")
        return ok
