"""Writing, submitting and returning a curator's stage report (each one transaction)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from opora.core.access import require
from opora.registry.models import School
from opora.roadmaps.models import MonitoringStage

from .facts import collect
from .models import NOTE_FIELDS, StageReport, Status, StatusChange

NO_CONCLUSIONS = "Заполните раздел «Выводы и рекомендации куратора»: без выводов отчёт не отправить."


class ReportConflict(Exception):
    """The report changed since the form was opened (another tab, another person)."""


def _locked(report: StageReport) -> StageReport:
    return (
        StageReport.objects.select_for_update(of=("self",))
        .select_related("school__municipality", "campaign", "stage")
        .get(pk=report.pk)
    )


def _check_revision(report: StageReport, revision: int | None) -> None:
    if revision is not None and revision != report.revision:
        who = report.updated_by.get_full_name() if report.updated_by_id else "кто-то"
        raise ReportConflict(
            f"Отчёт изменён после того, как вы открыли страницу ({who}, "
            f"{timezone.localtime(report.updated_at):%d.%m.%Y %H:%M}). Ваш текст не сохранён: "
            "обновите страницу и внесите правки ещё раз."
        )


@transaction.atomic
def report_save(*, user, school: School, stage: MonitoringStage, notes: dict[str, str], revision: int | None):
    """The curator's texts saved into the school's report for the stage (created on first save)."""
    require(user, "report.write", StageReport(school=school, campaign=stage.campaign, stage=stage))
    report, created = StageReport.objects.get_or_create(
        school=school, campaign=stage.campaign, stage=stage, defaults={"curator_id": user.person_id}
    )
    report = _locked(report)
    require(user, "report.write", report)
    if not created:
        _check_revision(report, revision)
    for field in NOTE_FIELDS:
        if field in notes:
            setattr(report, field, notes[field].strip())
    report.curator_id = user.person_id or report.curator_id
    report.revision += 1
    report.updated_at, report.updated_by = timezone.now(), user
    report.save()
    return report


@transaction.atomic
def report_submit(*, user, report: StageReport, revision: int) -> StageReport:
    """Submitted: the facts of now frozen into it; read-only from here on."""
    report = _locked(report)
    require(user, "report.write", report)
    _check_revision(report, revision)
    if not report.conclusions.strip():
        raise ValidationError(NO_CONCLUSIONS)
    now = timezone.now()
    report.facts = collect(report)
    report.status, report.submitted_at, report.submitted_by = Status.SUBMITTED, now, user
    report.revision += 1
    report.updated_at, report.updated_by = now, user
    report.save()
    StatusChange.objects.create(report=report, from_status=Status.DRAFT, to_status=Status.SUBMITTED, by=user, at=now)
    return report


@transaction.atomic
def report_reopen(*, user, report: StageReport, reason: str) -> StageReport:
    """Returned to the curator as a draft, with the region's reason; the submitted facts kept in the history."""
    report = _locked(report)
    require(user, "report.reopen", report)
    if not reason.strip():
        raise ValidationError("Укажите, почему отчёт возвращается куратору.")
    now = timezone.now()
    StatusChange.objects.create(
        report=report,
        from_status=Status.SUBMITTED,
        to_status=Status.DRAFT,
        comment=reason.strip(),
        facts=report.facts,
        by=user,
        at=now,
    )
    report.status, report.facts = Status.DRAFT, {}
    report.revision += 1
    report.updated_at, report.updated_by = now, user
    report.save()
    return report
