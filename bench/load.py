"""Load: 20 users of mixed roles browse for 60 s against the real server (gunicorn + the task
worker, `opora serve`), on PostgreSQL or on the demo's SQLite — optionally while the regional
operator of a second region uploads the national results file (640,000 rows).

    python bench/load.py                      # PostgreSQL, 20 users, 60 s
    python bench/load.py --db sqlite --upload # SQLite while a national file uploads
    python bench/load.py --users 5 --seconds 10

Prints requests, errors (HTTP 5xx or no answer), p50 / p95 / max latency, and exits 1 on any
error. Traffic goes to 127.0.0.1 only; the loops stop by themselves."""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from _support import ROOT, django_setup, postgres_cluster

sys.path.insert(0, str(Path(__file__).resolve().parent))

PASSWORD = "opora-demo-2026"
# Who browses, and the pages each opens in turn (as a person of that role would).
PERSONAS = {
    "operator@demo.opora.ru": [
        "/",
        "/lists/",
        "/roadmaps/",
        "/roadmaps/overdue/",
        "/registry/schools/",
        "/accounts/assignments/",
    ],
    "coordinator@demo.opora.ru": ["/", "/roadmaps/", "/roadmaps/overdue/", "/lists/", "/registry/orders/"],
    "municipal@demo.opora.ru": ["/", "/roadmaps/mine/", "/registry/schools/", "/roadmaps/", "/lists/"],
    "curator@demo.opora.ru": ["/", "/roadmaps/mine/", "/registry/schools/", "/lists/"],
    "director@demo.opora.ru": ["/", "/roadmaps/", "/registry/schools/", "/lists/"],
    "expert@demo.opora.ru": ["/", "/lists/", "/roadmaps/"],
    "observer@demo.opora.ru": ["/", "/roadmaps/", "/registry/people/"],
}
SERVER_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-key-" + "x" * 40,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "SECURE_HSTS_SECONDS": "0",
    "OPORA_MANIFEST_STATIC": "0",
    "AXES_FAILURE_LIMIT": "1000",
    "LOG_LEVEL": "ERROR",
}


class Session:
    """A browser-like client: cookies, CSRF token, redirects followed."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, path: str, data: dict | None = None, files: tuple | None = None, timeout: float = 120):
        headers = {"Referer": self.base + path}
        body = None
        if files:
            boundary = "----opora-bench"
            body, headers["Content-Type"] = (
                _multipart(data or {}, files, boundary),
                f"multipart/form-data; boundary={boundary}",
            )
        elif data is not None:
            body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        with self.opener.open(request, timeout=timeout) as response:
            return response.status, response.read()

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def login(self, email: str) -> None:
        self.request("/accounts/login/")
        status, body = self.request(
            "/accounts/login/", {"username": email, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf()}
        )
        if "Выйти".encode() not in body:
            raise RuntimeError(f"вход {email} не удался ({status})")


def _multipart(fields: dict, files: tuple, boundary: str) -> bytes:
    name, filename, content = files
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        f"Content-Type: text/csv\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts)


def browse(base: str, email: str, pages: list[str], until: float, timings: list, errors: list) -> None:
    session = Session(base)
    try:
        session.login(email)
    except Exception as exc:
        errors.append(f"{email}: {exc}")
        return
    n = 0
    while time.monotonic() < until:
        path = pages[n % len(pages)]
        n += 1
        start = time.perf_counter()
        try:
            status, _ = session.request(path, timeout=30)
        except urllib.error.HTTPError as exc:
            status = exc.code
        except Exception as exc:
            errors.append(f"{email} {path}: {exc}")
            continue
        timings.append(time.perf_counter() - start)
        if status >= 500:
            errors.append(f"{email} {path}: HTTP {status}")


def wait_for(base: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/accounts/login/", timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("сервер не ответил")


def prepare(database_url: str | None, data_dir: str, upload: bool) -> dict:
    django_setup(database_url, data_dir, debug=False)
    from django.core.management import call_command

    call_command("demo", stdout=open(os.devnull, "w"))
    extra = {}
    if upload:
        from identify import DATA, generate
        from results_import_pg import create_registry, schools_of

        from opora.accounts.models import Role, User
        from opora.registry.models import Person

        path = DATA / "results-40000.csv"  # the national file of bench/identify.py
        if not path.exists():
            generate(path)
        region, campaign = create_registry(schools_of(path))
        person = Person.objects.create(region=region, last_name="Загрузчиков", first_name="Бенч")
        User.objects.create_user(email="uploader@bench.opora.ru", password=PASSWORD, person=person)
        from opora.accounts.models import Assignment

        Assignment.objects.create(person=person, role=Role.REGIONAL_OPERATOR, region=region)
        extra = {"campaign": campaign.pk, "file": path}
    from django.db import connections

    connections.close_all()
    return extra


def upload_national(base: str, extra: dict, report: dict) -> None:
    session = Session(base)
    session.login("uploader@bench.opora.ru")
    page = f"/lists/campaigns/{extra['campaign']}/"
    session.request(page)
    start = time.perf_counter()
    try:
        status, _ = session.request(
            f"{page}results/",
            {"csrfmiddlewaretoken": session.csrf()},
            files=("file", "results.csv", extra["file"].read_bytes()),
            timeout=600,
        )
    except urllib.error.HTTPError as exc:
        status = exc.code
    report["upload"] = (status, time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--upload", action="store_true", help="while a national results file uploads")
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="opora-load-")

    def run(database_url: str | None) -> int:
        extra = prepare(database_url, data_dir, args.upload)
        from tests.postgres import free_port

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = {**os.environ, **SERVER_ENV, "OPORA_DATA_DIR": data_dir}
        if database_url:
            env["DATABASE_URL"] = database_url
        server = subprocess.Popen(
            [sys.executable, "-m", "opora", "serve", f"127.0.0.1:{port}", "--workers", "3"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=open(os.path.join(data_dir, "server.log"), "w"),
        )
        try:
            wait_for(base)
            timings, errors, report = [], [], {}
            until = time.monotonic() + args.seconds
            emails = list(PERSONAS)
            threads = [
                threading.Thread(
                    target=browse,
                    args=(base, emails[n % len(emails)], PERSONAS[emails[n % len(emails)]], until, timings, errors),
                )
                for n in range(args.users)
            ]
            if args.upload:
                threads.append(threading.Thread(target=upload_national, args=(base, extra, report)))
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            server.terminate()
            server.wait(timeout=30)
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1] if timings else 0
        print(f"База: {args.db}; пользователей: {args.users}; {args.seconds:.0f} с")
        print(
            f"Запросов: {len(timings)}; ошибок: {len(errors)}; "
            f"p50 {statistics.median(timings) * 1000:.0f} мс, p95 {p95 * 1000:.0f} мс, max {timings[-1] * 1000:.0f} мс"
        )
        if "upload" in report:
            status, seconds = report["upload"]
            print(f"Загрузка национального файла: HTTP {status} за {seconds:.1f} с (ответ страницы)")
        for error in errors[:20]:
            print("  ошибка:", error)
        return 1 if errors else 0

    if args.db == "postgres":
        with postgres_cluster() as url:
            return run(url)
    return run(None)


if __name__ == "__main__":
    sys.exit(main())
