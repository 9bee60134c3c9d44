"""Events and attendance: the audience of an event, attendance marked by hand, imported from a
platform's export (matched to the registry, the rest left for the user to resolve) and resolved.

One Attendance per event × person (or × guest key): a later file about the same event updates the
rows it names, it never adds a second one."""

from __future__ import annotations

import datetime
import zoneinfo

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from opora.accounts.models import Assignment, Role
from opora.core.access import require
from opora.registry.models import Person

from . import name_matching
from .attendance_import import read_export
from .models import Attendance, AttendanceImport, AttendanceSource, Event, ImportStatus

# Who a listed school's invitation reaches when no role is named.
SCHOOL_AUDIENCE_ROLES = (Role.SCHOOL_TEAM, Role.CURATOR)
RESOLVED_STATES = ("resolved", "guest")


def audience_people(event: Event) -> QuerySet[Person]:
    """The people invited: holders (active, in the event's region) of the audience's roles in the
    audience's municipalities (else the event's municipality, else the whole region), and the teams
    and curators of the listed schools."""
    region_id = event.campaign.region_id
    roles = list(event.audience_roles)
    munis = list(event.audience_municipalities.values_list("pk", flat=True))
    if not munis and event.municipality_id:
        munis = [event.municipality_id]
    assignments = Assignment.objects.active().filter(region_id=region_id)
    where = Q(pk__in=[])
    if roles:
        if munis:
            where |= Q(role__in=roles, municipality_id__in=munis)
            where |= Q(role__in=roles, schools__municipality_id__in=munis)
        else:
            where |= Q(role__in=roles)
    school_ids = list(event.audience_schools.values_list("pk", flat=True))
    if school_ids:
        where |= Q(role__in=roles or SCHOOL_AUDIENCE_ROLES, schools__in=school_ids)
    person_ids = assignments.filter(where).values("person_id")
    return Person.objects.filter(pk__in=person_ids).order_by("last_name", "first_name", "middle_name")


def attendance_mark(*, event: Event, user, listed_ids: set[int], present_ids: set[int]) -> tuple[int, int]:
    """The hand-marked list: of the people shown (`listed_ids`), those ticked attended, the others
    did not. Returns (added, removed)."""
    require(user, "attendance.mark", event)
    present_ids = present_ids & listed_ids
    with transaction.atomic():
        known = set(event.attendance.filter(person_id__in=listed_ids).values_list("person_id", flat=True))
        Attendance.objects.bulk_create(
            [
                Attendance(event=event, person_id=pid, source=AttendanceSource.MANUAL, marked_by=user)
                for pid in sorted(present_ids - known)
            ]
        )
        removed, _ = event.attendance.filter(person_id__in=(listed_ids - present_ids)).delete()
    return len(present_ids - known), removed


def attendance_add_person(*, event: Event, user, person: Person) -> bool:
    """Marks one more person (not in the audience) present; False when already marked."""
    require(user, "attendance.mark", event)
    _, created = Attendance.objects.get_or_create(
        event=event, person=person, defaults={"source": AttendanceSource.MANUAL, "marked_by": user}
    )
    return created


def _candidates(event: Event) -> list[name_matching.Candidate]:
    """Everyone of the event's region (one query, only the columns the matcher reads)."""
    rows = Person.objects.filter(region_id=event.campaign.region_id).values_list(
        "pk", "last_name", "first_name", "middle_name", "email"
    )
    return [name_matching.Candidate(*row) for row in rows]


def _aware(joined, event: Event, zone: zoneinfo.ZoneInfo) -> datetime.datetime | None:
    if joined is None:
        return None
    if isinstance(joined, datetime.time):
        joined = datetime.datetime.combine(event.starts_on, joined)
    if timezone.is_naive(joined):
        joined = joined.replace(tzinfo=zone)
    return joined


def _previous_decisions(event: Event) -> dict[str, object]:
    """Guest key → the person chosen (or "guest") in earlier imports of this event, so an updated
    file does not ask the same question twice."""
    decisions = {}
    for rows in event.imports.exclude(status=ImportStatus.FAILED).order_by("pk").values_list("rows", flat=True):
        for row in rows or []:
            if row.get("state") == "resolved":
                decisions[row["key"]] = row["person_id"]
            elif row.get("state") == "guest":
                decisions[row["key"]] = "guest"
    return decisions


