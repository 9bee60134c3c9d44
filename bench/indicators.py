"""Benchmark: every seeded indicator over a whole country's data in one campaign — the worst case.

    .venv/bin/python bench/indicators.py                # SQLite (≈ 2–4 min to build the data)
    .venv/bin/python bench/indicators.py --db postgres  # a throwaway PostgreSQL cluster

The country as one region (so no filter by region helps): 2,000 municipalities × 20 schools =
40,000 schools; 2,000 on the approved list (and 2,000 on last year's, 600 of them different);
700 curators over the listed schools; 6,000 visits; concept, mid-term and anti-risk documents
in all statuses; 2,000 risk profiles with factors; 2,000 municipal roadmaps × 10 items with
reports; 4,250 events (85 regions' worth) with 40,000 attendance rows; a survey wave with 6,000
answers; 160,000 results rows (2 procedures × 2 years × 40,000 schools). Each seeded indicator is
evaluated over the whole campaign (median of 3 after one warm-up) and its queries counted.

Target: ≤ 1 s per indicator. Exit code 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import datetime
import random
import statistics
import sys
import tempfile
import time

from _support import django_setup, postgres_cluster

TARGET_S = 1.0
MUNICIPALITIES = 2_000
PER_MUNICIPALITY = 20
LISTED = 2_000
BATCH = 2_000


def build(rng: random.Random) -> dict:
    from opora.accounts.models import Assignment, Role
    from opora.assessment.models import Identification, ListedSchool, SchoolResult
    from opora.diagnostics.models import ActivatedFactor, RiskFactor, RiskProfile
    from opora.indicators.library import ensure_library
    from opora.monitoring.models import Attendance, Event, EventKind, Visit
    from opora.programs.models import DocumentKind, SchoolDocument
    from opora.registry.models import Campaign, Municipality, Person, Region, School
    from opora.roadmaps.models import Item, ItemReport, MonitoringStage, Roadmap
    from opora.surveys.models import Participation, Wave
    from opora.surveys.services import form_default

    started = time.perf_counter()
    region = Region.objects.create(name="Вся страна", code="00")
    previous = Campaign.objects.create(region=region, year=2025)
    campaign = Campaign.objects.create(region=region, year=2026)
    Municipality.objects.bulk_create(
        [Municipality(region=region, name=f"Район {n}") for n in range(MUNICIPALITIES)], batch_size=BATCH
    )
    municipalities = list(Municipality.objects.filter(region=region).values_list("pk", flat=True))
    School.objects.bulk_create(
        [
            School(municipality_id=m, full_name=f"Школа {m}-{k}", short_name=f"СОШ {m}-{k}",
                   fis_oko_login=f"sch{(m * PER_MUNICIPALITY + k) % 1_000_000:06d}")
            for m in municipalities
            for k in range(PER_MUNICIPALITY)
        ],
        batch_size=BATCH,
    )  # fmt: skip
    schools = list(School.objects.values_list("pk", "municipality_id"))
    listed = rng.sample(schools, LISTED)
    listed_ids = [pk for pk, _ in listed]
    before = listed_ids[:1400] + [pk for pk, _ in rng.sample(schools, 600)]
    for camp, ids, year in ((previous, before, 2024), (campaign, listed_ids, 2025)):
        ident = Identification.objects.create(campaign=camp, year=year, status="approved")
        ListedSchool.objects.bulk_create(
            [ListedSchool(identification=ident, school_id=pk, rule_listed=True) for pk in set(ids)], batch_size=BATCH
        )
    stages = MonitoringStage.for_campaign(campaign)
    jan = datetime.date(2026, 1, 1)

    # People: 700 curators, 2,000 municipal coordinators, 2,000 directors.
    def people(prefix, n):
        Person.objects.bulk_create(
            [Person(region=region, last_name=f"{prefix}{k}", first_name="Анна") for k in range(n)], batch_size=BATCH
        )
        return list(Person.objects.filter(last_name__startswith=prefix).values_list("pk", flat=True))

    curators, coordinators, directors = people("Куратор", 700), people("Координатор", 2000), people("Директор", 2000)
    links = Assignment.schools.through
    Assignment.objects.bulk_create(
        [Assignment(person_id=p, role=Role.CURATOR, region=region, campaign=campaign, valid_from=jan) for p in curators]
        + [Assignment(person_id=p, role=Role.MUNICIPAL_COORDINATOR, region=region, municipality_id=m, valid_from=jan)
           for p, m in zip(coordinators, municipalities, strict=False)]
        + [Assignment(person_id=p, role=Role.SCHOOL_TEAM, region=region, valid_from=jan) for p in directors],
        batch_size=BATCH,
    )  # fmt: skip
    curator_assignments = list(Assignment.objects.filter(role=Role.CURATOR).values_list("pk", flat=True))
    director_assignments = list(Assignment.objects.filter(role=Role.SCHOOL_TEAM).values_list("pk", flat=True))
    links.objects.bulk_create(
        [links(assignment_id=curator_assignments[i % 700], school_id=pk) for i, pk in enumerate(listed_ids[:1900])]
        + [links(assignment_id=a, school_id=pk) for a, pk in zip(director_assignments, listed_ids, strict=False)],
        batch_size=BATCH,
    )
    Visit.objects.bulk_create(
        [
            Visit(school_id=rng.choice(listed_ids), campaign=campaign, curator_id=rng.choice(curators),
                  status="held", planned_on=day, held_on=day)
            for day in (jan + datetime.timedelta(days=rng.randrange(240)) for _ in range(6000))
        ],
        batch_size=BATCH,
    )  # fmt: skip
    kinds = {k.code: k for k in DocumentKind.for_campaign(campaign)}
    factors = [
        RiskFactor.objects.create(campaign=campaign, code=f"f{n:02d}", name=f"Фактор {n}", position=n)
        for n in range(10)
    ]
    RiskProfile.objects.bulk_create(
        [
            RiskProfile(school_id=pk, campaign=campaign, state=rng.choice(["verified", "not_verified"]))
            for pk in listed_ids
        ],
        batch_size=BATCH,
    )
    profiles = list(RiskProfile.objects.filter(campaign=campaign).values_list("pk", "school_id"))
    activated = [(p, s, f) for p, s in profiles for f in rng.sample(factors, 2)]
    now = datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)
    ActivatedFactor.objects.bulk_create(
        [ActivatedFactor(profile_id=p, factor=f, confirmed_at=now) for p, _, f in activated], batch_size=BATCH
    )
    statuses = ("draft", "submitted", "approved", "approved", "returned")
    documents = [SchoolDocument(school_id=pk, campaign=campaign, kind=kinds[code], status=rng.choice(statuses))
                 for pk in listed_ids for code in ("concept", "midterm")]  # fmt: skip
    documents += [SchoolDocument(school_id=s, campaign=campaign, kind=kinds["antirisk"], factor=f,
                                 status=rng.choice(statuses)) for _, s, f in activated]  # fmt: skip
    SchoolDocument.objects.bulk_create(documents, batch_size=BATCH)
    Roadmap.objects.bulk_create(
        [Roadmap(campaign=campaign, level="municipality", municipality_id=m, title=f"ДК {m}", year=2026,
                 status=rng.choice(["approved", "approved", "draft"])) for m in municipalities],
        batch_size=BATCH,
    )  # fmt: skip
    roadmaps = list(Roadmap.objects.values_list("pk", flat=True))
    Item.objects.bulk_create(
        [Item(roadmap_id=r, position=k, number=str(k), action=f"Мероприятие {k}", start=jan,
              end=jan + datetime.timedelta(days=rng.randrange(365))) for r in roadmaps for k in range(10)],
        batch_size=BATCH,
    )  # fmt: skip
    ItemReport.objects.bulk_create(
        [ItemReport(item_id=i, stage=stages[0], status=rng.choice(["done", "partly", "not_done"]))
         for i in Item.objects.values_list("pk", flat=True) if rng.random() < 0.5],
        batch_size=BATCH,
    )  # fmt: skip
    event_kinds = list(EventKind.objects.filter(region=None))
    Event.objects.bulk_create(
        [Event(campaign=campaign, kind=rng.choice(event_kinds), title=f"Событие {n}",
               starts_on=jan + datetime.timedelta(days=rng.randrange(300))) for n in range(4250)],
        batch_size=BATCH,
    )  # fmt: skip
    events = list(Event.objects.values_list("pk", flat=True))
    pairs = {(rng.choice(events), rng.choice(coordinators + directors + curators)) for _ in range(40_000)}
    Attendance.objects.bulk_create(
        [Attendance(event_id=e, person_id=p, source="manual") for e, p in pairs], batch_size=BATCH
    )
    wave = Wave.objects.create(campaign=campaign, form=form_default(campaign), title="Опрос 1",
                               opens_on=datetime.date(2026, 4, 1), closes_on=datetime.date(2026, 5, 1),
                               roles=[Role.SCHOOL_TEAM, Role.MUNICIPAL_COORDINATOR])  # fmt: skip
    Participation.objects.bulk_create(
        [Participation(wave=wave, person_id=p, answered_on=datetime.date(2026, 4, 5))
         for p in rng.sample(coordinators + directors, 3000)],
        batch_size=BATCH,
    )  # fmt: skip
    SchoolResult.objects.bulk_create(
        [SchoolResult(school_id=pk, year=year, procedure=proc, participants=40, low_count=rng.randrange(20))
         for pk, _ in schools for year in (2025, 2026) for proc in ("vpr5_ru", "oge_ma")],
        batch_size=5_000,
    )  # fmt: skip
    ensure_library(campaign)
    print(f"Данные построены за {time.perf_counter() - started:.0f} с", flush=True)
    return {"campaign": campaign}


def measure(campaign, runs: int) -> list[tuple[str, float, int, str]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from opora.indicators.compute import evaluate
    from opora.indicators.library import ensure_library

    today = datetime.date(2026, 9, 1)
    found = []
    for indicator in ensure_library(campaign):
        evaluate(indicator, today=today)  # warm-up
        times = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                figure = evaluate(indicator, today=today)
                times.append(time.perf_counter() - start)
        shown = f"{figure.text} ({figure.numerator}" + (f" из {figure.denominator})" if figure.denominator else ")")
        found.append((indicator.title, statistics.median(times), len(queries), shown))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="opora-bench-") as data_dir:
        if args.db == "postgres":
            with postgres_cluster() as url:
                django_setup(url, data_dir)
                results = measure(build(random.Random(2026))["campaign"], args.runs)
        else:
            django_setup(None, data_dir)
            results = measure(build(random.Random(2026))["campaign"], args.runs)
    missed = 0
    print(f"\n{'показатель':<72} {'время':>8} {'запросов':>9}  значение")
    for title, seconds, queries, shown in results:
        flag = "" if seconds <= TARGET_S else "  ← больше цели"
        missed += seconds > TARGET_S
        print(f"{title[:72]:<72} {seconds * 1000:>6.0f} мс {queries:>9}  {shown}{flag}")
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
