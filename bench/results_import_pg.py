"""Benchmark: importing the national results file into PostgreSQL through the real upload path.

    .venv/bin/python bench/results_import_pg.py      # ≈ 1–2 min; the file is generated once (cached)

The file is the one bench/identify.py generates (40,000 schools × 8 procedures × 2 years ≈ 640,000
rows, ≈ 66 MB, UTF-8 with BOM, «;», comma decimals, «-» and «н/д»). A throwaway PostgreSQL cluster
(default settings, fsync on) is migrated; one region, its campaign, municipalities and the 40,000
schools of the file are bulk-created (not timed). Then, timed end to end:

1. `opora.assessment.services.results_upload` — the view's call: the file is stored, read with
   Polars, validated, logins mapped to schools, results COPY-upserted; the upload must be accepted
   and SchoolResult must hold one row per result;
2. the same file again — the upsert path, every row replaced (each row must then point to the
   second upload);
3. `identification_run` over those results (what «Рассчитать перечень» does), checked against the
   rule applied to the file directly.

Target: an import ≤ 30 s. Exit code 1 when a target or a check fails.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import polars as pl
from _support import django_setup, postgres_cluster
from identify import DATA, YEAR, generate

TARGET_SECONDS = 30.0


def schools_of(path: Path) -> pl.DataFrame:
    """(login, municipality, name) of every school in the file, read without the app's reader."""
    frame = pl.read_csv(path, separator=";", infer_schema=False, encoding="utf8")
    return (
        frame.select(
            pl.col("Логин ОО").alias("login"),
            pl.col("Муниципалитет").alias("municipality"),
            pl.col("Наименование ОО").alias("name"),
        )
        .unique(subset="login", keep="first", maintain_order=True)
        .sort("login")
    )


def create_registry(schools: pl.DataFrame):
    from opora.registry.models import Campaign, Municipality, Region, School

    region = Region.objects.create(name="Бенч-область (вся страна)", code="99")
    campaign = Campaign.objects.create(region=region, year=YEAR + 1)
    names = sorted(schools["municipality"].unique().to_list())
    Municipality.objects.bulk_create([Municipality(region=region, name=n) for n in names], batch_size=1000)
    municipality_ids = dict(Municipality.objects.filter(region=region).values_list("name", "pk"))
    School.objects.bulk_create(
        [
            School(
                municipality_id=municipality_ids[municipality],
                fis_oko_login=login,
                short_name=name,
                full_name=f"Муниципальное общеобразовательное учреждение {name}",
            )
            for login, municipality, name in schools.iter_rows()
        ],
        batch_size=5000,
    )
    return region, campaign


def uploaded(path: Path):
    """The file as Django hands it to the view: a large upload is a temporary file on disk."""
    from django.core.files.uploadedfile import TemporaryUploadedFile

    upload = TemporaryUploadedFile(path.name, "text/csv", path.stat().st_size, "utf-8")
    with path.open("rb") as source:
        shutil.copyfileobj(source, upload.file, 1 << 20)
    upload.file.flush()
    upload.seek(0)
    return upload


class Phases:
    """Times the steps of results_upload by wrapping the functions it calls (same single run)."""

    def __init__(self, module, names: tuple[str, ...]):
        self.module, self.names, self.seconds = module, names, {}
        self.originals = {n: getattr(module, n) for n in names}

    def __enter__(self) -> Phases:
        for name, original in self.originals.items():
            setattr(self.module, name, self._wrap(name, original))
        return self

    def __exit__(self, *exc) -> None:
        for name, original in self.originals.items():
            setattr(self.module, name, original)

    def _wrap(self, name, original):
        @functools.wraps(original)
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start

        return timed


