"""One stage report: the curator's form (facts shown live, text per section), the confirmation of
submitting, the page of a report, its DOCX, and the region's return of a report to the curator."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opora.core.access import can, require
from opora.core.guards import with_object
from opora.registry.models import School
from opora.roadmaps.models import MonitoringStage

from .. import services
from ..facts import facts_of
from ..forms import NotesForm, ReopenForm, SubmitForm
from ..models import SECTIONS, StageReport
from ..presentation import parts
from ..stage_report_docx import build_docx, filename

REPORT_RELATED = ("school__municipality__region", "campaign", "stage__campaign", "curator", "submitted_by__person")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _sections(report: StageReport, facts: dict, form=None) -> list[dict]:
    """The sections in order: number, title, the system's part, the curator's text and its form field."""
    shown = parts(facts)
    notes = report.notes()
    return [
        {
            "number": number,
            "key": key,
            "title": title,
            "part": shown.get(key),
            "note": notes[key],
            "field": form[field] if form is not None else None,
        }
        for number, (key, title, _has, field) in enumerate(SECTIONS, 1)
    ]


@with_object(School, related=("municipality__region",))
@require_http_methods(["GET", "POST"])
def write(request: HttpRequest, school: School, stage: int) -> HttpResponse:
    """The curator's form for the school's report at the stage (the report is created on first save)."""
    stage = get_object_or_404(
        MonitoringStage.objects.select_related("campaign"), pk=stage, campaign__region_id=school.municipality.region_id
    )
    report = StageReport.objects.with_names().filter(
        school=school, campaign=stage.campaign, stage=stage
    ).first() or StageReport(school=school, campaign=stage.campaign, stage=stage, curator=request.user.person)
    if report.is_submitted and request.method == "GET":
        # Everyone who sees the school sees its submitted reports; the form has nothing to change.
        messages.info(request, "Отчёт уже отправлен и не меняется.")
        return redirect(report)
    require(request.user, "report.write", report)
    if request.method == "POST":
        form = NotesForm(request.POST)
        if form.is_valid():
            notes = {k: v for k, v in form.cleaned_data.items() if k != "revision"}
            try:
                report = services.report_save(
                    user=request.user, school=school, stage=stage, notes=notes, revision=form.cleaned_data["revision"]
                )
            except services.ReportConflict as error:
                messages.error(request, str(error))
                return redirect("reports:write", school.pk, stage.pk)
            if request.POST.get("then") == "submit":
                return redirect("reports:submit", report.pk)
            messages.success(request, "Черновик отчёта сохранён.")
            return redirect("reports:write", school.pk, stage.pk)
        messages.error(request, "Отчёт не сохранён: исправьте отмеченные поля.")
    else:
        form = NotesForm(initial={**{f: getattr(report, f) for *_r, f in SECTIONS}, "revision": report.revision})
    facts = facts_of(report)
    return render(
        request,
        "reports/write.html",
        {"report": report, "school": school, "stage": stage, "form": form, "sections": _sections(report, facts, form),
         "facts": facts},
    )  # fmt: skip


@with_object(StageReport, related=REPORT_RELATED)
@require_GET
def report_detail(request: HttpRequest, report: StageReport) -> HttpResponse:
    facts = facts_of(report)
    return render(
        request,
        "reports/report.html",
        {
            "report": report,
            "facts": facts,
            "sections": _sections(report, facts),
            "changes": list(report.changes.select_related("by__person")),
            "may_write": can(request.user, "report.write", report),
            "may_reopen": can(request.user, "report.reopen", report),
            "reopen_form": ReopenForm(),
        },
    )


@with_object(StageReport, "report.write", related=REPORT_RELATED)
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, report: StageReport) -> HttpResponse:
    """GET: what submitting means, and the button; POST: submitted, facts frozen."""
    if request.method == "POST":
        form = SubmitForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError("Обновите страницу и попробуйте ещё раз.")
            report = services.report_submit(user=request.user, report=report, revision=form.cleaned_data["revision"])
        except services.ReportConflict as error:
            messages.error(request, str(error))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("reports:write", report.school_id, report.stage_id)
        else:
            messages.success(request, f"Отчёт по школе «{report.school.short_name}» отправлен.")
            return redirect(report)
    return render(
        request,
        "reports/submit.html",
        {"report": report, "form": SubmitForm(initial={"revision": report.revision}), "empty": _empty(report)},
    )


def _empty(report: StageReport) -> list[str]:
    """Titles of the sections the curator has written nothing in."""
    notes = report.notes()
    return [title for key, title, _has, _field in SECTIONS if not notes[key].strip()]


@with_object(StageReport, "report.reopen", related=REPORT_RELATED)
@require_POST
def reopen(request: HttpRequest, report: StageReport) -> HttpResponse:
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(report)
    try:
        services.report_reopen(user=request.user, report=report, reason=form.cleaned_data["reason"])
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, "Отчёт возвращён куратору на доработку.")
    return redirect(report)


@with_object(StageReport, related=REPORT_RELATED)
@require_GET
def report_docx(request: HttpRequest, report: StageReport) -> HttpResponse:
    response = HttpResponse(build_docx(report), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename(report)}"'
    return response
