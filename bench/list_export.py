"""Benchmark: building the national list's files (what the task worker does for «Скачать XLSX»).

    .venv/bin/python bench/list_export.py     # needs bench/.data/results-40000.csv (bench/identify.py makes it)

Identifies over the national file (40,000 schools), then times the XLSX (list + risk zone) and the
DOCX appendix, 3 runs each, median. A region's list (under `list_export.INLINE_ROWS` rows) is sent
in the request; a national one is prepared in the background, so these figures are the wait
the user sees on the progress page, not a request's time."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from opora.assessment import exports  # noqa: E402
from opora.assessment.results_reader import read_results_many  # noqa: E402
from opora.assessment.rules import identify_frame  # noqa: E402

DATA = Path(__file__).resolve().parent / ".data" / "results-40000.csv"


def main() -> int:
    if not DATA.exists():
        print(f"Нет файла {DATA}: запустите bench/identify.py, он его создаст.")
        return 1
    result = identify_frame(read_results_many([DATA]), 2023)
    print(f"в перечне {len(result.identified)}, в зоне риска {len(result.risk_zone)}")
    for build in (exports.build_xlsx, exports.build_docx):
        times = []
        for _ in range(3):
            start = time.perf_counter()
            size = len(build(result))
            times.append(time.perf_counter() - start)
        spread = f"min {min(times):.2f}, max {max(times):.2f}"
        print(f"{build.__name__}: {statistics.median(times):.2f} s ({spread}), {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
