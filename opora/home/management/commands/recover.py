"""`opora recover`: work whose task died with the worker (kill -9, a power cut, a reboot) is marked
failed with a Russian message, never left «обрабатывается» for ever.

`opora serve` runs it with `--worker-stopped` before starting the worker: then no task can be
running, and every «running» one is dead. From cron (`*/10 * * * * opora recover`) a task counts as
dead when its queue row has ended or it has been «running» longer than `background.STALE_AFTER`."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from opora.assessment import jobs as assessment_jobs
from opora.assessment import protocol_jobs
from opora.core import prepared
from opora.diagnostics import jobs as diagnostics_jobs
from opora.registry import jobs as registry_jobs
from opora.roadmaps import jobs as roadmap_jobs


class Command(BaseCommand):
    help = "Отмечает прерванные фоновые задачи (загрузки, расчёты) как завершённые с ошибкой."

    def add_arguments(self, parser):
        parser.add_argument(
            "--worker-stopped",
            action="store_true",
            help="обработчик задач сейчас не запущен: все «выполняемые» задачи прерваны",
        )

    def handle(self, *args, worker_stopped: bool, **options):
        running = not worker_stopped
        found = (
            assessment_jobs.recover(worker_running=running)
            | protocol_jobs.recover(worker_running=running)
            | registry_jobs.recover(worker_running=running)
            | prepared.recover(worker_running=running)
            | diagnostics_jobs.recover(worker_running=running)
            | roadmap_jobs.recover(worker_running=running)
        )
        for what, ids in found.items():
            if ids:
                self.stdout.write(f"Прервано, отмечено ошибкой — {what}: {', '.join(map(str, ids))}")
        if not any(found.values()):
            self.stdout.write("Прерванных задач нет.")
