"""kill -9 of the task worker in the middle of a results upload: nothing half-stored, and after
`opora recover` (what `opora serve` runs before the worker) the upload says it was interrupted.

A real installation in miniature: its own SQLite file (WAL, as in production), `opora migrate`,
a region of 4 000 schools, a 64 000-row results file queued by the web's own code, and
`python -m opora db_worker` in a subprocess. No test database: this runs in the SQLite pass of
`make test` only (the PostgreSQL pass repeats tests that use the test database)."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCHOOLS = 4000
PROCEDURES = ["ВПР 5 РУ", "ВПР 5 МА", "ВПР 6 РУ", "ВПР 6 МА", "ВПР 7 РУ", "ВПР 7 МА", "ОГЭ МА", "ОГЭ РУ"]

SETUP = f"""
from django.core.files.base import File
from opora.assessment import jobs
from opora.registry.models import Campaign, Municipality, Region, School

region = Region.objects.create(name="Область сбоя")
municipality = Municipality.objects.create(region=region, name="Район сбоя")
campaign = Campaign.objects.create(region=region, year=2026)
School.objects.bulk_create(
    [
        School(municipality=municipality, fis_oko_login=f"sch{{500000 + n}}", short_name=f"СОШ № {{n}}",
               full_name=f"Средняя школа № {{n}}")
        for n in range({SCHOOLS})
    ],
    batch_size=1000,
)
path = "{{data}}/national.csv"
with open(path, "w", encoding="utf-8") as out:
    out.write("Логин ОО;Наименование ОО;Муниципалитет;Год;Процедура;Количество участников;Получили «2»\\n")
    for n in range({SCHOOLS}):
        for year in (2024, 2025):
            for k, procedure in enumerate({PROCEDURES!r}):
                low = (n + k) % 9
                out.write(f"sch{{500000 + n}};СОШ № {{n}};Район сбоя;{{year}};{{procedure}};{{20 + k}};{{low}}\\n")
with open(path, "rb") as handle:
    record = jobs.results_upload_accept(campaign=campaign, upload=File(handle, name="national.csv"), user=None)
print("UPLOAD", record.pk, record.status)
"""


def opora(env: dict, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "opora", *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300, **kwargs
    )


def installation(tmp_path: Path) -> dict:
    # Nothing of the test settings (in-memory database, immediate tasks) may leak into the subprocesses.
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYTHONPATH", "VIRTUAL_ENV"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    return env | {
        "DJANGO_SETTINGS_MODULE": "opora.settings",
        "DEBUG": "0",
        "SECRET_KEY": "crash-test-" + "k" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "OPORA_DATA_DIR": str(tmp_path),
    }


def row(db: Path, sql: str):
    with sqlite3.connect(db, timeout=30) as connection:
        return connection.execute(sql).fetchone()


def test_worker_killed_while_saving_leaves_no_results_and_the_upload_marked_interrupted(tmp_path):
    env = installation(tmp_path)
    db = tmp_path / "opora.sqlite3"
    migrated = opora(env, "migrate", "--no-input")
    assert migrated.returncode == 0, migrated.stderr
    setup = opora(env, "shell", "-c", SETUP.replace("{data}", str(tmp_path)))
    assert setup.returncode == 0, setup.stderr
    upload_id = int(setup.stdout.split("UPLOAD")[1].split()[0])
    assert "queued" in setup.stdout
    upload = f"SELECT status, progress, stage, task_id FROM assessment_resultsupload WHERE id = {upload_id}"

    worker = subprocess.Popen(
        [sys.executable, "-m", "opora", "db_worker", "--interval", "0.1", "--no-startup-delay", "--no-reload"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            status, progress, stage, _ = row(db, upload)
            if status == "processing" and progress == 60:  # reading and checks done; the rows are being saved
                break
            assert status in ("queued", "processing"), (status, stage)
            time.sleep(0.01)
        else:
            raise AssertionError("the worker never reached the saving stage")
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()

    status, progress, stage, task_id = row(db, upload)
    assert (status, progress) == ("processing", 60), "the upload finished before the kill: make the file bigger"
    assert stage == "Сохранение 64000 строк результатов"
    assert row(db, "SELECT COUNT(*) FROM assessment_schoolresult") == (0,)  # the save was one transaction
    assert row(
        db, f"SELECT status FROM django_tasks_database_dbtaskresult WHERE id = '{task_id.replace('-', '')}'"
    ) == ("RUNNING",)

    recovered = opora(env, "recover", "--worker-stopped")
    assert recovered.returncode == 0, recovered.stderr
    assert f"загрузки результатов: {upload_id}" in recovered.stdout
    status, _, stage, _ = row(db, upload)
    assert (status, stage) == ("error", "Обработка прервана (сервер перезапущен); загрузите файл ещё раз.")
    assert row(db, "SELECT status FROM django_tasks_database_dbtaskresult") == ("FAILED",)

    # A worker started afterwards finds nothing to redo, and nothing is half-stored.
    batch = opora(env, "db_worker", "--batch", "--no-startup-delay", "--no-reload")
    assert batch.returncode == 0, batch.stderr
    assert row(db, upload)[0] == "error" and row(db, "SELECT COUNT(*) FROM assessment_schoolresult") == (0,)
    # What our code wrote is the stored upload only (Django deletes its own temporary upload files).
    stored = sorted(p.name for p in (tmp_path / "uploads").rglob("*") if p.is_file())
    assert len(stored) == 1 and stored[0].endswith(".csv")
