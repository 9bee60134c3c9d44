"""ФИС ОКО protocols in the database: uploads of several protocol files read into a preview, the
school results they feed (through `ResultsUpload` and `SchoolResult`, as any results file), and
what only protocols give — per-task shares, objectivity, task descriptions, the operator's scales.

Imported by models.py, so Django sees these models as the assessment app's."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from opora.core.background import Progress
from opora.core.scoping import Scope, ScopedQuerySet, any_of
from opora.core.uploads import upload_path, validate_upload_size
from opora.registry.models import Campaign, School

from .procedures import procedure_label


class ProtocolBatch(Progress):
    """Protocol files uploaded together: read in the worker into a preview, then stored on confirmation."""

    class State(models.TextChoices):
        READING = "reading", "читаются"
        PREVIEW = "preview", "ждут подтверждения"
        STORING = "storing", "сохраняются"
        STORED = "stored", "загружены"
        ERROR = "error", "ошибка"

    ACTIVE = (State.READING, State.STORING)

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="protocol_batches", verbose_name="кампания"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="кто загрузил"
    )
    uploaded_at = models.DateTimeField("когда", auto_now_add=True)
    state = models.CharField("состояние", max_length=10, choices=State.choices, default=State.READING)
    errors = models.JSONField("ошибки", default=list, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "загрузка протоколов ФИС ОКО"
        verbose_name_plural = "загрузки протоколов ФИС ОКО"
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"Протоколы № {self.pk} от {self.uploaded_at:%d.%m.%Y}"

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        return any_of(("campaign__region_id", scope.region_ids))


class ProtocolFile(models.Model):
    """One protocol file of a batch, kept. `summary` is what the preview shows and the confirmation
    stores: counts, warnings (capped), the region's task shares and each school's figures."""

    batch = models.ForeignKey(ProtocolBatch, on_delete=models.CASCADE, related_name="files", verbose_name="загрузка")
    file = models.FileField("файл", upload_to=upload_path("protocols"), validators=[validate_upload_size])
    original_name = models.CharField("имя файла", max_length=255)
    work = models.CharField("работа", max_length=20, blank=True)
    year = models.PositiveSmallIntegerField("год", null=True, blank=True)
    proposed_work = models.CharField("работа по файлу", max_length=20, blank=True)
    proposed_year = models.PositiveSmallIntegerField("год по файлу", null=True, blank=True)
    summary = models.JSONField("сводка", default=dict, blank=True)
    error = models.TextField("ошибка", blank=True)
    results_upload = models.ForeignKey(
        "assessment.ResultsUpload",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="загруженные результаты",
    )

    class Meta:
        verbose_name = "протокол ФИС ОКО"
        verbose_name_plural = "протоколы ФИС ОКО"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def work_label(self) -> str:
        return procedure_label(self.work) if self.work else ""

    @property
    def is_readable(self) -> bool:
        return not self.error and bool(self.summary)


class TaskResultQuerySet(ScopedQuerySet):
    pass


class TaskResult(models.Model):
    """What a protocol says about one school's work beyond the share of «2»: per-task shares of
    points (the school's and the region's), marks, mean score, objectivity. One per school × year ×
    work; a newer protocol of the same work and year replaces it."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="task_results", verbose_name="школа")
    year = models.PositiveSmallIntegerField("год")
    procedure = models.CharField("работа", max_length=20)
    source = models.ForeignKey(ProtocolFile, on_delete=models.CASCADE, related_name="+", verbose_name="протокол")
    participants = models.PositiveIntegerField("участников")
    marks = models.JSONField("отметки", default=dict)  # {"2": n, "3": n, "4": n, "5": n}
    mean_score = models.FloatField("средний балл", null=True, blank=True)
    task_shares = models.JSONField("доли баллов по заданиям, %", default=dict)
    region_shares = models.JSONField("доли баллов региона, %", default=dict)
    lowered = models.PositiveIntegerField("понизили", default=0)
    confirmed = models.PositiveIntegerField("подтвердили", default=0)
    raised = models.PositiveIntegerField("повысили", default=0)

    objects = TaskResultQuerySet.as_manager()

    class Meta:
        verbose_name = "результат школы по заданиям"
        verbose_name_plural = "результаты школ по заданиям"
        constraints = [models.UniqueConstraint(fields=["school", "year", "procedure"], name="task_result_unique")]

    def __str__(self) -> str:
        return f"{self.school} — {procedure_label(self.procedure)} {self.year}"

    @property
    def procedure_name(self) -> str:
        return procedure_label(self.procedure)

    def objectivity(self) -> dict[str, float] | None:
        compared = self.lowered + self.confirmed + self.raised
        if not compared:
            return None
        return {
            "lowered": round(100 * self.lowered / compared, 1),
            "confirmed": round(100 * self.confirmed / compared, 1),
            "raised": round(100 * self.raised / compared, 1),
            "compared": compared,
        }

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        return School.scope_q(scope, prefix="school__")


class TaskDescription(models.Model):
    """A work's task description file (КЭС, КТ, skills, level, maximum points per task), kept."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="task_descriptions", verbose_name="кампания"
    )
    procedure = models.CharField("работа", max_length=20)
    file = models.FileField("файл", upload_to=upload_path("task-descriptions"), validators=[validate_upload_size])
    original_name = models.CharField("имя файла", max_length=255)
    tasks = models.JSONField("задания", default=dict)  # task → {skills, block, level, kes, kt, max_points}
    uploaded_at = models.DateTimeField("когда", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "описание заданий работы"
        verbose_name_plural = "описания заданий работ"
        constraints = [models.UniqueConstraint(fields=["campaign", "procedure"], name="task_description_unique")]

    def __str__(self) -> str:
        return f"{procedure_label(self.procedure)}: {self.original_name}"

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        return any_of(("campaign__region_id", scope.visible_region_ids))


class ScoreScale(models.Model):
    """A score scale the operator added (a year and work the built-in scales do not have, or a correction)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="score_scales", verbose_name="кампания"
    )
    year = models.PositiveSmallIntegerField("год")
    procedure = models.CharField("работа", max_length=20)
    bounds = models.JSONField("границы")  # [2 до, 3 от, 3 до, 4 от, 4 до, 5 от]
    maximum = models.PositiveSmallIntegerField("максимум", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "шкала перевода баллов"
        verbose_name_plural = "шкалы перевода баллов"
        constraints = [models.UniqueConstraint(fields=["campaign", "year", "procedure"], name="score_scale_unique")]

    def __str__(self) -> str:
        return f"{procedure_label(self.procedure)} {self.year}: {self.bounds}"

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        return any_of(("campaign__region_id", scope.region_ids))
