"""A school's documents: each a slot (school × campaign × kind [× factor] [× stage]) holding its
uploaded versions, its status and every change of it, and the curator's structured reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from opora.core.scoping import Scope, ScopedQuerySet
from opora.core.uploads import upload_path, validate_upload_size
from opora.registry.models import Campaign, School

from .kinds import DocumentKind, ReviewCriterion


class Status(models.TextChoices):
    DRAFT = "draft", "черновик"
    SUBMITTED = "submitted", "на проверке"
    APPROVED = "approved", "ОДОБРЕНО"
    RETURNED = "returned", "на доработку"


class SchoolDocumentQuerySet(ScopedQuerySet):
    def waiting(self) -> SchoolDocumentQuerySet:
        """On review, oldest first."""
        return self.filter(status=Status.SUBMITTED).order_by("status_at", "pk")

    def with_names(self) -> SchoolDocumentQuerySet:
        return self.select_related("school__municipality", "kind", "factor", "stage", "campaign")


class SchoolDocument(models.Model):
    """One document a school owes or offers; its file lives in its versions."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="documents", verbose_name="школа")
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="documents", verbose_name="кампания")
    kind = models.ForeignKey(DocumentKind, on_delete=models.PROTECT, related_name="documents", verbose_name="вид")
    factor = models.ForeignKey(
        "diagnostics.RiskFactor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name="фактор риска",
    )
    stage = models.ForeignKey(
        "roadmaps.MonitoringStage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name="этап мониторинга",
    )
    title = models.CharField("название (для других документов)", max_length=300, blank=True)
    status = models.CharField("статус", max_length=10, choices=Status.choices, default=Status.DRAFT)
    status_at = models.DateTimeField("статус с", default=timezone.now)
    # Bumped by every status change: a decision taken on a page shows which state it was taken on.
    revision = models.PositiveIntegerField("редакция", default=0)
    created_at = models.DateTimeField("создан", auto_now_add=True)

    objects = SchoolDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "документ школы"
        verbose_name_plural = "документы школ"
        ordering = ["school", "kind__order", "factor__position", "stage__number", "pk"]
        indexes = [
            models.Index(fields=["campaign", "status", "status_at"]),
            models.Index(fields=["school", "campaign"]),
        ]
        constraints = [
            # One document per slot; «other» documents may be many, each with its own title.
            models.UniqueConstraint(
                fields=["school", "kind"],
                condition=Q(factor__isnull=True, stage__isnull=True, title=""),
                name="school_document_one_per_kind",
            ),
            models.UniqueConstraint(
                fields=["school", "kind", "title"], condition=~Q(title=""), name="school_document_one_per_title"
            ),
            models.UniqueConstraint(
                fields=["school", "kind", "factor"],
                condition=Q(factor__isnull=False),
                name="school_document_one_per_factor",
            ),
            models.UniqueConstraint(
                fields=["school", "kind", "stage"],
                condition=Q(stage__isnull=False),
                name="school_document_one_per_stage",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.school}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("programs:document", args=[self.pk])

    @property
    def name(self) -> str:
        if self.factor_id:
            return f"{self.kind.title}: {self.factor.name}"
        if self.stage_id:
            return f"{self.kind.title}: {self.stage.title}"
        if self.title:
            return f"{self.kind.title}: {self.title}"
        return self.kind.title

    @property
    def days_in_status(self) -> int:
        return (timezone.now() - self.status_at).days

    @staticmethod
    def scope_q(scope: Scope, prefix: str = "") -> Q:
        return School.scope_q(scope, prefix=f"{prefix}school__")


class DocumentVersion(models.Model):
    """One uploaded file of a document. Versions are never replaced or deleted."""

    document = models.ForeignKey(
        SchoolDocument, on_delete=models.CASCADE, related_name="versions", verbose_name="документ"
    )
    number = models.PositiveIntegerField("версия")
    file = models.FileField("файл", upload_to=upload_path("school-documents"), validators=[validate_upload_size])
    original_name = models.CharField("имя файла", max_length=255)
    filetype = models.CharField("тип файла", max_length=10)
    size = models.PositiveBigIntegerField("размер, байт")
    sha256 = models.CharField("SHA-256", max_length=64)
    note = models.CharField("что изменено", max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="кто загрузил"
    )
    uploaded_at = models.DateTimeField("когда", default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "версия документа"
        verbose_name_plural = "версии документов"
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="document_version_unique")]

    def __str__(self) -> str:
        return f"{self.original_name} (версия {self.number})"

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        return SchoolDocument.scope_q(scope, prefix="document__")


class StatusChange(models.Model):
    """One change of a document's status: who, when, from, to, why."""

    document = models.ForeignKey(
        SchoolDocument, on_delete=models.CASCADE, related_name="changes", verbose_name="документ"
    )
    from_status = models.CharField("было", max_length=10, choices=Status.choices, blank=True)
    to_status = models.CharField("стало", max_length=10, choices=Status.choices)
    comment = models.TextField("комментарий", blank=True)
    version = models.ForeignKey(
        DocumentVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="версия"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="кто"
    )
    at = models.DateTimeField("когда", default=timezone.now)

    class Meta:
        verbose_name = "изменение статуса"
        verbose_name_plural = "изменения статусов"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class Review(models.Model):
    """The curator's review of one version: each criterion met or not, and a verdict."""

    class Verdict(models.TextChoices):
        APPROVED = Status.APPROVED.value, "одобрить"
        RETURNED = Status.RETURNED.value, "вернуть на доработку"

    document = models.ForeignKey(
        SchoolDocument, on_delete=models.CASCADE, related_name="reviews", verbose_name="документ"
    )
    version = models.ForeignKey(
        DocumentVersion, on_delete=models.PROTECT, related_name="reviews", verbose_name="версия"
    )
    verdict = models.CharField("решение", max_length=10, choices=Verdict.choices)
    comment = models.TextField("общий комментарий", blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="проверил"
    )
    at = models.DateTimeField("когда", default=timezone.now)

    class Meta:
        verbose_name = "проверка документа"
        verbose_name_plural = "проверки документов"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_verdict_display()}: {self.document}"

    @property
    def outcome(self) -> str:
        """«Одобрено» / «Возвращено на доработку»: the verdict as it reads afterwards."""
        return "Одобрено" if self.verdict == Status.APPROVED else "Возвращено на доработку"


class CriterionMark(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="marks", verbose_name="проверка")
    criterion = models.ForeignKey(
        ReviewCriterion, on_delete=models.PROTECT, related_name="marks", verbose_name="критерий"
    )
    met = models.BooleanField("выполнен")
    comment = models.TextField("комментарий", blank=True)

    class Meta:
        verbose_name = "оценка по критерию"
        verbose_name_plural = "оценки по критериям"
        ordering = ["review", "criterion__order", "criterion__pk"]
        constraints = [models.UniqueConstraint(fields=["review", "criterion"], name="criterion_mark_unique")]

    def __str__(self) -> str:
        return f"{self.criterion}: {'выполнен' if self.met else 'не выполнен'}"
