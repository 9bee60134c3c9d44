"""Helpers shared by the benchmarks. A package, not a bench/*.py file, so `make bench` (which runs
every bench/*.py) does not take it for a benchmark.

- `postgres_cluster()` — a throwaway PostgreSQL cluster on 127.0.0.1 (the functions of
  tests/postgres.py), always stopped and removed on the way out;
- `django_setup()` — Django configured from the environment (opora.settings), migrated;
- `timed()` / `median_ms()` — small timing helpers.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.postgres import as_cluster_owner, find_bindir, free_port  # noqa: E402

__all__ = ["ROOT", "django_setup", "postgres_cluster", "timed"]


@contextlib.contextmanager
def postgres_cluster(*, settings: dict[str, str] | None = None) -> Iterator[str]:
    """Yields the DATABASE_URL of a fresh cluster with an empty database `opora`.

    Default PostgreSQL settings (fsync on: an honest server, unlike the test cluster), plus
    `settings` (`-c name=value`). Raises SystemExit when PostgreSQL is not installed."""
    bindir = find_bindir()
    if bindir is None:
        raise SystemExit("PostgreSQL не найден (apt-get install postgresql): замер невозможен.")
    root = tempfile.mkdtemp(prefix="opora-bench-pg-", dir="/tmp")
    data = os.path.join(root, "data")
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(root, owner.pw_uid, owner.pw_gid)
    port = free_port()
    started = False
    try:
        subprocess.run(
            as_cluster_owner(
                [f"{bindir}/initdb", "-D", data, "-U", "opora", "--auth=trust", "-E", "UTF8", "--no-locale"]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1"
        for name, value in (settings or {}).items():
            options += f" -c {name}={value}"
        log = os.path.join(root, "server.log")
        subprocess.run(
            as_cluster_owner([f"{bindir}/pg_ctl", "-D", data, "-o", options, "-l", log, "-w", "start"]),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        started = True
        subprocess.run(
            as_cluster_owner([f"{bindir}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "opora", "opora"]),
            check=True,
        )
        version = os.path.basename(os.path.dirname(bindir))
        print(f"PostgreSQL {version}: временный кластер на 127.0.0.1:{port} ({root})", flush=True)
        yield f"postgres://opora@127.0.0.1:{port}/opora"
    finally:
        if started:
            _close_django_connections()
            subprocess.run(
                as_cluster_owner([f"{bindir}/pg_ctl", "-D", data, "-m", "fast", "stop"]),
                stdout=subprocess.DEVNULL,
            )
        shutil.rmtree(root, ignore_errors=True)


def _close_django_connections() -> None:
    if "django.db" in sys.modules:
        from django.db import connections

        connections.close_all()


def django_setup(database_url: str | None, data_dir: str, *, debug: bool = True) -> None:
    """Configures Django from the environment like a deployment does, then migrates.
    `database_url=None` means the default SQLite file (under `data_dir`)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "opora.settings"
    os.environ["SECRET_KEY"] = "bench-only-key-" + "x" * 40
    os.environ["DEBUG"] = "1" if debug else "0"
    os.environ["OPORA_DATA_DIR"] = data_dir
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ["LOG_LEVEL"] = "ERROR"
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


@contextlib.contextmanager
def timed(into: dict, key: str) -> Iterator[None]:
    """Adds the wall seconds of the block to into[key]."""
    start = time.perf_counter()
    try:
        yield
    finally:
        into[key] = into.get(key, 0.0) + time.perf_counter() - start
