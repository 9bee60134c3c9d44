"""Benchmark: `opora identify` on a national-scale results file, against DuckDB as a yardstick.

    .venv/bin/python bench/identify.py            # generate once (cached), then time 3 runs

Generates 40,000 schools × 8 procedures × 2 years ≈ 640,000 rows (≈ 50 MB, UTF-8 with BOM,
«;»-separated, comma decimals, «-» and «н/д» for missing data — what Russian Excel exports),
runs the whole command as a subprocess (start-up and imports included), measures wall time, CPU
time (user + system: steadier than wall time on a shared machine) and peak RSS, computes the same
list with one DuckDB SQL query and checks that both lists agree. The runs alternate, so both
commands meet the same load.
Targets (issue 12): peak RSS ≤ 200 MB, median wall time no more than DuckDB's, identical lists.
A third command, «Polars read», only imports Polars and reads the file: the floor under our time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / ".data"
YEAR = 2023
PEAK_MB = 200
PROCEDURES = ("ВПР 5 РУ", "ВПР 5 МА", "ВПР 6 РУ", "ВПР 6 МА", "ОГЭ РУ", "ОГЭ МА", "ЕГЭ РУ", "ЕГЭ МА")
CODES = ("vpr5_ru", "vpr5_ma", "vpr6_ru", "vpr6_ma", "oge_ru", "oge_ma", "ege_ru", "ege_ma")
HEADER = (
    "Муниципалитет;Логин ОО;Наименование ОО;Год;Процедура;Участников;Получили «2»;Доля «2», %;% высоких результатов"
)

_MUNICIPALITIES = (
    "Ленинск-Кузнецкий Беловский Прокопьевский Тисульский Яшкинский Промышленновский Гурьевский "
    "Топкинский Юргинский Мариинский Тяжинский Чебулинский Ижморский Крапивинский Новокузнецкий "
    "Таштагольский Междуреченский Осинниковский Калтанский Киселёвский Анжеро-Судженский Берёзовский "
    "Кемеровский Полысаевский Мысковский Заречный Северный Лесной Озёрный Степной Луговской Речной "
    "Горный Приморский Таёжный Сосновский Кедровый Заводской Первомайский Октябрьский"
).split()
_KINDS = ("МО", "ГО", "МР", "район", "округ")
_VILLAGES = (
    "Тохтор Берёзовка Сосновка Ивановка Михайловка Никольское Покровка Каменка Подгорное Заречье "
    "Троицкое Успенка Вознесенка Петровка Журавлёво Лебеди Кузедеево Шерегеш Мундыбаш Тайжина"
).split()


def generate(path: Path, schools: int = 40_000, seed: int = 20240501) -> None:
    rng = random.Random(seed)
    lines = [HEADER]
    for s in range(schools):
        region = 1 + s % 89
        login = f"sch{region:02d}{s // 89:04d}"
        municipality = f"{rng.choice(_MUNICIPALITIES)} {rng.choice(_KINDS)}"
        kind = rng.random()
        if kind < 0.55:
            name, has_ege = f"МБОУ «СОШ № {rng.randint(1, 120)}»", True
        elif kind < 0.75:
            name, has_ege = f"МКОУ «ООШ с. {rng.choice(_VILLAGES)}»", False
        elif kind < 0.9:
            name, has_ege = f"МБОУ «СОШ с. {rng.choice(_VILLAGES)}»", True
        else:
            name, has_ege = f"МАОУ «{rng.choice(('Гимназия', 'Лицей'))} № {rng.randint(1, 40)}»", True
        size = rng.choice((8, 15, 25, 40, 60, 90, 120))
        weakness = rng.betavariate(1.1, 10.0) * 100  # most schools are fine; about one in ten is listed
        for year in (YEAR - 1, YEAR):
            for procedure in PROCEDURES:
                values = _values(rng, size, weakness, procedure, has_ege)
                lines.append(f"{municipality};{login};{name};{year};{procedure};{values}")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    tmp.replace(path)


def _values(rng: random.Random, size: int, weakness: float, procedure: str, has_ege: bool) -> str:
    if procedure.startswith("ЕГЭ") and not has_ege:
        return "-;-;-;-"
    if rng.random() < 0.02:
        return "н/д;н/д;н/д;н/д"
    participants = max(0, int(size * rng.uniform(0.6, 1.1)) - (size // 2 if procedure.startswith("ЕГЭ") else 0))
    if participants == 0:
        return "0;-;-;-"
    share = min(95.0, max(0.0, rng.gauss(weakness, 8.0)))
    low = min(participants, round(participants * share / 100))
    high = round(rng.uniform(0, max(1.0, 40 - share)), 1)
    low_share = f"{100 * low / participants:.1f}".replace(".", ",")
    if rng.random() < 0.05:  # some municipalities report the share only
        return f"{participants};-;{low_share};{str(high).replace('.', ',')}"
    return f"{participants};{low};{low_share};{str(high).replace('.', ',')}"


DUCKDB_SCRIPT = r"""
import json, sys, duckdb
path, year = sys.argv[1], int(sys.argv[2])
codes = {codes}
duckdb.execute("SET enable_progress_bar = false")  # a slow run (a loaded machine) would print one to stdout
duckdb.execute("CREATE TEMP TABLE codes(name VARCHAR, code VARCHAR)")
duckdb.executemany("INSERT INTO codes VALUES (?, ?)", list(codes.items()))
rows = duckdb.execute('''
WITH raw AS (
  SELECT * FROM read_csv(?, delim=';', header=true, all_varchar=true, quote='"')
), r AS (
  SELECT lower(trim("Логин ОО")) AS login, TRY_CAST("Год" AS INTEGER) AS year, c.code AS procedure,
         TRY_CAST("Участников" AS BIGINT) AS participants, TRY_CAST("Получили «2»" AS BIGINT) AS low_count,
         TRY_CAST(replace("Доля «2», %", ',', '.') AS DOUBLE) AS low_share
  FROM raw JOIN codes c ON c.name = trim(raw."Процедура")
), m AS (
  SELECT DISTINCT login, year, procedure FROM r
  WHERE year IN (?, ?) AND (participants IS NULL OR participants >= 1)
    AND CASE WHEN low_count IS NOT NULL AND participants > 0 THEN low_count * 100 >= 30 * participants
             ELSE low_share >= 30 END
), c1 AS (
  SELECT login FROM m WHERE year = ? GROUP BY login HAVING count(*) >= 2
), c2 AS (
  SELECT DISTINCT a.login FROM m a JOIN m b ON a.login = b.login AND a.procedure = b.procedure
  WHERE a.year = ? AND b.year = ?
)
SELECT login, login IN (SELECT login FROM c1), login IN (SELECT login FROM c2)
FROM (SELECT login FROM c1 UNION SELECT login FROM c2) ORDER BY login
''', [path, year - 1, year, year, year, year - 1]).fetchall()
print(json.dumps([[l, bool(a), bool(b)] for l, a, b in rows]))
"""


# The least any Polars program does with this file: start, import Polars and read the file's columns
# with their types (as `results_typed` does), nothing else. Shown beside the two commands, it is
# the floor under `opora identify`'s time.
READ_ONLY_SCRIPT = r"""
import os, sys
os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:0,muzzy_decay_ms:0")
import polars as pl
from opora.assessment.results_checks import MISSING
text, number, share = pl.Categorical, pl.Int64, pl.Float64
schema = dict(zip("mlnyp" + "ckst", [text] * 5 + [number, number, share, share]))
frame = pl.scan_csv(
    sys.argv[1], separator=";", has_header=False, skip_rows=1, schema=schema, decimal_comma=True, null_values=MISSING
).collect()
print(frame.height)
"""


def run(cmd: list[str]) -> tuple[float, float, int, str]:
    """Wall seconds, CPU seconds, peak RSS in bytes (of this child alone, via wait4) and stdout."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        stderr = proc.stderr.read().decode() if proc.stderr else ""
        if proc.returncode:
            raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{stderr}")
        out.seek(0)
        return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, out.read().decode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=40_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args()

    path = DATA / f"results-{args.schools}.csv"
    if args.regenerate or not path.exists():
        print(f"Generating {path} …", flush=True)
        generate(path, args.schools)
    size_mb = path.stat().st_size / 1e6
    print(f"File: {path} ({size_mb:.1f} MB, {args.schools * 16:,} rows)")

    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        result_json = Path(tmp) / "identified.json"
        ours = [
            python,
            "-m",
            "opora",
            "identify",
            str(path),
            "--year",
            str(YEAR),
            "--format",
            "json",
            "-o",
            str(result_json),
        ]
        duck = [
            python,
            "-c",
            DUCKDB_SCRIPT.replace("{codes}", repr(dict(zip(PROCEDURES, CODES, strict=True)))),
            str(path),
            str(YEAR),
        ]
        read_only = [python, "-c", READ_ONLY_SCRIPT, str(path)]
        timings: dict[str, list[tuple[float, float, int]]] = {"opora identify": [], "DuckDB SQL": [], "Polars read": []}
        duck_out = ""
        for _ in range(args.runs):
            wall, cpu, rss, _ = run(ours)
            timings["opora identify"].append((wall, cpu, rss))
            wall, cpu, rss, duck_out = run(duck)
            timings["DuckDB SQL"].append((wall, cpu, rss))
            wall, cpu, rss, _ = run(read_only)
            timings["Polars read"].append((wall, cpu, rss))
        identified = json.loads(result_json.read_text(encoding="utf-8"))["identified"]

    mine = [
        [s["login"], s["criteria"]["two_or_more_procedures"], s["criteria"]["consecutive_years"]] for s in identified
    ]
    theirs = json.loads(duck_out)
    same = mine == theirs
    print(f"Identified: {len(mine)} schools; DuckDB: {len(theirs)}; lists identical: {'yes' if same else 'NO'}")
    print(f"Load average (1 min): {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    print()
    print(f"{'command':<16} {'best, s':>8} {'median, s':>10} {'spread, s':>10} {'CPU med, s':>11} {'peak RSS, MB':>13}")
    summary = {}
    for name, runs in timings.items():
        walls, cpus = [w for w, _, _ in runs], [c for _, c, _ in runs]
        peak = max(r for _, _, r in runs) / 1e6
        summary[name] = (statistics.median(walls), statistics.median(cpus), peak)
        print(
            f"{name:<16} {min(walls):>8.3f} {statistics.median(walls):>10.3f} {max(walls) - min(walls):>10.3f} "
            f"{statistics.median(cpus):>11.3f} {peak:>13.0f}"
        )
    ratio = summary["opora identify"][0] / summary["DuckDB SQL"][0]
    cpu_ratio = summary["opora identify"][1] / summary["DuckDB SQL"][1]
    print(f"{'ratio (median)':<16} {ratio:>8.2f}× wall, {cpu_ratio:.2f}× CPU")
    print("Polars read: Python started, Polars imported, the file read typed and nothing else (the floor).")
    _, _, peak = summary["opora identify"]
    ok = same and peak <= PEAK_MB and ratio <= 1.0
    print()
    print(f"Targets (peak ≤ {PEAK_MB} MB, wall time ≤ DuckDB's, identical lists):", "met" if ok else "NOT met")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
