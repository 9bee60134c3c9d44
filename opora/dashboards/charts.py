"""The summary's charts as data for opora/static/opora/dashboards.js: labels, datasets and, for
each bar, the address of the list behind it (a click on a bar opens it)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from opora.programs.models import Status

from .selectors import STATUS_ORDER, Summary

MONTHS = ("янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")
STATUS_COLOURS = {
    Status.APPROVED: "#198754",
    Status.SUBMITTED: "#0d6efd",
    Status.RETURNED: "#fd7e14",
    Status.DRAFT: "#adb5bd",
}


def url(name: str, *args, **query) -> str:
    query = {k: v for k, v in query.items() if v not in ("", None)}
    return reverse(name, args=args) + (f"?{urlencode(query)}" if query else "")


def charts_for(found: Summary, *, municipality=None) -> dict:
    campaign = found.campaign.pk
    places = found.places
    labels = dict(Status.choices)
    documents = {
        "labels": [p.municipality.name for p in places],
        "datasets": [
            {
                "label": labels[status],
                "data": [p.documents[status] for p in places],
                "backgroundColor": STATUS_COLOURS[status],
            }
            for status in STATUS_ORDER
        ],
        "links": [url("programs:table", campaign=campaign, municipality=p.municipality.pk) for p in places],
        "stacked": True,
        "unit": "документов",
    }
    visits = {
        "labels": [f"{MONTHS[m.month - 1]} {m.year}" for m, _ in found.visits_by_month],
        "datasets": [
            {"label": "Проведено визитов", "data": [n for _, n in found.visits_by_month], "backgroundColor": "#0d6efd"}
        ],
        "links": [url("monitoring:visits", campaign=campaign)] * len(found.visits_by_month),
        "unit": "визитов",
    }
    rows = [(p.municipality.name, p.execution, p.municipality.pk) for p in places]
    if found.regional is not None:
        rows.insert(0, ("Региональная карта", found.regional, ""))
    execution = {
        "labels": [name for name, _, _ in rows],
        "datasets": [
            {
                "label": "Исполнено в срок и позже, % от мероприятий со сроком",
                "data": [figures.percent for _, figures, _ in rows],
                "backgroundColor": "#20c997",
            }
        ],
        "links": [url("roadmaps:overdue", campaign=campaign, municipality=pk) for _, _, pk in rows],
        "max": 100,
        "unit": "%",
    }
    return {"documents": documents, "visits": visits, "execution": execution}
