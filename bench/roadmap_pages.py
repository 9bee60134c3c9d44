"""Benchmark: roadmap pages of a large region — server time and number of SQL queries.

    .venv/bin/python bench/roadmap_pages.py              # PostgreSQL, then SQLite (≈ 1 min)
    .venv/bin/python bench/roadmap_pages.py --db postgres --explain

A region with 60 municipalities (20 schools each), its regional roadmap, 60 municipal and 300
school roadmaps of 70–95 items (≈ 30,000 items) in 5 sections, deadlines spread over the year,
two monitoring stages and ≈ 2 reports per item (some superseded), executors naming roles
(«Муниципальный координатор», «Куратор», «Директор школы»…) and people of the registry, is
bulk-created on a throwaway PostgreSQL cluster (and on SQLite in a temporary folder). Then, as a
regional operator, a municipal coordinator and a curator of three schools, django.test.Client
requests the roadmap page of a municipal roadmap, /roadmaps/overdue/, /roadmaps/mine/ and
/roadmaps/; each is timed (median of 10 after 2 warm-ups, whole request/response cycle in this
process) and its SQL queries counted. The roadmap page's query count must not depend on the
roadmap's size (its items, reports and changes: checked on the smallest and the largest one).

Targets: ≤ 200 ms per page on PostgreSQL (SQLite is shown for comparison), ≤ 25 queries per page.
`--explain` prints EXPLAIN ANALYZE of each page's slowest query, `--queries` every query,
`--pg jit=off` starts PostgreSQL with that setting. Exit code 1 if a target is missed.
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
MAX_QUERIES = 25
MUNICIPALITIES = 60
SCHOOLS_PER_MUNICIPALITY = 20
ROADMAP_SCHOOLS_PER_MUNICIPALITY = 5  # 300 school roadmaps
SCHOOLS_PER_CURATOR = 3
ITEMS = (70, 95)  # items per roadmap, uniformly: ≈ 82 on average, ≈ 30,000 in all
SECTIONS = (
    "Нормативное правовое обеспечение",
    "Организационно-методическое сопровождение",
    "Повышение профессиональной компетентности педагогов",
    "Работа с обучающимися и родителями",
    "Мониторинг и подведение итогов",
)
ACTIONS = (
    "Проведение совещания с руководителями общеобразовательных организаций по итогам ВПР и ОГЭ",
    "Посещение школы куратором с целью оказания адресной методической помощи управленческой команде",
    "Организация участия педагогов в курсах повышения квалификации по выявленным профессиональным дефицитам",
    "Мониторинг выполнения мероприятий школьной дорожной карты в информационной системе",
    "Проведение муниципального семинара по преодолению учебной неуспешности обучающихся",
    "Анкетирование участников образовательных отношений для уточнения рискового профиля школы",
    "Разработка и утверждение программы антирисковых мер по направлению «Низкая учебная мотивация»",
    "Организация взаимопосещения уроков педагогами школы и школы-партнёра",
    "Проведение родительского собрания по вопросам подготовки к государственной итоговой аттестации",
    "Подготовка аналитической справки о результатах реализации дорожной карты за полугодие",
    "Размещение информации о ходе реализации проекта на официальном сайте общеобразовательной организации",
    "Заседание методического объединения учителей по анализу результатов оценочных процедур",
)
RESULTS = (
    "Протокол совещания, управленческие решения",
    "Справка по итогам посещения, рекомендации",
    "Удостоверения о повышении квалификации",
    "Аналитическая справка",
    "Доля педагогов, прошедших обучение, не менее 80 %",
)
SURNAMES = (
    "Иванова Петрова Смирнова Кузнецова Попова Васильева Соколова Михайлова Новикова Фёдорова Морозова "
    "Волкова Алексеева Лебедева Семёнова Егорова Павлова Козлова Степанова Николаева Орлова Андреева Макарова "
    "Никитина Захарова Зайцева Соловьёва Борисова Яковлева Григорьева Романова Воробьёва Сергеева Кузьмина "
    "Фролова Александрова Дмитриева Королёва Гусева Киселёва Ильина Максимова Полякова Сорокина Виноградова "
    "Ковалёва Белова Медведева Антонова Тарасова Жукова Баранова Филиппова Комарова Давыдова Беляева Герасимова"
).split()
FIRST = "Анна Елена Ольга Наталья Татьяна Ирина Светлана Мария Людмила Галина Марина Юлия".split()
MIDDLE = "Александровна Викторовна Сергеевна Ивановна Петровна Николаевна Владимировна Юрьевна".split()


class People:
    """Distinct names (surname + initials never repeat, so the registry lookup is unambiguous)."""

    def __init__(self, rng: random.Random):
        combos = [(s, f, m) for s in SURNAMES for f in FIRST for m in MIDDLE]
        rng.shuffle(combos)
        self.names = iter(combos)

    def next(self) -> tuple[str, str, str]:
        return next(self.names)


def short(person) -> str:
    return f"{person.last_name} {person.first_name[0]}.{person.middle_name[0]}."


def build(rng: random.Random) -> dict:
    """Bulk-creates the region; returns the personas' user ids and the roadmaps to open."""
    from django.contrib.auth.hashers import make_password

    from opora.accounts.models import Assignment, Role, User
    from opora.registry.models import Campaign, Municipality, Order, Organisation, Person, Region, School
    from opora.roadmaps.executors import roles_named
    from opora.roadmaps.models import (
        Item,
        ItemReport,
        MonitoringStage,
        Roadmap,
        RoadmapChange,
        Section,
        TargetIndicator,
    )

    year = datetime.date.today().year
    region = Region.objects.create(name="Бенч-область", code="98")
    previous = Campaign.objects.create(region=region, year=year - 1)
    campaign = Campaign.objects.create(region=region, year=year)
    ministry = Organisation.objects.create(region=region, kind="ministry", name="Министерство образования")
    order = Order.objects.create(
        region=region, issuer=ministry, number="45-р", date=datetime.date(year, 2, 10), title="Об утверждении"
    )
    municipalities = Municipality.objects.bulk_create(
        [Municipality(region=region, name=f"Район {n + 1:02d}") for n in range(MUNICIPALITIES)]
    )
    schools = School.objects.bulk_create(
        [
            School(
                municipality=m,
                fis_oko_login=f"sch98{mi:02d}{si:02d}",
                short_name=f"МБОУ «СОШ № {si + 1}» ({m.name})",
                full_name=f"Муниципальное бюджетное общеобразовательное учреждение «СОШ № {si + 1}» ({m.name})",
            )
            for mi, m in enumerate(municipalities)
            for si in range(SCHOOLS_PER_MUNICIPALITY)
        ],
        batch_size=2000,
    )
    roadmap_schools = [
        s for i, s in enumerate(schools) if i % SCHOOLS_PER_MUNICIPALITY < ROADMAP_SCHOOLS_PER_MUNICIPALITY
    ]

    names = People(rng)

    def people(count: int, position: str) -> list[Person]:
        rows = []
        for _ in range(count):
            last, first, middle = names.next()
            rows.append(Person(region=region, last_name=last, first_name=first, middle_name=middle, position=position))
        return Person.objects.bulk_create(rows, batch_size=2000)

    operator_person = people(1, "главный специалист министерства")[0]
    coordinators = people(MUNICIPALITIES, "муниципальный координатор")
    curators = people(len(roadmap_schools) // SCHOOLS_PER_CURATOR, "куратор")
    directors = people(len(roadmap_schools), "директор")
    password = make_password(None)
    everyone = [operator_person, *coordinators, *curators, *directors]
    users = User.objects.bulk_create(
        [User(email=f"user{n}@bench.opora.ru", person=p, password=password) for n, p in enumerate(everyone)],
        batch_size=2000,
    )
    user_of = {u.person_id: u for u in users}
    valid_from = datetime.date(year - 1, 9, 1)
    assignments = [
        Assignment(person=operator_person, role=Role.REGIONAL_OPERATOR, region=region, valid_from=valid_from)
    ]
    assignments += [
        Assignment(person=p, role=Role.MUNICIPAL_COORDINATOR, region=region, municipality=m, valid_from=valid_from)
        for p, m in zip(coordinators, municipalities, strict=True)
    ]
    curator_assignments = [
        Assignment(person=p, role=Role.CURATOR, region=region, campaign=campaign, order=order, valid_from=valid_from)
        for p in curators
    ]
    director_assignments = [
        Assignment(person=p, role=Role.SCHOOL_TEAM, region=region, valid_from=valid_from) for p in directors
    ]
    Assignment.objects.bulk_create(assignments + curator_assignments + director_assignments, batch_size=2000)
    through = Assignment.schools.through
    curator_of, links = {}, []
    for n, a in enumerate(curator_assignments):
        for school in roadmap_schools[n * SCHOOLS_PER_CURATOR : (n + 1) * SCHOOLS_PER_CURATOR]:
            links.append(through(assignment_id=a.pk, school_id=school.pk))
            curator_of[school.pk] = curators[n]
    director_of = {}
    for a, school in zip(director_assignments, roadmap_schools, strict=True):
        links.append(through(assignment_id=a.pk, school_id=school.pk))
        director_of[school.pk] = a.person
    through.objects.bulk_create(links, batch_size=2000)

    stages = MonitoringStage.for_campaign(campaign)
    MonitoringStage.for_campaign(previous)
    owners = [("region", None, None, operator_person, user_of[operator_person.pk])]
    owners += [("municipality", m, None, c, user_of[c.pk]) for m, c in zip(municipalities, coordinators, strict=True)]
    owners += [("school", None, s, director_of[s.pk], user_of[director_of[s.pk].pk]) for s in roadmap_schools]
    coordinator_of = dict(zip((m.pk for m in municipalities), coordinators, strict=True))
    roadmaps = Roadmap.objects.bulk_create(
        [
            Roadmap(
                campaign=campaign,
                level=level,
                municipality=m,
                school=s,
                title=f"Дорожная карта по повышению качества образования на {year} год",
                year=year,
                status="approved" if rng.random() < 0.85 else "draft",
                order=order,
                goal="Повышение качества образования в школах с низкими образовательными результатами",
                tasks="1. Выявить дефициты. 2. Оказать адресную помощь. 3. Оценить результат.",
            )
            for level, m, s, _owner, _user in owners
        ],
        batch_size=1000,
    )
    sections = Section.objects.bulk_create(
        [Section(roadmap=r, position=n, number=str(n + 1), title=t) for r in roadmaps for n, t in enumerate(SECTIONS)],
        batch_size=2000,
    )
    sections_of = {}
    for section in sections:
        sections_of.setdefault(section.roadmap_id, []).append(section)
    TargetIndicator.objects.bulk_create(
        [
            TargetIndicator(
                roadmap=r,
                position=n,
                name=f"Доля обучающихся, не преодолевших порог ({subject})",
                unit="%",
                values={str(year - 1): 18.5, str(year): 12},
            )
            for r in roadmaps
            for n, subject in enumerate(("русский язык", "математика", "ОГЭ"))
        ],
        batch_size=2000,
    )

    items, item_people = [], []
    sizes = {}
    for roadmap, (level, m, s, owner, _user) in zip(roadmaps, owners, strict=True):
        count = rng.randint(*ITEMS)
        sizes[roadmap.pk] = count
        municipality_id = m.pk if m else (s.municipality_id if s else None)
        for position in range(count):
            executors, named = _executors(
                rng, level, owner, coordinator_of.get(municipality_id), s and curator_of[s.pk]
            )
            start, end, text, recurrence = _deadline(rng, year)
            section_list = sections_of[roadmap.pk]
            section = section_list[min(position * len(section_list) // count, len(section_list) - 1)]
            items.append(
                Item(
                    roadmap=roadmap,
                    section=section,
                    position=position,
                    number=f"{section.number}.{position + 1}",
                    action=rng.choice(ACTIONS),
                    deadline_text=text,
                    start=start,
                    end=end,
                    recurrence=recurrence,
                    executors=executors,
                    executor_roles=roles_named(executors),
                    planned_result=rng.choice(RESULTS),
                    indicator="Да/нет" if rng.random() < 0.3 else "",
                )
            )
            item_people.append(named)
    items = Item.objects.bulk_create(items, batch_size=2000)
    Item.executor_people.through.objects.bulk_create(
        [
            Item.executor_people.through(item_id=item.pk, person_id=person.pk)
            for item, named in zip(items, item_people, strict=True)
            for person in named
        ],
        batch_size=5000,
    )

    reports, today = [], datetime.date.today()
    user_of_roadmap = {r.pk: owner[4] for r, owner in zip(roadmaps, owners, strict=True)}
    for item in items:
        by = user_of_roadmap[item.roadmap_id]
        past = item.end is not None and item.end < today
        for stage, share, superseded in ((stages[0], 1.0, 0.35), (stages[1], 0.55, 0.18)):
            if rng.random() >= share:
                continue
            if rng.random() < superseded:
                reports.append(_report(item, stage, rng.choice(("partly", "not_done")), False, by, rng))
            done = rng.random() < (0.7 if past else 0.3)
            status = "done" if done else rng.choice(("partly", "not_done"))
            reports.append(_report(item, stage, status, True, by, rng))
    reports = ItemReport.objects.bulk_create(reports, batch_size=5000)
    changes = [
        RoadmapChange(
            roadmap_id=item.roadmap_id,
            item=item,
            item_number=item.number,
            field="deadline_text",
            old="март",
            new=item.deadline_text,
            by=user_of_roadmap[item.roadmap_id],
        )
        for item in items
        if rng.random() < 0.05
    ]
    RoadmapChange.objects.bulk_create(changes, batch_size=5000)

    municipality = municipalities[0]
    municipal = next(r for r in roadmaps if r.municipality_id == municipality.pk)
    by_size = sorted((r for r in roadmaps if r.level == "municipality"), key=lambda r: sizes[r.pk])
    return {
        "counts": {
            "roadmaps": len(roadmaps),
            "items": len(items),
            "reports": len(reports),
            "superseded": sum(1 for r in reports if not r.is_current),
            "schools": len(schools),
            "people": len(everyone),
        },
        "users": {
            "regional operator": user_of[operator_person.pk].pk,
            "municipal coordinator": user_of[coordinators[0].pk].pk,
            "curator": user_of[curators[0].pk].pk,
        },
        "roadmap": municipal.pk,
        "roadmap_items": sizes[municipal.pk],
        "smallest": (by_size[0].pk, sizes[by_size[0].pk]),
        "largest": (by_size[-1].pk, sizes[by_size[-1].pk]),
    }


def _executors(rng, level, owner, coordinator, curator) -> tuple[list[str], list]:
    """Executor lines as roadmaps write them, and the registry people they name."""
    if level == "region":
        choices = [
            (["Региональный координатор", short(owner)], [owner]),
            (["ИРО", "Региональный оператор"], []),
            (["Муниципальные координаторы"], []),
            (["Министерство образования"], []),
        ]
    elif level == "municipality":
        choices = [
            (["Муниципальный координатор", short(coordinator)], [coordinator]),
            (["Управление образования"], []),
            (["Муниципальный координатор", "Кураторы ШНОР"], []),
            (["Руководители ОО"], []),
            (["Методический центр"], []),
            ([f"{short(coordinator)}, специалист управления образования"], [coordinator]),
        ]
    else:
        choices = [
            (["Директор школы", short(owner)], [owner]),
            (["Куратор", short(curator)], [curator]),
            (["Заместитель директора по УВР"], []),
            (["Управленческая команда", "Куратор"], []),
            (["Учителя-предметники"], []),
            (["Классные руководители"], []),
        ]
    return rng.choice(choices)


def _deadline(rng, year: int) -> tuple:
    kind = rng.random()
    if kind < 0.05:
        return None, None, "по отдельному графику", ""
    if kind < 0.2:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31), "ежемесячно", "monthly"
    if kind < 0.3:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31), "в течение года", ""
    end = datetime.date(year, 1, 15) + datetime.timedelta(days=rng.randrange(350))
    start = end - datetime.timedelta(days=rng.choice((0, 14, 30, 60)))
    return start, end, f"до {end:%d.%m.%Y}", ""


def _report(item, stage, status, current, by, rng):
    from opora.roadmaps.models import ItemReport

    comment = "" if status == "done" else "Мероприятие перенесено в связи с болезнью педагогов; выполнено частично."
    return ItemReport(
        item=item,
        stage=stage,
        status=status,
        comment=comment,
        link="https://school.example.ru/news/123" if rng.random() < 0.2 else "",
        is_current=current,
        by=by,
    )


def measure(info: dict, runs: int, warmups: int, explain: bool, show_queries: bool) -> list[dict]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    pages = [
        ("roadmap", f"/roadmaps/{info['roadmap']}/"),
        ("overdue", "/roadmaps/overdue/"),
        ("mine", "/roadmaps/mine/"),
        ("list", "/roadmaps/"),
    ]
    rows = []
    for persona, user_id in info["users"].items():
        client = Client()
        client.force_login(
            get_user_model().objects.get(pk=user_id), backend="django.contrib.auth.backends.ModelBackend"
        )
        for page, url in pages:
            times, queries, status, size = [], None, None, 0
            for n in range(warmups + runs):
                with CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    response = client.get(url)
                    elapsed = time.perf_counter() - start
                status, size = response.status_code, len(response.content)
                if n >= warmups:
                    times.append(elapsed * 1000)
                    queries = captured.captured_queries
            slowest = max(queries, key=lambda q: float(q["time"])) if queries else {"time": "0", "sql": ""}
            hits = _hits(user_id, page)
            rows.append(
                {
                    "persona": persona,
                    "page": page,
                    "url": url,
                    "status": status,
                    "kb": size / 1024,
                    "ms": statistics.median(times),
                    "max_ms": max(times),
                    "queries": len(queries),
                    "slowest_ms": float(slowest["time"]) * 1000,
                    "slowest_sql": slowest["sql"],
                    "hits": hits,
                }
            )
            print(
                f"  {persona:<22} {page:<8} {status} {rows[-1]['ms']:7.1f} ms  {len(queries):3d} queries"
                + (f"  ({hits} items)" if hits is not None else ""),
                flush=True,
            )
            if show_queries:
                for q in queries:
                    print(f"      {float(q['time']) * 1000:6.1f} ms  {q['sql'][:220]}")
            if explain and slowest["sql"]:
                _explain(connection, slowest["sql"])
    # Bounded: the roadmap page runs as many queries for a small roadmap as for a large one.
    client = Client()
    client.force_login(
        get_user_model().objects.get(pk=info["users"]["regional operator"]),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    counts = []
    for pk, _size in (info["smallest"], info["largest"]):
        client.get(f"/roadmaps/{pk}/")
        with CaptureQueriesContext(connection) as captured:
            client.get(f"/roadmaps/{pk}/")
        counts.append(len(captured.captured_queries))
    info["bounded"] = {
        "sizes": [info["smallest"][1], info["largest"][1]],
        "queries": counts,
    }
    return rows


def _hits(user_id: int, page: str) -> int | None:
    """How many items the list shows in all (its pages together), counted outside the timing."""
    from django.contrib.auth import get_user_model

    from opora.registry.models import Campaign
    from opora.roadmaps.models import Item
    from opora.roadmaps.services import today
    from opora.roadmaps.views.lists import my_items

    user = get_user_model().objects.get(pk=user_id)
    if page == "mine":
        return my_items(user).count()
    if page == "overdue":
        campaign = Campaign.objects.for_user(user).order_by("-year").first()
        return Item.objects.for_user(user).filter(roadmap__campaign=campaign).overdue(today()).count()
    return None


def _explain(connection, sql: str) -> None:
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)
        plan = "\n".join("      " + " ".join(str(c) for c in row) for row in cursor.fetchall())
    print(f"    slowest query:\n      {sql[:1500]}\n    plan:\n{plan}")


def run_one(db: str, args) -> dict:
    with tempfile.TemporaryDirectory(prefix="opora-bench-data-") as data_dir:
        if db == "postgres":
            with postgres_cluster(settings=dict(s.split("=", 1) for s in args.pg)) as url:
                return _run(url, data_dir, args)
        return _run(None, data_dir, args)


def _run(url: str | None, data_dir: str, args) -> dict:
    django_setup(url, data_dir)
    from django.db import connection, transaction

    start = time.perf_counter()
    with transaction.atomic():
        info = build(random.Random(args.seed))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # what autovacuum does soon after a bulk load
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    counts = info["counts"]
    print(
        f"{connection.vendor}: built {counts['roadmaps']} roadmaps, {counts['items']:,} items, "
        f"{counts['reports']:,} reports ({counts['superseded']:,} superseded), {counts['schools']:,} schools, "
        f"{counts['people']} people in {time.perf_counter() - start:.1f} s",
        flush=True,
    )
    rows = measure(info, args.runs, args.warmups, args.explain, args.queries)
    return {"vendor": connection.vendor, "info": info, "rows": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("postgres", "sqlite", "both"), default="both")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--warmups", type=int, default=2)
    parser.add_argument("--seed", type=int, default=20260301)
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE each page's slowest query")
    parser.add_argument("--queries", action="store_true", help="print every query of each page")
    parser.add_argument("--pg", action="append", default=[], metavar="NAME=VALUE", help="a PostgreSQL setting")
    parser.add_argument("--json", help=argparse.SUPPRESS)  # a child run writes its figures here
    args = parser.parse_args()

    if args.db != "both":
        result = run_one(args.db, args)
        if args.json:
            with open(args.json, "w", encoding="utf-8") as handle:
                json.dump(result, handle)
            return
        results = [result]
    else:
        results = []
        with tempfile.TemporaryDirectory() as tmp:
            for db in ("postgres", "sqlite"):  # Django is set up once per process: one child each
                out = os.path.join(tmp, f"{db}.json")
                command = [sys.executable, __file__, "--db", db, "--runs", str(args.runs)]
                command += ["--warmups", str(args.warmups), "--seed", str(args.seed), "--json", out]
                command += ["--explain"] if args.explain else []
                command += ["--queries"] if args.queries else []
                command += [f"--pg={setting}" for setting in args.pg]
                subprocess.run(command, check=True)
                with open(out, encoding="utf-8") as handle:
                    results.append(json.load(handle))
    sys.exit(report(results))


def report(results: list[dict]) -> int:
    vendors = [r["vendor"] for r in results]
    by_vendor = {r["vendor"]: {(row["persona"], row["page"]): row for row in r["rows"]} for r in results}
    first = results[0]
    print()
    print(f"Median server time of 10 requests (ms) and SQL queries per request; target ≤ {TARGET_MS:.0f} ms")
    header = f"{'persona':<22} {'page':<8} {'items':>6}"
    for vendor in vendors:
        header += f" | {vendor + ' ms':>13} {'max':>6} {'queries':>7} {'slowest q':>9}"
    print(header)
    failures = []
    for row in first["rows"]:
        key = (row["persona"], row["page"])
        hits = "" if row["hits"] is None else str(row["hits"])
        line = f"{row['persona']:<22} {row['page']:<8} {hits:>6}"
        for vendor in vendors:
            r = by_vendor[vendor][key]
            line += f" | {r['ms']:>13.1f} {r['max_ms']:>6.0f} {r['queries']:>7d} {r['slowest_ms']:>7.1f}ms"
            if r["status"] != 200:
                failures.append(f"{vendor}: {key} answered {r['status']}")
            if vendor == "postgresql" and r["ms"] > TARGET_MS:
                failures.append(f"{vendor}: {key} {r['ms']:.0f} ms > {TARGET_MS:.0f} ms")
            if r["queries"] > MAX_QUERIES:
                failures.append(f"{vendor}: {key} {r['queries']} queries > {MAX_QUERIES}")
        print(line)
    for result in results:
        bounded = result["info"]["bounded"]
        sizes, counts = bounded["sizes"], bounded["queries"]
        print(
            f"{result['vendor']}: roadmap page of {sizes[0]} items → {counts[0]} queries, "
            f"of {sizes[1]} items → {counts[1]} queries"
        )
        if counts[0] != counts[1]:
            failures.append(f"{result['vendor']}: the roadmap page's queries grow with its items")
        if result["vendor"] != "postgresql":
            slow = [k for k, r in by_vendor[result["vendor"]].items() if r["ms"] > TARGET_MS]
            if slow:
                print(f"{result['vendor']} (for comparison, not a target): over {TARGET_MS:.0f} ms: {slow}")
    print(f"Load average (1 min): {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    for failure in failures:
        print("FAILED:", failure)
    print(
        f"Targets (≤ {TARGET_MS:.0f} ms on PostgreSQL, ≤ {MAX_QUERIES} queries, bounded):",
        "NOT met" if failures else "met",
    )
    return 1 if failures else 0


if __name__ == "__main__":
    main()
