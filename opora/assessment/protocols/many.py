"""Several protocols at once, read in parallel processes: a region's year is 40 workbooks whose XML
parsing (one core each) is most of the time. Pure: no Django."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .aggregate import Summary
from .layouts import ProtocolError
from .scales import ScaleError, Scales


def _read(path: str, work: str | None, year: int | None, scales: Scales) -> Summary | str:
    from . import read_protocol

    try:
        return read_protocol(path, work=work, year=year, scales=scales)
    except (ProtocolError, ScaleError) as error:
        return str(error)


def read_protocols(
    paths: Sequence[str | Path], *, work: str | None, year: int | None, scales: Scales, workers: int | None = None
) -> Iterator[Summary | str]:
    """Each file's summary, or the Russian message why it cannot be read, in the order given."""
    paths = [str(p) for p in paths]
    workers = workers or min(len(paths), os.cpu_count() or 1)
    if workers <= 1 or len(paths) == 1:
        for path in paths:
            yield _read(path, work, year, scales)
        return
    # Spawned, not forked: a fork of a process whose Polars threads hold locks can hang for ever.
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield from pool.map(_read, paths, [work] * len(paths), [year] * len(paths), [scales] * len(paths))
