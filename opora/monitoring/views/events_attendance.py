"""Attendance pages: the audience with check boxes (and adding someone else), the upload of a
platform's file, one upload with the rows still to resolve, the kept file."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from opora.core.guards import with_object
from opora.core.http import paginate, stored_file_response
from opora.core.uploads import validate_upload_size
from opora.registry.models import Person

from ..events import attendance_add_person, attendance_import, attendance_mark, audience_people, import_resolve
from ..forms_events import AttendanceFileForm
from ..models import AttendanceImport, Event, ImportStatus

EVENT_RELATED = ("kind", "campaign__region", "municipality")
# An unmatched row offers the audience to choose from; a region-wide audience is cut here.
CHOICES_LIMIT = 500
SEARCH_LIMIT = 20


def _ids(values) -> set[int]:
    return {int(v) for v in values if str(v).isdigit()}


@with_object(Event, "attendance.mark", related=EVENT_RELATED)
def attendance(request: HttpRequest, event: Event) -> HttpResponse:
    """The audience, a page at a time, with a box per person: ticked — attended."""
    if request.method == "POST":
        if request.POST.get("add"):
            person = Person.objects.for_user(request.user).filter(
                pk=request.POST["add"] if request.POST["add"].isdigit() else None,
                region_id=event.campaign.region_id,
            )
            person = person.first()
            if person is None:
                messages.error(request, "Человек не найден в реестре региона.")
            elif attendance_add_person(event=event, user=request.user, person=person):
                messages.success(request, f"{person.full_name} отмечен(а) как участник.")
            else:
                messages.info(request, f"{person.full_name} уже отмечен(а).")
        else:
            added, removed = attendance_mark(
                event=event,
                user=request.user,
                listed_ids=_ids(request.POST.getlist("listed")),
                present_ids=_ids(request.POST.getlist("present")),
            )
            messages.success(request, f"Посещаемость сохранена: отмечено {added}, снято отметок {removed}.")
        return redirect(request.get_full_path())
    page = paginate(request, audience_people(event).select_related("school", "organisation"))
    present = set(event.attendance.filter(person__isnull=False).values_list("person_id", flat=True))
    # Marked but not invited: people added by hand or found in a file, and guests.
    others = (
        event.attendance.exclude(person_id__in=audience_people(event).values("pk"))
        .select_related("person")
        .order_by("person__last_name", "name")
    )
    found = []
    find = request.GET.get("find", "").strip()
    if find:
        found = (
            Person.objects.for_user(request.user)
            .filter(region_id=event.campaign.region_id, last_name__icontains=find)
            .select_related("school", "organisation")
            .order_by("last_name", "first_name")[:SEARCH_LIMIT]
        )
    return render(
        request,
        "monitoring/attendance.html",
        {
            "event": event,
            "page": page,
            "present": present,
            "others": others[:200],
            "find": find,
            "found": found,
            "file_form": AttendanceFileForm(),
        },
    )


@with_object(Event, "attendance.mark", related=EVENT_RELATED)
@require_POST
def attendance_upload(request: HttpRequest, event: Event) -> HttpResponse:
    form = AttendanceFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Выберите файл со списком участников (CSV или XLSX).")
        return redirect("monitoring:attendance", event.pk)
    try:
        validate_upload_size(form.cleaned_data["file"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("monitoring:attendance", event.pk)
    imp = attendance_import(event=event, user=request.user, file=form.cleaned_data["file"])
    if imp.status == ImportStatus.FAILED:
        messages.error(request, "Файл не принят, посещаемость не изменилась. Исправьте ошибки и загрузите снова.")
    elif imp.status == ImportStatus.PENDING:
        messages.warning(request, f"Файл учтён. Строк, которые нужно разобрать: {len(imp.pending_rows)}.")
    else:
        messages.success(request, "Файл учтён: все участники найдены в реестре.")
    return redirect(imp)


@with_object(AttendanceImport, "attendance.mark", related=("event__campaign__region", "event__kind"))
def import_detail(request: HttpRequest, imp: AttendanceImport) -> HttpResponse:
    """The rows of one file: matched, guests, and those to resolve (a person or «не участник системы»)."""
    event = imp.event
    if request.method == "POST":
        decisions = {}
        for row in imp.pending_rows:
            value = request.POST.get(f"row-{row['line']}", "")
            if value == "guest":
                decisions[row["line"]] = "guest"
            elif value.isdigit():
                decisions[row["line"]] = int(value)
        resolved = import_resolve(imp=imp, user=request.user, decisions=decisions)
        messages.success(request, f"Разобрано строк: {resolved}.")
        return redirect(imp)
    pending = imp.pending_rows
    wanted = {pid for row in imp.rows for pid in (row.get("candidates") or [])}
    wanted |= {row["person_id"] for row in imp.rows if row.get("person_id")}
    people = {p.pk: p for p in Person.objects.filter(pk__in=wanted).select_related("school", "organisation")}
    audience = []
    if any(not row.get("candidates") for row in pending):
        audience = list(audience_people(event).select_related("school")[:CHOICES_LIMIT])
    rows = [dict(row, person=people.get(row.get("person_id"))) for row in imp.rows]
    for row in rows:
        row["choices"] = [people[pid] for pid in row.get("candidates") or [] if pid in people] or audience
    return render(
        request,
        "monitoring/attendance_import.html",
        {
            "imp": imp,
            "event": event,
            "rows": rows,
            "pending_count": len(pending),
        },
    )


@with_object(AttendanceImport, "attendance.mark")
@require_GET
def import_file(request: HttpRequest, imp: AttendanceImport) -> HttpResponse:
    return stored_file_response(imp.file, imp.original_name, rejected=imp.status == ImportStatus.FAILED)
