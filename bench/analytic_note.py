"""Benchmark: the analytic note of a region at national scale, as built by the background task.

    .venv/bin/python bench/analytic_note.py                # SQLite (≈ 2 min)
    .venv/bin/python bench/analytic_note.py --db postgres

The world of bench/diagnostics_heatmap.py (one region, 100 municipalities × 20 schools, two
campaigns of risk profiles) with all 2,000 schools on the approved list — the whole country's
listed schools in one region, the worst case for one note — and for each school: a curator (for
4 in 5), three visits, the concept, results of three procedures over four years, a school roadmap
of 20 items (40,000 items) with reports at the first stage; 85 regional events with attendance.
As the regional operator, the builder `dashboards.note` makes the DOCX, the PDF (LibreOffice) and
the consolidated XLSX; each is timed once (wall and CPU) and its SQL queries counted.

Target: the note (DOCX or PDF) ≤ 10 s. Exit code 1 if missed. The machine may be shared: the
load average is printed with the figures."""

from __future__ import annotations

import argparse
import datetime
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _support import django_setup, postgres_cluster

TARGET_S = 10.0
ITEMS_PER_SCHOOL = 20


def build(rng: random.Random) -> dict:
    from diagnostics_heatmap import build as heatmap_world
    from django.utils import timezone

    from opora.accounts.models import Assignment, Role, User
    from opora.assessment.models import Identification, ListedSchool, SchoolResult
    from opora.monitoring.models import Attendance, Event, EventKind, Visit, VisitStatus
    from opora.programs.models import DocumentKind, SchoolDocument
    from opora.registry.models import Campaign, Person, School
    from opora.roadmaps.models import Item, ItemReport, MonitoringStage, Roadmap

    info = heatmap_world(rng)
    operator = User.objects.get(pk=info["users"]["regional operator"])
    campaign = Campaign.objects.filter(region=operator.person.region).order_by("-year").first()
    year = campaign.year
    schools = list(School.objects.filter(municipality__region=campaign.region).order_by("pk"))
    identification = Identification.objects.create(
        campaign=campaign, year=year - 1, status=Identification.Status.APPROVED, schools_checked=len(schools)
    )
    ListedSchool.objects.bulk_create(
        [ListedSchool(identification=identification, school=s, rule_listed=True) for s in schools], batch_size=2000
    )
    curators = Person.objects.bulk_create(
        [Person(region=campaign.region, last_name=f"Куратор{n}", first_name="Анна") for n in range(200)]
    )
    start = datetime.date(year, 1, 10)
    for n, person in enumerate(curators):
        assignment = Assignment.objects.create(
            person=person, role=Role.CURATOR, region=campaign.region, campaign=campaign, valid_from=start
        )
        assignment.schools.set([s for i, s in enumerate(schools) if i % 250 == n and i % 5])
    visits = []
    for s in schools:
        for k in range(3):
            day = start + datetime.timedelta(days=rng.randrange(0, 200))
            held = rng.random() < 0.8
            visits.append(
                Visit(
                    school=s,
                    campaign=campaign,
                    curator=curators[k],
                    planned_on=day,
                    held_on=day if held else None,
                    status=VisitStatus.HELD if held else VisitStatus.PLANNED,
                )
            )
    Visit.objects.bulk_create(visits, batch_size=5000)
    concept = next(k for k in DocumentKind.for_campaign(campaign) if k.code == "concept")
    SchoolDocument.objects.bulk_create(
        [
            SchoolDocument(
                school=s,
                campaign=campaign,
                kind=concept,
                status=rng.choice(("approved", "submitted", "returned", "draft")),
            )
            for s in schools
            if rng.random() < 0.85
        ],
        batch_size=2000,
    )
    SchoolResult.objects.bulk_create(
        [
            SchoolResult(school=s, year=y, procedure=p, participants=30, low_count=6, low_share=rng.uniform(5, 45))
            for s in schools
            for y in range(year - 3, year + 1)
            for p in ("vpr5_ru", "vpr5_ma", "oge_ma")
        ],
        batch_size=5000,
    )
    stage = MonitoringStage.for_campaign(campaign)[0]
    roadmaps = Roadmap.objects.bulk_create(
        [
            Roadmap(campaign=campaign, level="school", school=s, title=f"План {s.short_name}", year=year)
            for s in schools
        ],
        batch_size=2000,
    )
    items = Item.objects.bulk_create(
        [
            Item(
                roadmap=r,
                position=n,
                number=str(n + 1),
                action=f"Мероприятие {n + 1}: методический семинар",
                deadline_text="до 30.06",
                end=datetime.date(year, 1 + n % 12, 28),
            )
            for r in roadmaps
            for n in range(ITEMS_PER_SCHOOL)
        ],
        batch_size=5000,
    )
    ItemReport.objects.bulk_create(
        [
            ItemReport(item=i, stage=stage, status=rng.choice(("done", "partly", "not_done")))
            for i in items
            if rng.random() < 0.5
        ],
        batch_size=5000,
    )
    kind = EventKind.objects.filter(region__isnull=True).first() or EventKind.objects.first()
    events = Event.objects.bulk_create(
        [
            Event(campaign=campaign, kind=kind, title=f"Вебинар {n + 1}", starts_on=start + datetime.timedelta(days=n))
            for n in range(85)
        ]
    )
    people = list(Person.objects.filter(region=campaign.region)[:100])
    Attendance.objects.bulk_create(
        [Attendance(event=e, person=p) for e in events for p in rng.sample(people, min(40, len(people)))],
        batch_size=5000,
    )
    info.update(
        schools=len(schools), items=len(items), stage=stage.pk, operator=operator.pk, now=timezone.now().isoformat()
    )
    return info


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (LibreOffice): what a busy machine
    does not inflate the way it inflates wall time."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def measure(info: dict, profile: str = "") -> list[tuple[str, float, float, int]]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from opora.dashboards.note_files import build_in_background

    user = get_user_model().objects.get(pk=info["operator"])
    rows = []
    if profile:
        import cProfile
        import pstats

        params = {"stage": info["stage"], "municipality": "", "start": "", "end": "", "fmt": profile}
        profiler = cProfile.Profile()
        profiler.runcall(build_in_background, params, user, lambda percent, words: None)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    for fmt in ("docx", "pdf", "xlsx"):
        params = {"stage": info["stage"], "municipality": "", "start": "", "end": "", "fmt": fmt}
        with CaptureQueriesContext(connection) as captured:
            wall, cpu = time.perf_counter(), _cpu()
            data, name = build_in_background(params, user, lambda percent, words: None)
            wall, cpu = time.perf_counter() - wall, _cpu() - cpu
        rows.append((name, wall, cpu, len(captured.captured_queries)))
        print(
            f"  {name:<28} {len(data) / 1024:8.0f} KiB {wall:6.2f} s (cpu {cpu:5.2f}) "
            f"{len(captured.captured_queries):4d} queries",
            flush=True,
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("postgres", "sqlite"), default="sqlite")
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--profile", choices=("docx", "xlsx"), help="profile one build first (cProfile)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="opora-bench-data-") as data_dir:
        if args.db == "postgres":
            with postgres_cluster() as url:
                rows = _run(url, data_dir, args)
        else:
            rows = _run(None, data_dir, args)
    print(f"Load average (1 min): {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    slow = [r for r in rows if not r[0].endswith(".xlsx") and r[1] > TARGET_S]
    for name, wall, *_ in slow:
        print(f"FAILED: {name} {wall:.1f} s > {TARGET_S:.0f} s")
    print("Targets met." if not slow else "Targets missed.")
    sys.exit(1 if slow else 0)


def _run(url, data_dir, args):
    django_setup(url, data_dir)
    from django.db import connection, transaction

    start = time.perf_counter()
    with transaction.atomic():
        info = build(random.Random(args.seed))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(
        f"{connection.vendor}: built {info['schools']:,} listed schools, {info['items']:,} roadmap items "
        f"in {time.perf_counter() - start:.1f} s",
        flush=True,
    )
    return measure(info, args.profile)


if __name__ == "__main__":
    main()
