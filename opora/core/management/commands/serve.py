"""`opora serve HOST:PORT`: the web server (gunicorn), the task worker and the daily notifications
run (`opora notify --daily-at`) together, as one command that stops all three — what `make demo`
runs, and a simple way to run a small installation. Before the worker starts, work interrupted by
the last stop is marked failed (`opora recover`)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Запускает веб-сервер (gunicorn) и обработчик фоновых задач; Ctrl+C останавливает оба."

    def add_arguments(self, parser):
        parser.add_argument("address", nargs="?", default="127.0.0.1:8000", help="адрес:порт (127.0.0.1:8000)")
        parser.add_argument("--workers", type=int, default=2, help="процессов веб-сервера")
        parser.add_argument(
            "--notify-at", default="07:00", metavar="ЧЧ:ММ", help="время ежедневной проверки уведомлений (07:00)"
        )

    def handle(self, *args, address: str, workers: int, notify_at: str, **options):
        python = sys.executable
        env = os.environ.copy()
        # No worker runs yet: whatever is still «running» was cut off by the last stop.
        call_command("recover", worker_stopped=True, stdout=self.stdout)
        worker = subprocess.Popen([python, "-m", "opora", "db_worker", "--interval", "0.2"], env=env)
        notifier = subprocess.Popen([python, "-m", "opora", "notify", "--daily-at", notify_at], env=env)
        server = subprocess.Popen(
            [
                python, "-m", "gunicorn", "opora.wsgi:application",
                "--bind", address, "--workers", str(workers), "--threads", "4",
                "--timeout", "120", "--graceful-timeout", "10",
                "--access-logfile", "-",
            ],
            env=env,
        )  # fmt: skip
        self.stdout.write(
            f"Веб-сервер: http://{address}/ (pid {server.pid}); фоновые задачи: pid {worker.pid}; "
            f"уведомления: pid {notifier.pid}"
        )

        def stop(*_):
            for process in (server, worker, notifier):
                if process.poll() is None:
                    process.terminate()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            # Whichever ends first (a crash, Ctrl+C), the others are stopped too.
            while server.poll() is None and worker.poll() is None and notifier.poll() is None:
                try:
                    server.wait(timeout=1)
                except subprocess.TimeoutExpired:
                    pass
        finally:
            stop()
            for process in (server, worker, notifier):
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
        if server.returncode not in (0, -signal.SIGTERM, None):
            raise SystemExit(server.returncode)
