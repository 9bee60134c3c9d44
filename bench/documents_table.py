"""Benchmark: the region's table of school documents for 2,000 listed schools — server time and SQL queries.

    .venv/bin/python bench/documents_table.py              # PostgreSQL, then SQLite (≈ 1 min)
    .venv/bin/python bench/documents_table.py --db postgres --queries

A region of 100 municipalities × 20 schools, all on the campaign's approved list; each school has a
verified risk profile with three activated factors, and documents in every status: a concept, a
mid-term programme and an anti-risk programme per factor (≈ 9,000 documents with 1–3 versions and
their status changes; a share not yet uploaded). As the regional operator and a municipal
coordinator, django.test.Client requests the table (first and a middle page of 50 schools), the
table searched by name, the curator-style queue page /documents/, and the XLSX of all schools; each
is timed (median of 10 after 2 warm-ups, whole request in this process) and its queries counted.

Targets: ≤ 200 ms on PostgreSQL for the pages (the XLSX of 2,000 rows is shown, not a target);
≤ 15 queries per page whatever the number of schools. Exit code 1 if a target is missed.
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
STATUSES = ("draft", "submitted", "approved", "returned", None)  # None: not uploaded yet
WEIGHTS = (0.1, 0.3, 0.35, 0.15, 0.1)


def build(rng: random.Random) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from opora.accounts.models import Assignment, Role, User
    from opora.assessment.models import Identification, ListedSchool
    from opora.diagnostics.catalogue import seed_catalogue
    from opora.diagnostics.models import ActivatedFactor, RiskProfile
    from opora.programs.models import DocumentKind, DocumentVersion, SchoolDocument, StatusChange
    from opora.registry.models import Campaign, Municipality, Person, Region, School

    year = 2026
    now = timezone.now()
    region = Region.objects.create(name="Бенч-область документов", code="97")
    campaign = Campaign.objects.create(region=region, year=year)
    municipalities = Municipality.objects.bulk_create(
        [Municipality(region=region, name=f"Район {n + 1:03d}") for n in range(MUNICIPALITIES)]
    )
    schools = School.objects.bulk_create(
        [
            School(
                municipality=m,
                full_name=f"Муниципальное общеобразовательное учреждение «СОШ № {n + 1}» ({m.name})",
                short_name=f"МОУ «СОШ № {n + 1}» {m.name}",
                fis_oko_login=f"sch{970000 + i * SCHOOLS_PER_MUNICIPALITY + n:06d}",
            )
            for i, m in enumerate(municipalities)
            for n in range(SCHOOLS_PER_MUNICIPALITY)
        ],
        batch_size=2000,
    )
    listing = Identification.objects.create(campaign=campaign, year=year - 1, status="approved", approved_at=now)
    ListedSchool.objects.bulk_create(
        [ListedSchool(identification=listing, school=s, rule_listed=True) for s in schools], batch_size=2000
    )
    factors = seed_catalogue(campaign)
    profiles = RiskProfile.objects.bulk_create(
        [RiskProfile(school=s, campaign=campaign, state="verified", verified_at=now) for s in schools], batch_size=2000
    )
    activated = {p.school_id: rng.sample(factors, 3) for p in profiles}
    ActivatedFactor.objects.bulk_create(
        [ActivatedFactor(profile=p, factor=f, confirmed_at=now) for p in profiles for f in activated[p.school_id]],
        batch_size=5000,
    )
    kinds = {k.code: k for k in DocumentKind.for_campaign(campaign)}
    documents = []
    for school in schools:
        slots = [(kinds["concept"], None), (kinds["midterm"], None)]
        slots += [(kinds["antirisk"], f) for f in activated[school.pk]]
        for kind, factor in slots:
            status = rng.choices(STATUSES, WEIGHTS)[0]
            if status is not None:
                since = now - datetime.timedelta(days=rng.randint(0, 60), hours=rng.randint(0, 23))
                documents.append(
                    SchoolDocument(
                        school=school, campaign=campaign, kind=kind, factor=factor, status=status, status_at=since
                    )
                )
    documents = SchoolDocument.objects.bulk_create(documents, batch_size=5000)
    versions, changes = [], []
    for d in documents:
        for number in range(1, rng.randint(1, 3) + 1):
            versions.append(
                DocumentVersion(
                    document=d,
                    number=number,
                    file=f"school-documents/2026/03/{d.pk:06d}-{number}.pdf",
                    original_name=f"Документ {d.pk} (версия {number}).pdf",
                    filetype="pdf",
                    size=rng.randint(50_000, 5_000_000),
                    sha256=f"{rng.getrandbits(256):064x}",
                )
            )
        if d.status != "draft":
            changes.append(StatusChange(document=d, from_status="draft", to_status="submitted", at=d.status_at))
    DocumentVersion.objects.bulk_create(versions, batch_size=5000)
    StatusChange.objects.bulk_create(changes, batch_size=5000)
    password = make_password(None)
    operator = Person.objects.create(region=region, last_name="Оператор", first_name="Анна", position="оператор")
    municipal = Person.objects.create(region=region, last_name="Координатор", first_name="Олег", position="МОУО")
    users = User.objects.bulk_create(
        [
            User(email=f"{n}@bench-docs.opora.ru", person=p, password=password)
            for n, p in enumerate((operator, municipal))
        ]
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
        "schools": len(schools),
        "documents": len(documents),
        "versions": len(versions),
    }


PAGES = (
    ("table", "/documents/table/"),
    ("page 20", "/documents/table/?page=20"),
    ("search", "/documents/table/?q=%D0%A1%D0%9E%D0%A8+%E2%84%96+7"),
    ("queues", "/documents/"),
    ("xlsx", "programs.table"),
)


def measure(info: dict, runs: int, warmups: int, show_queries: bool) -> list[dict]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    rows = []
    for persona, user_id in info["users"].items():
        client = Client()
        client.session_user = get_user_model().objects.get(pk=user_id)
        client.force_login(client.session_user, backend="django.contrib.auth.backends.ModelBackend")
        for page, url in PAGES:
            times = []
            for n in range(warmups + runs):
                with CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    response = _fetch(client, url)
                    elapsed_ms = (time.perf_counter() - start) * 1000
                if n >= warmups:
                    times.append(elapsed_ms)
            row = {
                "persona": persona,
                "page": page,
                "status": response.status_code,
                "ms": statistics.median(times),
                "queries": len(captured.captured_queries),
            }
            rows.append(row)
            print(
                f"  {persona:<22} {page:<8} {row['status']} {row['ms']:7.1f} ms {row['queries']:3d} queries", flush=True
            )
            if show_queries:
                for q in captured.captured_queries:
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
        f"{connection.vendor}: {info['schools']:,} listed schools, {info['documents']:,} documents, "
        f"{info['versions']:,} versions, built in {time.perf_counter() - start:.1f} s",
        flush=True,
    )
    return {"vendor": connection.vendor, "rows": measure(info, args.runs, args.warmups, args.queries)}


def report(results: list[dict]) -> int:
    failures = []
    print(
        f"\nMedian server time (ms) and SQL queries; target ≤ {TARGET_MS:.0f} ms on PostgreSQL, ≤ {MAX_QUERIES} queries"
    )
    for result in results:
        for r in result["rows"]:
            print(f"{result['vendor']:<11} {r['persona']:<22} {r['page']:<8} {r['ms']:8.1f} ms {r['queries']:3d} q")
            where = f"{result['vendor']}: {r['persona']} {r['page']}"
            if r["status"] != 200:
                failures.append(f"{where} answered {r['status']}")
            if r["page"] != "xlsx" and r["queries"] > MAX_QUERIES:
                failures.append(f"{where}: {r['queries']} queries")
            if result["vendor"] == "postgresql" and r["page"] != "xlsx" and r["ms"] > TARGET_MS:
                failures.append(f"{where}: {r['ms']:.0f} ms > {TARGET_MS:.0f} ms")
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
    parser.add_argument("--seed", type=int, default=20260315)
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
        for db in ("postgres", "sqlite"):  # Django is configured once per process: a child each
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
