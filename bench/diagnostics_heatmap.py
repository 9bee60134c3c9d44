"""Benchmark: the risk heat map of 2,000 listed schools — server time and number of SQL queries.

    .venv/bin/python bench/diagnostics_heatmap.py              # PostgreSQL, then SQLite (≈ 1 min)
    .venv/bin/python bench/diagnostics_heatmap.py --db sqlite --queries

A region with 100 municipalities of 20 listed schools each has, in this campaign and the previous
one, a risk profile per school with a level for each of the 11 factors (2 × 22,000 levels, some
changed by the curator, a share «недостаточно данных»). As the regional operator and a municipal
coordinator, django.test.Client requests the heat map (first page of 100 rows, the counts per
factor over all 2,000 schools), the heat map filtered to «высокий» in one factor, and the XLSX of
all schools; each is timed (median of 10 after 2 warm-ups) and its SQL queries counted.

Targets: ≤ 200 ms on PostgreSQL for the pages (the XLSX of 2,000 rows is shown, not a target),
≤ 15 queries each. Exit code 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

from _support import django_setup, postgres_cluster

TARGET_MS = 200.0
MAX_QUERIES = 15
MUNICIPALITIES = 100
SCHOOLS_PER_MUNICIPALITY = 20
LEVELS = ("high", "medium", "low", "insufficient")
WEIGHTS = (0.25, 0.35, 0.32, 0.08)


def build(rng: random.Random) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from opora.accounts.models import Assignment, Role, User
    from opora.diagnostics.catalogue import seed_catalogue
    from opora.diagnostics.models import FactorLevel, RiskProfile
    from opora.registry.models import Campaign, Municipality, Person, Region, School

    year = 2026
    region = Region.objects.create(name="Бенч-область", code="98")
    municipalities = Municipality.objects.bulk_create(
        [Municipality(region=region, name=f"Район {n + 1:03d}") for n in range(MUNICIPALITIES)]
    )
    schools = School.objects.bulk_create(
        [
            School(
                municipality=m,
                full_name=f"Муниципальное бюджетное общеобразовательное учреждение «СОШ № {n + 1}» ({m.name})",
                short_name=f"МБОУ «СОШ № {n + 1}» {m.name}",
                fis_oko_login=f"sch{980000 + i * SCHOOLS_PER_MUNICIPALITY + n:06d}",
            )
            for i, m in enumerate(municipalities)
            for n in range(SCHOOLS_PER_MUNICIPALITY)
        ],
        batch_size=2000,
    )
    now = timezone.now()
    levels = 0
    for campaign_year in (year - 1, year):
        campaign = Campaign.objects.create(region=region, year=campaign_year)
        factors = seed_catalogue(campaign)
        profiles = RiskProfile.objects.bulk_create(
            [
                RiskProfile(
                    school=s, campaign=campaign, computed_at=now, state=rng.choice(("not_verified", "verified"))
                )
                for s in schools
            ],
            batch_size=2000,
        )
        rows = []
        for p in profiles:
            for f in factors:
                computed = rng.choices(LEVELS, WEIGHTS)[0]
                changed = rng.choice(("high", "low")) if rng.random() < 0.03 else ""
                score = None if computed == "insufficient" else round(rng.uniform(0, 100), 1)
                rows.append(
                    FactorLevel(
                        profile=p,
                        factor=f,
                        computed=computed,
                        score=score,
                        changed=changed,
                        change_reason="Уточнено по итогам посещения" if changed else "",
                        explanation={"short_groups": [], "items": []},
                    )
                )
        FactorLevel.objects.bulk_create(rows, batch_size=5000)
        levels += len(rows)
    password = make_password(None)
    operator = Person.objects.create(region=region, last_name="Оператор", first_name="Анна", position="оператор")
    municipal = Person.objects.create(region=region, last_name="Координатор", first_name="Олег", position="МОУО")
    users = User.objects.bulk_create(
        [User(email=f"{n}@bench.opora.ru", person=p, password=password) for n, p in enumerate((operator, municipal))]
    )
    valid_from = datetime.date(year - 1, 9, 1)
    Assignment.objects.create(person=operator, role=Role.REGIONAL_OPERATOR, region=region, valid_from=valid_from)
    Assignment.objects.create(
        person=municipal,
        role=Role.MUNICIPAL_COORDINATOR,
        region=region,
        municipality=municipalities[0],
        valid_from=valid_from,
    )
    return {
        "users": {"regional operator": users[0].pk, "municipal coordinator": users[1].pk},
        "factor": factors[6].pk,
        "schools": len(schools),
        "levels": levels,
    }


def measure(info: dict, runs: int, warmups: int, show_queries: bool) -> list[dict]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    pages = [
        ("heatmap", "/diagnostics/heatmap/"),
        ("filtered", f"/diagnostics/heatmap/?factor={info['factor']}&level=high"),
        ("xlsx", "diagnostics.heatmap"),
    ]
    rows = []
    for persona, user_id in info["users"].items():
        client = Client()
        client.session_user = get_user_model().objects.get(pk=user_id)
        client.force_login(client.session_user, backend="django.contrib.auth.backends.ModelBackend")
        for page, url in pages:
            times, cpu, queries, status = [], [], [], None
            # The XLSX of 2,000 rows takes seconds: three timed runs are enough to show it.
            page_runs, page_warmups = (min(runs, 3), min(warmups, 1)) if page == "xlsx" else (runs, warmups)
            for n in range(page_warmups + page_runs):
                with CaptureQueriesContext(connection) as captured:
                    start, start_cpu = time.perf_counter(), time.process_time()
                    response = _fetch(client, url)
                    elapsed, used = time.perf_counter() - start, time.process_time() - start_cpu
                status = response.status_code
                if n >= page_warmups:
                    times.append(elapsed * 1000)
                    cpu.append(used * 1000)
                    queries = captured.captured_queries
            rows.append(
                {
                    "persona": persona,
                    "page": page,
                    "status": status,
                    "ms": statistics.median(times),
                    "max_ms": max(times),
                    # This process's CPU time (Django and, on SQLite, the database): what a busy machine
                    # does not inflate the way it inflates wall time.
                    "cpu_ms": statistics.median(cpu),
                    "queries": len(queries),
                }
            )
            print(
                f"  {persona:<22} {page:<8} {status} {rows[-1]['ms']:7.1f} ms (cpu {rows[-1]['cpu_ms']:6.1f})"
                f"  {len(queries):3d} queries",
                flush=True,
            )
            if show_queries:
                for q in queries:
                    print(f"      {float(q['time']) * 1000:6.1f} ms  {q['sql'][:220]}")
    return rows


def run_one(db: str, args) -> dict:
    with tempfile.TemporaryDirectory(prefix="opora-bench-data-") as data_dir:
        if db == "postgres":
            with postgres_cluster() as url:
                return _run(url, data_dir, args)
        return _run(None, data_dir, args)


def _run(url: str | None, data_dir: str, args) -> dict:
    django_setup(url, data_dir)
    from django.db import connection, transaction

    start = time.perf_counter()
    with transaction.atomic():
        info = build(random.Random(args.seed))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(
        f"{connection.vendor}: built {info['schools']:,} listed schools, {info['levels']:,} factor levels "
        f"(two campaigns) in {time.perf_counter() - start:.1f} s",
        flush=True,
    )
    return {"vendor": connection.vendor, "rows": measure(info, args.runs, args.warmups, args.queries)}


def report(results: list[dict]) -> int:
    failures = []
    print(f"\nMedian server time of 10 requests (ms) and SQL queries; target ≤ {TARGET_MS:.0f} ms on PostgreSQL")
    for result in results:
        for r in result["rows"]:
            print(
                f"{result['vendor']:<11} {r['persona']:<22} {r['page']:<8} {r['ms']:8.1f} ms "
                f"(cpu {r['cpu_ms']:7.1f}) {r['queries']:3d} q"
            )
            if r["status"] != 200:
                failures.append(f"{result['vendor']}: {r['persona']} {r['page']} answered {r['status']}")
            if r["queries"] > MAX_QUERIES:
                failures.append(f"{result['vendor']}: {r['persona']} {r['page']} {r['queries']} queries")
            if result["vendor"] == "postgresql" and r["page"] != "xlsx" and r["ms"] > TARGET_MS:
                failures.append(f"postgresql: {r['persona']} {r['page']} {r['ms']:.0f} ms > {TARGET_MS:.0f} ms")
    print(f"Load average (1 min): {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    for failure in failures:
        print("FAILED:", failure)
    print("Targets met." if not failures else "Targets missed.")
    return 1 if failures else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("postgres", "sqlite", "both"), default="both")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--warmups", type=int, default=2)
    parser.add_argument("--seed", type=int, default=20260302)
    parser.add_argument("--queries", action="store_true", help="print every query of each page")
    parser.add_argument("--json", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.db != "both":
        result = run_one(args.db, args)
        if args.json:
            with open(args.json, "w", encoding="utf-8") as handle:
                json.dump(result, handle)
            return
        sys.exit(report([result]))
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for db in ("postgres", "sqlite"):  # Django is set up once per process: one child each
            out = os.path.join(tmp, f"{db}.json")
            command = [sys.executable, __file__, "--db", db, "--runs", str(args.runs), "--warmups", str(args.warmups)]
            command += ["--seed", str(args.seed), "--json", out] + (["--queries"] if args.queries else [])
            subprocess.run(command, check=True)
            with open(out, encoding="utf-8") as handle:
                results.append(json.load(handle))
    sys.exit(report(results))


class _Built:
    status_code = 200


def _fetch(client, url: str):
    """A page through the test client; the XLSX (a background file since it is large) by its builder, as
    the task worker builds it for the requester."""
    if url.startswith("/"):
        return client.get(url)
    from opora.core.prepared import BUILDERS
    from opora.registry.models import Campaign

    user = client.session_user
    campaign = Campaign.objects.for_user(user).order_by("-year").first()
    BUILDERS[url]({"campaign": campaign.pk}, user, lambda percent, words: None)
    return _Built()


if __name__ == "__main__":
    main()