def _upsert(event: Event, imp: AttendanceImport, user, row: dict, person_id: int | None) -> None:
    joined = datetime.datetime.fromisoformat(row["joined"]) if row.get("joined") else None
    values = {
        "name": row["name"][:300],
        "email": row["email"][:300],
        "joined_at": joined,
        "minutes": row.get("minutes"),
        "source": AttendanceSource.IMPORT,
        "source_import": imp,
        "marked_by": user,
    }
    if person_id is not None:
        Attendance.objects.update_or_create(event=event, person_id=person_id, defaults=values)
    else:
        Attendance.objects.update_or_create(event=event, person=None, guest_key=row["key"][:300], defaults=values)


def _merge(rows: list[dict]) -> list[dict]:
    """One row per participant of the file: a reconnect adds its minutes, keeps the first join."""
    merged: dict[str, dict] = {}
    for row in rows:
        same = merged.get(row["key"])
        if same is None:
            merged[row["key"]] = row
            continue
        if row.get("minutes") is not None:
            same["minutes"] = (same.get("minutes") or 0) + row["minutes"]
        if row.get("joined") and (not same.get("joined") or row["joined"] < same["joined"]):
            same["joined"] = row["joined"]
        same["lines"] = [*same.get("lines", [same["line"]]), row["line"]]
    return list(merged.values())


def attendance_import(*, event: Event, user, file) -> AttendanceImport:
    """Keeps the file, reads it (nothing changes if any row is broken), records the matched rows'
    attendance and lists the others for the user to resolve."""
    require(user, "attendance.mark", event)
    name = (getattr(file, "name", "") or "attendance")[:255]
    imp = AttendanceImport.objects.create(event=event, file=file, original_name=name, uploaded_by=user)
    imp.file.open("rb")
    try:
        data = imp.file.read()
    finally:
        imp.file.close()
    export = read_export(data)
    imp.platform = export.platform
    if export.errors:
        imp.status, imp.errors = ImportStatus.FAILED, [f"{name}: {error}" for error in export.errors]
        imp.save(update_fields=["platform", "status", "errors"])
        return imp
    zone = zoneinfo.ZoneInfo(event.campaign.region.timezone)
    people = name_matching.PeopleIndex(_candidates(event))
    decisions = _previous_decisions(event)
    rows = []
    for row in export.rows:
        joined = _aware(row.joined, event, zone)
        rows.append(
            {
                "line": row.line,
                "name": row.name,
                "email": row.email,
                "joined": joined.isoformat() if joined else "",
                "minutes": row.minutes,
                "key": name_matching.guest_key(row.name, row.email),
            }
        )
    with transaction.atomic():
        for row in _merge(rows):
            match = people.match(row["name"], row["email"])
            row["candidates"] = list(match.ids) if match.state == name_matching.AMBIGUOUS else []
            row["person_id"] = match.person_id
            row["state"] = match.state
            earlier = decisions.get(row["key"])
            if match.state != name_matching.MATCHED and earlier is not None:
                row["state"] = "guest" if earlier == "guest" else "resolved"
                row["person_id"] = None if earlier == "guest" else earlier
            if row["state"] in (name_matching.MATCHED, "resolved"):
                _upsert(event, imp, user, row, row["person_id"])
            elif row["state"] == "guest":
                _upsert(event, imp, user, row, None)
            imp.rows.append(row)
        imp.status = ImportStatus.PENDING if imp.pending_rows else ImportStatus.DONE
        imp.save(update_fields=["platform", "status", "rows"])
    return imp


def import_resolve(*, imp: AttendanceImport, user, decisions: dict[int, int | str]) -> int:
    """Applies the user's choices for pending rows: line → a person's id or "guest" («не участник
    системы»). Lines without a choice stay pending. Returns how many rows were resolved."""
    event = imp.event
    require(user, "attendance.mark", event)
    region_people = set(
        Person.objects.filter(
            region_id=event.campaign.region_id, pk__in=[d for d in decisions.values() if isinstance(d, int)]
        ).values_list("pk", flat=True)
    )
    resolved = 0
    with transaction.atomic():
        imp = AttendanceImport.objects.select_for_update().get(pk=imp.pk)
        for row in imp.rows:
            if row.get("state") not in (name_matching.UNMATCHED, name_matching.AMBIGUOUS):
                continue
            choice = decisions.get(row["line"])
            if choice == "guest":
                row["state"], row["person_id"] = "guest", None
                _upsert(event, imp, user, row, None)
            elif isinstance(choice, int) and choice in region_people:
                row["state"], row["person_id"] = "resolved", choice
                _upsert(event, imp, user, row, choice)
            else:
                continue
            resolved += 1
        imp.status = ImportStatus.PENDING if imp.pending_rows else ImportStatus.DONE
        imp.save(update_fields=["rows", "status"])
    return resolved
