from django.conf import settings
from django.db import models

from opora.core.background import Progress
from opora.core.scoping import Scope, ScopedQuerySet, any_of
from opora.core.uploads import upload_path, validate_upload_size

from .geography import Region


class SchoolImport(Progress):
    """One upload of a schools file. The file is kept whatever the outcome. The task worker
    reads it (`jobs.schools_import_process`); the page follows its progress."""

    class Status(models.TextChoices):
        RECEIVED = "received", "получен"
        QUEUED = "queued", "в очереди"
        PROCESSING = "processing", "обрабатывается"
        SUCCEEDED = "succeeded", "загружен"
        FAILED = "failed", "отклонён"
        ERROR = "error", "ошибка"

    ACTIVE = (Status.RECEIVED, Status.QUEUED, Status.PROCESSING)

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="school_imports", verbose_name="регион")
    file = models.FileField("файл", upload_to=upload_path("school-imports"), validators=[validate_upload_size])
    original_name = models.CharField("имя файла", max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="кто загрузил",
    )
    uploaded_at = models.DateTimeField("когда", auto_now_add=True)
    status = models.CharField("итог", max_length=10, choices=Status.choices, default=Status.RECEIVED)
    created_count = models.PositiveIntegerField("добавлено школ", default=0)
    updated_count = models.PositiveIntegerField("обновлено школ", default=0)
    errors = models.JSONField("ошибки", default=list, blank=True)
    create_municipalities = models.BooleanField("создавать новые муниципалитеты", default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "загрузка списка школ"
        verbose_name_plural = "загрузки списков школ"
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.uploaded_at:%d.%m.%Y %H:%M})"

    @staticmethod
    def scope_q(scope: Scope):
        # Import records and their files are the regional operator's working material.
        return any_of(("region_id", scope.places("regional_operator", "region")))
