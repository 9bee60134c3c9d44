"""Runs the database tests against a throwaway PostgreSQL cluster.

`python tests/postgres.py [pytest args]`: initdb in a fresh folder under /tmp (as the `postgres`
user when run as root, since PostgreSQL refuses to run as root), start it on a free port on
127.0.0.1, run pytest with DATABASE_URL pointing at it, then stop it and remove the folder.
Without PostgreSQL installed it says so and exits 0 — or 1 when OPORA_REQUIRE_ALL=1."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile


def find_bindir() -> str | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    which = shutil.which("pg_ctl")
    if which:
        candidates.append(os.path.dirname(which))
    for path in candidates:
        if os.path.exists(os.path.join(path, "initdb")) and os.path.exists(os.path.join(path, "pg_ctl")):
            return path
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_cluster_owner(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


def main(pytest_args: list[str]) -> int:
    bindir = find_bindir()
    if bindir is None:
        message = "PostgreSQL не найден (apt-get install postgresql): тесты на PostgreSQL пропущены."
        print(message, file=sys.stderr)
        return 1 if os.environ.get("OPORA_REQUIRE_ALL") == "1" else 0
    root = tempfile.mkdtemp(prefix="opora-pg-", dir="/tmp")
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
        options = (
            f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        subprocess.run(
            as_cluster_owner(
                [
                    f"{bindir}/pg_ctl",
                    "-D",
                    data,
                    "-o",
                    options,
                    "-l",
                    os.path.join(root, "server.log"),
                    "-w",
                    "start",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        started = True
        env = os.environ | {"DATABASE_URL": f"postgres://opora@127.0.0.1:{port}/opora", "OPORA_DB_ONLY": "1"}
        print(f"PostgreSQL {os.path.basename(os.path.dirname(bindir))}: временный кластер на 127.0.0.1:{port}")
        return subprocess.run([sys.executable, "-m", "pytest", *pytest_args], env=env).returncode
    finally:
        if started:
            subprocess.run(
                as_cluster_owner([f"{bindir}/pg_ctl", "-D", data, "-m", "fast", "stop"]),
                stdout=subprocess.DEVNULL,
            )
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