def upload_once(campaign, path: Path) -> tuple[object, float, dict[str, float]]:
    from opora.assessment import services

    upload = uploaded(path)  # the request body, received before the view runs: not timed
    try:
        with Phases(services, ("read_results", "_with_school_ids", "store_results")) as phases:
            start = time.perf_counter()
            record = services.results_upload(campaign=campaign, upload=upload, user=None)
            wall = time.perf_counter() - start
    finally:
        upload.close()
    return record, wall, phases.seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=40_000)
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args()

    path = DATA / f"results-{args.schools}.csv"
    if args.regenerate or not path.exists():
        print(f"Generating {path} …", flush=True)
        generate(path, args.schools)
    lines = sum(1 for _ in path.open("rb")) - 1
    print(f"File: {path} ({path.stat().st_size / 1e6:.1f} MB, {lines:,} rows)")
    schools = schools_of(path)

    failures: list[str] = []
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="opora-bench-data-") as data_dir, postgres_cluster() as url:
        django_setup(url, data_dir)
        from django.conf import settings
        from django.db import connection

        from opora.assessment import services
        from opora.assessment.models import SchoolResult
        from opora.assessment.results_reader import read_results
        from opora.assessment.rules import RuleParams, identify_frame

        print(f"Django on {connection.vendor} {connection.pg_version // 10000}; creating {schools.height:,} schools …")
        start = time.perf_counter()
        _region, campaign = create_registry(schools)
        print(f"Registry created in {time.perf_counter() - start:.1f} s (not timed below).", flush=True)

        limit_mb = settings.OPORA_MAX_UPLOAD_MB
        if path.stat().st_size > limit_mb * 1024 * 1024:
            print(
                f"NOTE: the file ({path.stat().st_size / 1024 / 1024:.0f} MiB) is over OPORA_MAX_UPLOAD_MB={limit_mb}: "
                "the web form would refuse it unless the limit is raised (the service itself has no limit)."
            )

        rows = []
        for label in ("first import (insert)", "same file again (upsert)"):
            record, wall, phases = upload_once(campaign, path)
            stored = SchoolResult.objects.count()
            status = record.status
            print(
                f"{label}: {status}, {record.row_count:,} rows, years {record.years}, {stored:,} SchoolResult rows",
                flush=True,
            )
            if status != "accepted":
                failures.append(f"{label}: upload {status}: {record.errors[:5]}")
            elif stored != record.row_count:
                failures.append(f"{label}: SchoolResult holds {stored:,} rows, the upload {record.row_count:,}")
            replaced = SchoolResult.objects.filter(upload_id=record.pk).count()
            if status == "accepted" and replaced != stored:
                failures.append(f"{label}: only {replaced:,} of {stored:,} rows point to this upload")
            rows.append((label, wall, record.row_count, phases))

        params = RuleParams()
        with Phases(services, ("results_frame", "identify_frame")) as phases:
            start = time.perf_counter()
            run = services.identification_run(campaign=campaign, year=YEAR, params=params, user=None)
            run_wall = time.perf_counter() - start
        run_phases = phases.seconds
        listed = set(run.schools.filter(rule_listed=True).values_list("school__fis_oko_login", flat=True))
        expected = {s.login for s in identify_frame(read_results(path), YEAR, params).identified}
        print(f"identification_run: {len(listed):,} schools listed; the rule on the file directly: {len(expected):,}")
        if listed != expected:
            failures.append(f"identification_run lists {len(listed ^ expected)} schools differently from the rule")

    print()
    print(f"{'step':<28} {'seconds':>8} {'rows/s':>10} | read+validate  map logins  COPY upsert  save+commit*")
    for label, wall, count, phases in rows:
        read = phases.get("read_results", 0.0)
        mapping = phases.get("_with_school_ids", 0.0)
        store = phases.get("store_results", 0.0)
        rest = wall - read - mapping - store
        print(
            f"{label:<28} {wall:>8.2f} {count / wall:>10,.0f} | {read:>13.2f} {mapping:>11.2f} {store:>12.2f} "
            f"{rest:>12.2f}"
        )
    frame_s, rule_s = run_phases.get("results_frame", 0.0), run_phases.get("identify_frame", 0.0)
    print(
        f"{'identification_run (web)':<28} {run_wall:>8.2f} {rows[0][2] / run_wall:>10,.0f} | "
        f"results from DB {frame_s:.2f}, rule {rule_s:.2f}, saving the list {run_wall - frame_s - rule_s:.2f}"
    )
    print("* file save, status update, and the commit, where PostgreSQL runs the deferred foreign-key checks")
    print(f"Load average (1 min) before / after: {load_before:.2f} / {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    print()
    slowest = max(wall for _, wall, _, _ in rows)
    if slowest > TARGET_SECONDS:
        failures.append(f"import took {slowest:.1f} s > {TARGET_SECONDS:.0f} s")
    for failure in failures:
        print("FAILED:", failure)
    print(f"Target (import ≤ {TARGET_SECONDS:.0f} s, all rows stored):", "NOT met" if failures else "met")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
