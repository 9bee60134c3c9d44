"""The month strip of a roadmap: for each item, which months of the roadmap period it occupies."""

from __future__ import annotations

from datetime import date

from .deadlines import roadmap_period

MONTHS = ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]


def _months(start: date, end: date) -> list[tuple[int, int]]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def timeline_rows(roadmap, today: date):
    """Columns (one per month of the roadmap's period, widened to the items' dates) and, per item,
    a cell state per month: 'span' inside its dates, 'period' in one of its named periods, ''."""
    items = list(roadmap.items.with_done().order_by("position"))
    # The strip covers the roadmap's own period; a stray date in one item must not stretch it.
    first, last = roadmap_period(roadmap.year, roadmap.school_year)
    columns = _months(first, last)
    rows = []
    for item in items:
        periods = [(date.fromisoformat(p["start"]), date.fromisoformat(p["end"])) for p in item.periods or []]
        cells = []
        for year, month in columns:
            month_start = date(year, month, 1)
            month_end = date(year + (month == 12), month % 12 + 1, 1)
            inside = item.start and item.end and item.start < month_end and item.end >= month_start
            named = any(s < month_end and e >= month_start for s, e in periods)
            cells.append("period" if named else "span" if inside and not periods else "")
        state = "done" if item.is_done else "overdue" if item.end and item.end < today else "planned"
        outside = bool(item.start and item.end and (item.start < first or item.end > last))
        rows.append((item, cells, state, outside))
    labels = [(f"{MONTHS[m - 1]}", y, (y, m) == (today.year, today.month)) for y, m in columns]
    return labels, rows
