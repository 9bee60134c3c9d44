"""The school's results: the share of «2» by year for each procedure, as a chart and a table."""

from __future__ import annotations

from dataclasses import dataclass, field

from opora.assessment.procedures import procedure_label, procedure_sort_key
from opora.assessment.views import PALETTE
from opora.registry.models import School


@dataclass
class Results:
    years: list[int] = field(default_factory=list)
    datasets: list[dict] = field(default_factory=list)
    rows: list[tuple[str, list]] = field(default_factory=list)  # (procedure, share by year)

    def __bool__(self) -> bool:
        return bool(self.years)


def results(school: School, threshold) -> Results:
    """All years and procedures of the school (one query: a school has at most a few hundred rows)."""
    found = list(school.results.all())
    if not found:
        return Results()
    years = sorted({r.year for r in found})
    series: dict[str, dict[int, float | None]] = {}
    for r in sorted(found, key=lambda r: (procedure_sort_key(r.procedure), r.year)):
        share = r.share
        series.setdefault(r.procedure, {})[r.year] = float(share) if share is not None else None
    datasets = [
        {
            "label": procedure_label(code),
            "borderColor": PALETTE[n % len(PALETTE)],
            "backgroundColor": PALETTE[n % len(PALETTE)],
            "data": [by_year.get(y) for y in years],
        }
        for n, (code, by_year) in enumerate(series.items())
    ]
    if threshold is not None:
        datasets.append(
            {
                "label": "Порог",
                "data": [float(threshold)] * len(years),
                "borderDash": [6, 4],
                "borderColor": "#dc3545",
                "backgroundColor": "#dc3545",
                "pointRadius": 0,
                "borderWidth": 1,
            }
        )
    rows = [(procedure_label(code), [by_year.get(y) for y in years]) for code, by_year in series.items()]
    return Results(years, datasets, rows)
