"""Benchmark: the monitoring summary of a region holding the whole national list — server time and SQL queries.

    .venv/bin/python bench/dashboards.py               # PostgreSQL, then SQLite (≈ 2 min)
    .venv/bin/python bench/dashboards.py --db sqlite --queries

40,000 schools: the benched region has 100 municipalities × 20 listed schools (all 2,000 listed
schools of the country, the worst case for one region) and 38,000 other schools sit in 84 other
regions. Every listed school has a curator (but every tenth), a risk profile with the 11 factors'
levels, three documents in random statuses, 4–8 held visits over the year and a roadmap of 10
items (a share reported done); each municipality a roadmap of 30 items; the region's campaign 400
events with 20 attendance marks each. As the regional operator and a municipal coordinator,
django.test.Client requests the summary and one municipality's page; each is timed (median of 10
after 2 warm-ups, whole request in this process) and its queries counted.

Targets: ≤ 300 ms on PostgreSQL; the same number of queries for the region and for one municipality
(bounded: ≤ 70 with the seeded indicator library). Exit code 1 if a target is missed.
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

TARGET_MS = 300.0
MAX_QUERIES = 70
MUNICIPALITIES = 100
SCHOOLS_PER_MUNICIPALITY = 20
OTHER_REGIONS = 84
OTHER_SCHOOLS = 38_000
TODAY = datetime.date(2026, 5, 15)


def build(rng: random.Random) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from opora.accounts.models import Assignment, Role, User
    from opora.assessment.models import Identification, ListedSchool
    from opora.diagnostics.catalogue import seed_catalogue
    from opora.diagnostics.models import FactorLevel, RiskProfile
    from opora.monitoring.models import Attendance, Event, EventKind, Visit
    from opora.programs.models import DocumentKind, SchoolDocument
    from opora.registry.models import Campaign, Municipality, Person, Region, School
    from opora.roadmaps.models import Item, ItemReport, MonitoringStage, Roadmap

    year = 2026
    now = timezone.now()
    region = Region.objects.create(name="Бенч-область сводки", code="96")
    campaign = Campaign.objects.create(region=region, year=year)
    municipalities = Municipality.objects.bulk_create(
        [Municipality(region=region, name=f"Район {n + 1:03d}") for n in range(MUNICIPALITIES)]
    )
    schools = School.objects.bulk_create(
        [
            School(
                municipality=m,
                full_name=f"МОУ «СОШ № {n + 1}» ({m.name})",
                short_name=f"МОУ «СОШ № {n + 1}» {m.name}",
                fis_oko_login=f"sch{960000 + i * SCHOOLS_PER_MUNICIPALITY + n:06d}",
            )
            for i, m in enumerate(municipalities)
            for n in range(SCHOOLS_PER_MUNICIPALITY)
        ],
        batch_size=2000,
    )
    others = Region.objects.bulk_create([Region(name=f"Область {n}", code=f"{n:02d}") for n in range(OTHER_REGIONS)])
    other_municipalities = Municipality.objects.bulk_create(
        [Municipality(region=r, name=f"Район {r.code}-{k}") for r in others for k in range(5)]
    )
    School.objects.bulk_create(
        [
            School(
                municipality=other_municipalities[n % len(other_municipalities)],
                full_name=f"Школа {n}",
                short_name=f"Школа {n}",
                fis_oko_login=f"sch{100000 + n:06d}",
            )
            for n in range(OTHER_SCHOOLS)
        ],
        batch_size=5000,
    )
    listing = Identification.objects.create(campaign=campaign, year=year - 1, status="approved", approved_at=now)
    ListedSchool.objects.bulk_create(
        [ListedSchool(identification=listing, school=s, rule_listed=True) for s in schools], batch_size=2000
    )
    factors = seed_catalogue(campaign)
    profiles = RiskProfile.objects.bulk_create(
        [RiskProfile(school=s, campaign=campaign, state="verified", verified_at=now) for s in schools], batch_size=2000
    )
    levels = ("high", "medium", "low", "insufficient")
    FactorLevel.objects.bulk_create(
        [FactorLevel(profile=p, factor=f, computed=rng.choice(levels)) for p in profiles for f in factors],
        batch_size=5000,
    )
    kinds = [k for k in DocumentKind.for_campaign(campaign) if k.code in ("concept", "midterm")]
    statuses = ("draft", "submitted", "approved", "returned")
    SchoolDocument.objects.bulk_create(
        [
            SchoolDocument(school=s, campaign=campaign, kind=k, status=rng.choice(statuses))
            for s in schools
            for k in kinds
        ],
        batch_size=5000,
    )
    password = make_password(None)
    people = Person.objects.bulk_create(
        [Person(region=region, last_name=f"Куратор{n}", first_name="Ирина") for n in range(200)]
    )
    valid_from = datetime.date(year - 1, 9, 1)
    links = []
    for n, person in enumerate(people):
        assignment = Assignment.objects.create(person=person, role=Role.CURATOR, region=region, valid_from=valid_from)
        links += [
            Assignment.schools.through(assignment=assignment, school=s)
            for s in schools[n * 10 : n * 10 + 10]
            if s.pk % 10  # every tenth school has no curator
        ]
    Assignment.schools.through.objects.bulk_create(links, batch_size=5000)
    visits = []
    for n, school in enumerate(schools):
        curator = people[n // 10]
        for _ in range(rng.randint(4, 8)):
            day = TODAY - datetime.timedelta(days=rng.randint(1, 360))
            visits.append(
                Visit(school=school, campaign=campaign, curator=curator, status="held", planned_on=day, held_on=day)
            )
    Visit.objects.bulk_create(visits, batch_size=5000)
    roadmaps = Roadmap.objects.bulk_create(
        [
            Roadmap(campaign=campaign, level="municipality", municipality=m, title=m.name, year=year)
            for m in municipalities
        ]
        + [Roadmap(campaign=campaign, level="school", school=s, title=s.short_name, year=year) for s in schools]
        + [Roadmap(campaign=campaign, level="region", title="Региональная карта", year=year)],
        batch_size=2000,
    )
    items = []
    for roadmap in roadmaps:
        for k in range(30 if roadmap.level == "municipality" else 10):
            end = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(0, 330))
            items.append(
                Item(roadmap=roadmap, position=k, number=str(k + 1), action=f"Мероприятие {k + 1}", start=end, end=end)
            )
    items = Item.objects.bulk_create(items, batch_size=5000)
    stage = MonitoringStage.for_campaign(campaign)[0]
    ItemReport.objects.bulk_create(
        [ItemReport(item=i, stage=stage, status="done") for i in items if rng.random() < 0.6], batch_size=5000
    )
    kind = EventKind.objects.create(name="вебинар")
    events = Event.objects.bulk_create(
        [
            Event(
                campaign=campaign,
                kind=kind,
                title=f"Вебинар {n}",
                starts_on=TODAY - datetime.timedelta(days=rng.randint(1, 300)),
                municipality=municipalities[n % MUNICIPALITIES] if n % 2 else None,
            )
            for n in range(400)
        ]
    )
    Attendance.objects.bulk_create(
        [Attendance(event=e, person=p) for e in events for p in rng.sample(people, 20)], batch_size=5000
    )
    operator = Person.objects.create(region=region, last_name="Оператор", first_name="Анна")
    municipal = Person.objects.create(region=region, last_name="Координатор", first_name="Олег")
    users = User.objects.bulk_create(
        [
            User(email=f"{n}@bench-dash.opora.ru", person=p, password=password)
            for n, p in enumerate((operator, municipal))
        ]
    )
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
        "municipality": municipalities[0].pk,
        "schools": School.objects.count(),
        "listed": len(schools),
        "visits": len(visits),
        "items": len(items),
    }


def measure(info: dict, runs: int, warmups: int, show_queries: bool) -> list[dict]:
    import time_machine
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    pages = (
        ("summary", reverse("dashboards:region")),
        ("municipality", reverse("dashboards:municipality", args=[info["municipality"]])),
    )
    rows = []
    with time_machine.travel(datetime.datetime(2026, 5, 15, 9, tzinfo=datetime.UTC), tick=True):
        for persona, user_id in info["users"].items():
            client = Client()
            client.force_login(
                get_user_model().objects.get(pk=user_id), backend="django.contrib.auth.backends.ModelBackend"
            )
            for page, url in pages:
                times = []
                for n in range(warmups + runs):
                    with CaptureQueriesContext(connection) as captured:
                        start = time.perf_counter()
                        response = client.get(url)
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
                    f"  {persona:<22} {page:<12} {row['status']} {row['ms']:7.1f} ms {row['queries']:3d} queries",
                    flush=True,
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
        f"{connection.vendor}: {info['schools']:,} schools, {info['listed']:,} listed in the region, "
        f"{info['visits']:,} visits, {info['items']:,} roadmap items, built in {time.perf_counter() - start:.1f} s",
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
            print(f"{result['vendor']:<11} {r['persona']:<22} {r['page']:<12} {r['ms']:8.1f} ms {r['queries']:3d} q")
            where = f"{result['vendor']}: {r['persona']} {r['page']}"
            if r["status"] != 200:
                failures.append(f"{where} answered {r['status']}")
            if r["queries"] > MAX_QUERIES:
                failures.append(f"{where}: {r['queries']} queries")
            if result["vendor"] == "postgresql" and r["ms"] > TARGET_MS:
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
    parser.add_argument("--seed", type=int, default=20260515)
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


if __name__ == "__main__":
    main()
