"""Events that apps add to a user's iCal feed (roadmaps:feed), without the feed importing them.

An app registers a function user → events in its `AppConfig.ready()`:
`calendar_sources.register(visit_events)`. The feed asks every registered source (one or two
queries each) and writes their events beside the roadmap items."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class CalendarEvent:
    """An all-day event from `start` to `end` inclusive; `path` is the page it links to."""

    uid: str  # unique in the feed, e.g. "visit-12"
    start: datetime.date
    end: datetime.date
    summary: str
    description: str = ""
    path: str = ""


Source = Callable[[object], Iterable[CalendarEvent]]
_sources: list[Source] = []


def register(source: Source) -> None:
    """Adds a source once (ready() may run more than once in tests)."""
    if source not in _sources:
        _sources.append(source)


def events_for(user) -> list[CalendarEvent]:
    return [event for source in _sources for event in source(user)]
