"""The curator's report on one school after one monitoring stage: the curator's text per section,
a draft until submitted; on submission the facts the system knew are frozen into the report."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from opora.accounts.models import Role
from opora.core.scoping import Scope, ScopedQuerySet, any_of
from opora.registry.models import Campaign, Person, School
from opora.roadmaps.models import MonitoringStage


class Status(models.TextChoices):
    DRAFT = "draft", "черновик"
    SUBMITTED = "submitted", "отправлен"


# The report's sections: key, heading, whether the system fills in facts for it, the curator's field.
SECTIONS = (
    ("general", "Общие сведения", True, "note_general"),
    ("visits", "Визиты и их результаты", True, "note_visits"),
    ("documents", "Документы школы и их статусы", True, "note_documents"),
    ("risks", "Рисковый профиль и направления работы", True, "note_risks"),
    ("roadmap", "Исполнение дорожной карты школы", True, "note_roadmap"),
    ("results", "Динамика результатов", True, "note_results"),
    ("conclusions", "Выводы и рекомендации куратора", False, "conclusions"),
)
NOTE_FIELDS = tuple(field for *_rest, field in SECTIONS)


class StageReportQuerySet(ScopedQuerySet):
    def submitted(self) -> StageReportQuerySet:
        return self.filter(status=Status.SUBMITTED)

    def with_names(self) -> StageReportQuerySet:
        return self.select_related("school__municipality__region", "campaign", "stage", "curator")


class StageReport(models.Model):
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="stage_reports", verbose_name="школа")
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="stage_reports", verbose_name="кампания"
    )
    stage = models.ForeignKey(
        MonitoringStage, on_delete=models.PROTECT, related_name="stage_reports", verbose_name="этап мониторинга"
    )
    curator = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="stage_reports", verbose_name="куратор"
    )
    status = models.CharField("статус", max_length=10, choices=Status.choices, default=Status.DRAFT)
    note_general = models.TextField("общие сведения: комментарий куратора", blank=True)
    note_visits = models.TextField("визиты: комментарий куратора", blank=True)
    note_documents = models.TextField("документы: комментарий куратора", blank=True)
    note_risks = models.TextField("рисковый профиль: комментарий куратора", blank=True)
    note_roadmap = models.TextField("дорожная карта: комментарий куратора", blank=True)
    note_results = models.TextField("результаты: комментарий куратора", blank=True)
    conclusions = models.TextField("выводы и рекомендации куратора", blank=True)
    # What the system knew when the report was submitted (opora.reports.facts.collect); empty for a draft,
    # whose facts are computed whenever it is shown.
    facts = models.JSONField("сведения на момент отправки", default=dict, blank=True)
    submitted_at = models.DateTimeField("отправлен", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="кто отправил",
    )  # fmt: skip
    # Bumped by every save: a form opened on an older text is refused instead of overwriting it.
    revision = models.PositiveIntegerField("редакция", default=0)
    updated_at = models.DateTimeField("изменён", default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="кто изменил",
    )  # fmt: skip
    created_at = models.DateTimeField("создан", auto_now_add=True)

    objects = StageReportQuerySet.as_manager()

    class Meta:
        verbose_name = "отчёт куратора по этапу"
        verbose_name_plural = "отчёты кураторов по этапам"
        ordering = ["stage__number", "school__short_name", "pk"]
        indexes = [models.Index(fields=["stage", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["school", "campaign", "stage"], name="stage_report_one_per_school_stage")
        ]

    def __str__(self) -> str:
        return f"Отчёт куратора: {self.school}, {self.stage.title}"

    def get_absolute_url(self) -> str:
        return reverse("reports:report", args=[self.pk])

    @property
    def is_submitted(self) -> bool:
        return self.status == Status.SUBMITTED

    def notes(self) -> dict[str, str]:
        return {key: getattr(self, field) for key, _title, _facts, field in SECTIONS}

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        """The region's and the municipality's teams and the school's curator see the school's
        reports, drafts too; the school's own team sees only the submitted ones."""
        team = scope.places(Role.SCHOOL_TEAM, "school") - scope.places(Role.CURATOR, "school")
        others = scope.school_ids - team
        return any_of(
            ("school__municipality__region_id", scope.region_ids),
            ("school__municipality_id", scope.municipality_ids),
            ("school_id", others),
        ) | (Q(status=Status.SUBMITTED) & any_of(("school_id", team)))


class StatusChange(models.Model):
    """One change of a report's status: submitted, or returned to the curator with a reason."""

    report = models.ForeignKey(StageReport, on_delete=models.CASCADE, related_name="changes", verbose_name="отчёт")
    from_status = models.CharField("было", max_length=10, choices=Status.choices, blank=True)
    to_status = models.CharField("стало", max_length=10, choices=Status.choices)
    comment = models.TextField("основание", blank=True)
    # A report returned to the curator keeps here the facts it had been submitted with.
    facts = models.JSONField("сведения отчёта до возврата", default=dict, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="кто"
    )
    at = models.DateTimeField("когда", default=timezone.now)

    class Meta:
        verbose_name = "изменение статуса отчёта"
        verbose_name_plural = "изменения статусов отчётов"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display() or '—'} → {self.get_to_status_display()}"
