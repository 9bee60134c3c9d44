"""Execution: monitoring stages, reports on items, and the history of changes to approved roadmaps."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from opora.core.background import Progress
from opora.core.scoping import Scope, ScopedQuerySet, any_of
from opora.core.uploads import upload_path, validate_upload_size
from opora.registry.models import Campaign

from .plans import Item, Roadmap


class MonitoringStage(models.Model):
    """Interim (by 15 August) and final (by 15 December) monitoring of roadmap execution."""

    DEFAULTS = ((1, "Промежуточный мониторинг", 8, 15), (2, "Итоговый мониторинг", 12, 15))

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="monitoring_stages", verbose_name="кампания"
    )
    number = models.PositiveSmallIntegerField("этап")
    title = models.CharField("название", max_length=200)
    due = models.DateField("срок представления")

    class Meta:
        verbose_name = "этап мониторинга"
        verbose_name_plural = "этапы мониторинга"
        ordering = ["campaign", "number"]
        constraints = [models.UniqueConstraint(fields=["campaign", "number"], name="stage_unique")]

    def __str__(self) -> str:
        return f"{self.title} (до {self.due:%d.%m.%Y})"

    @classmethod
    def for_campaign(cls, campaign: Campaign) -> list[MonitoringStage]:
        """The campaign's stages, created with the customary dates the first time they are needed."""
        stages = list(cls.objects.filter(campaign=campaign))
        if not stages:
            stages = [
                cls.objects.get_or_create(
                    campaign=campaign,
                    number=number,
                    defaults={"title": title, "due": datetime.date(campaign.year, m, d)},
                )[0]
                for number, title, m, d in cls.DEFAULTS
            ]
        return stages


class ItemReport(models.Model):
    """A report on an item for a stage. A new report supersedes the previous one (is_current),
    which stays as history."""

    class Status(models.TextChoices):
        DONE = "done", "выполнено"
        PARTLY = "partly", "выполнено частично"
        NOT_DONE = "not_done", "не выполнено"

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="reports", verbose_name="мероприятие")
    stage = models.ForeignKey(MonitoringStage, on_delete=models.PROTECT, related_name="reports", verbose_name="этап")
    status = models.CharField("исполнение", max_length=10, choices=Status.choices)
    comment = models.TextField("комментарий", blank=True)
    evidence = models.FileField(
        "подтверждающий документ", upload_to=upload_path("evidence"), blank=True, validators=[validate_upload_size]
    )
    evidence_name = models.CharField("имя файла", max_length=255, blank=True)
    link = models.URLField("ссылка на подтверждение", blank=True, max_length=1000)
    is_current = models.BooleanField("действующий", default=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="кто"
    )
    at = models.DateTimeField("когда", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    access_via = {"roadmaps.Roadmap": "item__roadmap"}

    class Meta:
        verbose_name = "отчёт об исполнении"
        verbose_name_plural = "отчёты об исполнении"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["item", "is_current", "status"])]
        constraints = [
            # One current report per item and stage, even when two people report at the same moment.
            models.UniqueConstraint(
                fields=["item", "stage"], condition=Q(is_current=True), name="report_one_current_per_stage"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.get_status_display()}"

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        return Roadmap.scope_q(scope, prefix="item__roadmap__")


class RoadmapChange(models.Model):
    """One change to an item of an approved roadmap: what, from what, to what, who, when."""

    roadmap = models.ForeignKey(
        Roadmap, on_delete=models.CASCADE, related_name="changes", verbose_name="дорожная карта"
    )
    item = models.ForeignKey(
        Item, on_delete=models.SET_NULL, null=True, blank=True, related_name="changes", verbose_name="мероприятие"
    )
    item_number = models.CharField("№ мероприятия", max_length=20, blank=True)
    field = models.CharField("поле", max_length=50)
    old = models.TextField("было", blank=True)
    new = models.TextField("стало", blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="кто"
    )
    at = models.DateTimeField("когда", auto_now_add=True)

    class Meta:
        verbose_name = "изменение дорожной карты"
        verbose_name_plural = "изменения дорожных карт"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.item_number}: {self.field}"


class RoadmapImport(Progress):
    """An uploaded document and what was read from it, until the user saves it as a roadmap. The
    request stores the file; the task worker reads it (`jobs.roadmap_import_process`), writing its
    progress here, and fills `parsed` at once when the whole document is read."""

    class Status(models.TextChoices):
        QUEUED = "queued", "в очереди"
        PROCESSING = "processing", "читается"
        READ = "read", "прочитан"
        FAILED = "failed", "не прочитан"

    ACTIVE = (Status.QUEUED, Status.PROCESSING)
    # What `opora recover` writes on a record whose reading was cut off by a crash of the worker.
    INTERRUPTED = "Чтение прервано: работа сервера прервалась."

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="roadmap_imports", verbose_name="кампания"
    )
    file = models.FileField("файл", upload_to=upload_path("roadmap-imports"), validators=[validate_upload_size])
    original_name = models.CharField("имя файла", max_length=255)
    level = models.CharField("уровень", max_length=12, choices=Roadmap.Level.choices)
    municipality = models.ForeignKey(
        "registry.Municipality", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    school = models.ForeignKey("registry.School", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    year = models.PositiveSmallIntegerField("год, указанный при загрузке", null=True, blank=True)
    parsed = models.JSONField("прочитано", default=dict)
    # A record made with what was read (the demo, `services.roadmap_import_read`) is read already;
    # one made by the import page starts queued.
    status = models.CharField("чтение", max_length=10, choices=Status.choices, default=Status.READ)
    roadmap = models.ForeignKey(
        Roadmap, on_delete=models.SET_NULL, null=True, blank=True, related_name="imports", verbose_name="создана карта"
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "загрузка дорожной карты"
        verbose_name_plural = "загрузки дорожных карт"
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.original_name

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        # Only its uploader opens a preview (see the view); the region bounds it all the same.
        return any_of(("campaign__region_id", scope.visible_region_ids))

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def failure(self) -> str:
        """Why there is no preview, in Russian; empty when the document is read."""
        if self.is_active:
            return ""
        if "error" in self.parsed:
            return self.parsed["error"]
        if self.status == self.Status.FAILED and self.stage and self.stage != self.INTERRUPTED:
            return self.stage
        if self.status == self.Status.FAILED or "items" not in self.parsed:
            # Cut off: the worker died mid-way (marked by `opora recover`), or a record of before.
            return f"Документ «{self.original_name}» не дочитан: работа сервера прервалась. Загрузите его ещё раз."
        return ""
