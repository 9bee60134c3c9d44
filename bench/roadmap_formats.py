"""How well roadmaps are read in every format: for each real order in tests/fixtures/roadmaps and
each format it can come in — the text extracted from it, typed into Word, into Excel, printed to
PDF — how many items come out right (number, section, action) and how many with the right dates,
against the values written by hand in tests/roadmaps/test_fixtures.py, and which items are missed;
for a PDF also how many items read word for word like the Word (or Excel) file it was printed from
(action, deadline, executors, result; a space after a hyphen aside, which a PDF cannot show).

    .venv/bin/python bench/roadmap_formats.py            # the table
    .venv/bin/python bench/roadmap_formats.py --misses   # and what each miss is
"""

import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from opora.roadmaps.parse import RoadmapError, parse_roadmap
from tests.paths import ROADMAP_FIXTURES
from tests.roadmaps.builders import LAYOUTS, build_docx, build_xlsx
from tests.roadmaps.make_pdf_fixtures import SHAPES, excel_source, word_source
from tests.roadmaps.test_fixtures import AKSHA, KARPINSK, LENINSK, parsed

FIXTURES = {
    "karpinsk": ("karpinsk-2022-municipal.md", KARPINSK),
    "aksha": ("aksha-2022-municipal.txt", AKSHA),
    "leninsk": ("leninsk-kuznetsky-2020-municipal.txt", LENINSK),
}


def _flat(text: str) -> str:
    return " ".join(text.split())


def score(roadmap, expected) -> tuple[int, int, list[str]]:
    """(items right, items with right dates, misses) — items matched to the expected ones by number."""
    found = {}
    for item in roadmap.items:
        found.setdefault(item.number, item)
    right = dated = 0
    misses = []
    for number, section, action, start, end in expected:
        item = found.get(number)
        if item is None:
            misses.append(f"{number}: не прочитан")
            continue
        problems = []
        if item.section != section:
            problems.append(f"раздел «{item.section[:40]}»")
        if not _flat(item.action).startswith(_flat(action)):
            problems.append(f"мероприятие «{_flat(item.action)[:60]}»")
        if not problems:
            right += 1
        got = (
            item.deadline.start and item.deadline.start.isoformat(),
            item.deadline.end and item.deadline.end.isoformat(),
        )
        if got == (start, end):
            dated += 1
        else:
            problems.append(f"сроки {got[0]}–{got[1]} вместо {start}–{end} («{_flat(item.deadline.text)}»)")
        if problems:
            misses.append(f"{number}: " + "; ".join(problems))
    extra = len(roadmap.items) - len(expected)
    if extra > 0:
        misses.append(f"лишних пунктов: {extra}")
    return right, dated, misses


def _words(text: str) -> str:
    return re.sub(r"(?<=\w)- ", "-", " ".join(text.split()))


def _fields(item) -> dict[str, str]:
    return {
        "мероприятие": _words(item.action),
        "срок": _words(item.deadline.text),
        "исполнители": " | ".join(_words(e) for e in item.executors),
        "результат": _words(item.result),
    }


def like_source(roadmap, source) -> tuple[int, list[str]]:
    """How many items read word for word as in the file the PDF was printed from, and the others."""
    same, misses = 0, []
    for pdf_item, item in zip(roadmap.items, source.items, strict=False):
        got, want = _fields(pdf_item), _fields(item)
        wrong = [f"{key} {_difference(got[key], want[key])}" for key in want if got[key] != want[key]]
        same += not wrong
        if wrong:
            misses.append(f"{item.number} (как в исходнике): " + "; ".join(wrong))
    if len(roadmap.items) != len(source.items):
        misses.append(f"пунктов {len(roadmap.items)} вместо {len(source.items)}")
    return same, misses


def _difference(got: str, want: str) -> str:
    """The words that differ, with a word of context: «…школ - участниц…» вместо «…школ -участниц…»."""
    a, b = got.split(), want.split()
    start = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    lo = max(start - 1, 0)
    return f"«…{' '.join(a[lo : len(a) - end + 1])}…» вместо «…{' '.join(b[lo : len(b) - end + 1])}…»"


def printed_from(name: str, shape: str, folder: Path) -> Path:
    return excel_source(name, folder) if shape == "excel" else word_source(name, shape, folder)


def sources(name: str, folder: Path) -> list[tuple[str, Path]]:
    text_file, _ = FIXTURES[name]
    roadmap = parsed(text_file)
    out = [
        ("текст", ROADMAP_FIXTURES / text_file),
        ("Word", build_docx(folder / f"{name}.docx", roadmap, LAYOUTS[name])),
        ("Excel", build_xlsx(folder / f"{name}.xlsx", roadmap, LAYOUTS[name])),
    ]
    for pdf in sorted((ROADMAP_FIXTURES / "pdf").glob(f"{name}-*.pdf")):
        out.append((f"PDF {pdf.stem.removeprefix(name + '-')}", pdf))
    return out


def main() -> None:
    show_misses = "--misses" in sys.argv
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for name, (_, expected) in FIXTURES.items():
            for label, path in sources(name, Path(work)):
                started = time.perf_counter()
                try:
                    roadmap = parse_roadmap(path)
                    right, dated, misses = score(roadmap, expected)
                except RoadmapError as error:
                    roadmap, right, dated, misses = None, 0, 0, [str(error)]
                seconds = time.perf_counter() - started
                same = None
                shape = label.removeprefix("PDF ")
                if roadmap is not None and label.startswith("PDF ") and (shape in SHAPES or shape == "excel"):
                    same, unlike = like_source(roadmap, parse_roadmap(printed_from(name, shape, Path(work))))
                    misses += unlike
                rows.append((name, label, len(expected), right, dated, same, misses, seconds))
    print(f"{'документ':<10} {'формат':<22} {'пунктов':>7} {'верно':>6} {'сроки':>6} {'как исх.':>8} {'с':>5}  не так")
    total = right_total = dated_total = same_total = printed = 0
    for name, label, count, right, dated, same, misses, seconds in rows:
        total, right_total, dated_total = total + count, right_total + right, dated_total + dated
        if same is not None:
            same_total, printed = same_total + same, printed + count
        summary = ", ".join(re.match(r"[^:( ]*", miss).group(0) for miss in misses[:8]) + (
            " …" if len(misses) > 8 else ""
        )
        like = "" if same is None else str(same)
        print(f"{name:<10} {label:<22} {count:>7} {right:>6} {dated:>6} {like:>8} {seconds:>5.1f}  {summary}")
        if show_misses:
            for miss in misses:
                print(f"{'':>12}- {miss}")
    print(f"{'всего':<33} {total:>7} {right_total:>6} {dated_total:>6} {same_total:>8}  "
          f"({100 * right_total / total:.1f} % пунктов, {100 * dated_total / total:.1f} % сроков; "
          f"PDF как исходник: {100 * same_total / max(printed, 1):.1f} % пунктов)")  # fmt: skip


if __name__ == "__main__":
    main()
