"""Benchmark: a region's year of ФИС ОКО protocols aggregated by `opora protocols`.

    .venv/bin/python bench/protocols.py          # generate once (cached in bench/.data), then time 3 runs

Generates 40 protocol workbooks, ≈ 625,000 pupil rows in all (≈ 15,600 per file, 1,000 schools): the
2020 raw-code layout (with the long «groups» cell), the 2021 layout and the 2022 two-sheet layout,
with absent pupils, «X» task cells and a few data errors. Times the whole command as a subprocess
(reading every workbook, aggregation, CSV out) and checks its row count. Goal: ≤ 30 s.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / ".data" / "protocols"
ROWS = 625_000
FILES = 40
SCHOOLS = 1_000
WORKS = [(grade, subject) for grade in (4, 5, 6, 7, 8) for subject in ("РУ", "МА")]
TASKS = {"РУ": 20, "МА": 15}
GROUPS = ",".join(f"vpr2020.{s}{g}" for g in range(4, 12) for s in ("ru", "ma", "bi", "hi", "gg", "ob"))


def _plan() -> list[tuple[str, int, int, str]]:
    """(layout, year, grade, subject) for 40 files: 2020 raw codes, 2021, and the 2022 layout for 2022–2023."""
    plan = [("2020", 2020, g, s) for g, s in WORKS] + [("2021", 2021, g, s) for g, s in WORKS]
    plan += [("2022", 2022, g, s) for g, s in WORKS] + [("2022", 2023, g, s) for g, s in WORKS]
    return plan[:FILES]


def _pupil(rng: random.Random, tasks: int) -> tuple[list[object], int]:
    ability = rng.random()
    points = [
        ("X" if rng.random() < 0.03 else int(rng.random() < ability) * rng.choice((1, 1, 2))) for _ in range(tasks)
    ]
    total = sum(p for p in points if p != "X")
    return points, total


def _write(path: Path, layout: str, year: int, grade: int, subject: str, rows: int, seed: int) -> None:
    from openpyxl import Workbook

    rng = random.Random(seed)
    tasks = TASKS[subject]
    book = Workbook(write_only=True)
    if layout == "2022":
        classes = book.create_sheet("Классы")
        classes.append(["Пользователь", "Школа", "Дата загрузки"])
        sheet = book.create_sheet("Протокол")
        sheet.append(["Пользователь", "Код региона", "Регион", "Муниципалитет", "Школа", "Дата загрузки", "Код",
                      "Вариант", *[f"{t} (2б)" for t in range(1, tasks + 1)], "Пол",
                      "Отметка за предыдущий триместр/ четверть/полугодие", "Итого баллов"])  # fmt: skip
    else:
        sheet = book.create_sheet("Sheet1")
        if layout == "2021":
            sheet.append(["логин школы", "регион", "номер обучающегося", "код обучающегося",
                          "отметка за предыдущую четверть/триместр", "пол", "класс", "вариант", "всего баллов",
                          *[f"балл за {t}" for t in range(1, tasks + 1)]])  # fmt: skip
        else:
            sheet.append(["groups", "user", "id", "code", "otc", "gender", "klass", "var-1", "var-2", "sum",
                          *[f"a-{t}-grade" for t in range(1, tasks + 1)]])  # fmt: skip
    for n in range(rows):
        school = 220000 + n * SCHOOLS // rows
        login = f"{'edu' if layout == '2022' else 'sch'}{school}"
        code = grade * 10000 + n % 10000
        prev = rng.choice((3, 4, 4, 5, "нет отметки"))
        absent = rng.random() < 0.08
        points, total = ([None] * tasks, None) if absent else _pupil(rng, tasks)
        variant = "отсутствовал" if absent else rng.choice((1, 2))
        if not absent and rng.random() < 0.0005:
            total = None  # a data error: no total
        municipality = f"Район {school % 40 + 1}"
        if layout == "2022":
            sheet.append([login, 22, "reg220000 | Край", f"reg22_m{school % 40:03} | {municipality}",
                          f"{login} | МБОУ СОШ № {school - 220000}", f"17.03.{year} 08:33:28", code, variant,
                          *points, "ж", None if absent else prev, 0 if absent else total])  # fmt: skip
        elif layout == "2021":
            sheet.append([login, municipality, n, code, None if absent else prev, "м", "а", variant, total, *points])
        else:
            sheet.append([GROUPS, login, n, code, None if absent else prev, "м", "а", variant, None, total, *points])
    book.save(path)


def generate() -> list[Path]:
    DATA.mkdir(parents=True, exist_ok=True)
    paths = []
    per_file = ROWS // FILES
    for index, (layout, year, grade, subject) in enumerate(_plan()):
        path = DATA / f"vpr{year}_g{grade:02}_{'rus' if subject == 'РУ' else 'math'}.xlsx"
        if not path.exists():
            _write(path, layout, year, grade, subject, per_file, seed=index)
        paths.append(path)
    return paths


def scales_file() -> Path:
    """2022 and 2023 works get the 2021 boundaries and the generated maximum (the built-in scales stop at 2021)."""
    path = DATA / "scales.csv"
    lines = ["год;работа;2 до;3 от;3 до;4 от;4 до;5 от;максимум"]
    for year in (2020, 2021, 2022, 2023):
        for grade, subject in WORKS:
            maximum = 2 * TASKS[subject]
            b = (5, 6, 9, 10, 14, 15) if subject == "МА" else (13, 14, 20, 21, 28, 29)
            lines.append(f"{year};ВПР {grade} {subject};{';'.join(map(str, b))};{maximum}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    started = time.perf_counter()
    paths = generate()
    size = sum(p.stat().st_size for p in paths) / 1e6
    print(f"{len(paths)} files, {size:.0f} MB (ready in {time.perf_counter() - started:.0f} s)")
    scales = scales_file()
    times = []
    for _ in range(args.runs):
        out = DATA / "results.csv"
        begin = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "opora", "protocols", *map(str, paths), "--scales", str(scales), "-o", str(out)],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        times.append(time.perf_counter() - begin)
        if done.returncode:
            sys.exit(done.stderr)
        rows = sum(1 for _ in out.open(encoding="utf-8")) - 1
    print(f"opora protocols: {rows} school rows; runs {', '.join(f'{t:.1f}' for t in times)} s; "
          f"median {statistics.median(times):.1f} s (goal ≤ 30 s)")  # fmt: skip


if __name__ == "__main__":
    main()
