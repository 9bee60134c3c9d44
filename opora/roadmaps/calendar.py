"""An iCalendar (RFC 5545) feed of roadmap items: one all-day event per item, from start to end."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """Lines longer than 75 octets are folded, as the RFC requires; never inside a UTF-8 character."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > (75 if not out else 74):
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return [out[0], *(" " + part for part in out[1:])]


def items_ical(items, *, host: str, name: str, scheme: str = "https", events=()) -> str:
    """Roadmap items, then the events other apps give (`opora.core.calendar_sources`)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Opora//Roadmaps//RU",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
        "X-WR-TIMEZONE:Europe/Moscow",
    ]
    for item in items:
        start = item.start or item.end
        roadmap = item.roadmap
        summary = f"{item.number} {item.action}".strip()
        description = f"{roadmap.owner_name}. Сроки: {item.deadline_text}"
        if item.executors:
            description += f". Ответственные: {'; '.join(item.executors)}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:opora-item-{item.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
            f"DTEND;VALUE=DATE:{item.end + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(summary[:200])}",
            f"DESCRIPTION:{_escape(description)}",
            f"URL:{scheme}://{host}{roadmap.get_absolute_url()}#item-{item.pk}",
            "END:VEVENT",
        ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:opora-{event.uid}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{event.start:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.end + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(event.summary[:200])}",
            f"DESCRIPTION:{_escape(event.description)}",
            *([f"URL:{scheme}://{host}{event.path}"] if event.path else []),
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
