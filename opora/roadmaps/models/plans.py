"""Roadmaps of the three levels, their sections and items."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from opora.core.scoping import Scope, ScopedQuerySet, any_of
from opora.core.uploads import upload_path, validate_upload_size
from opora.registry.models import Campaign, Municipality, Order, School


class Roadmap(models.Model):
    class Level(models.TextChoices):
        REGION = "region", "региональная"
        MUNICIPALITY = "municipality", "муниципальная"
        SCHOOL = "school", "школьная"

    class Status(models.TextChoices):
        DRAFT = "draft", "проект"
        APPROVED = "approved", "утверждена"

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="roadmaps", verbose_name="кампания")
    level = models.CharField("уровень", max_length=12, choices=Level.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="roadmaps",
        verbose_name="муниципалитет",
    )
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="roadmaps", verbose_name="школа"
    )
    title = models.CharField("название", max_length=1000)
    year = models.PositiveSmallIntegerField("год")
    school_year = models.BooleanField(
        "на учебный год", default=False, help_text="Сентябрь–декабрь относятся к году, январь–август — к следующему."
    )
    status = models.CharField("статус", max_length=10, choices=Status.choices, default=Status.DRAFT)
    order = models.ForeignKey(
        Order,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="roadmaps",
        verbose_name="утверждена приказом",
    )
    approved_at = models.DateTimeField("утверждена", null=True, blank=True)
    # Passport (паспорт дорожной карты)
    problem = models.TextField("описание проблемы", blank=True)
    goal = models.TextField("цель", blank=True)
    tasks = models.TextField("задачи", blank=True)
    working_group = models.TextField("рабочая группа", blank=True)
    source_file = models.FileField(
        "исходный документ", upload_to=upload_path("roadmaps"), blank=True, validators=[validate_upload_size]
    )
    created_at = models.DateTimeField("создана", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="кто создал"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "дорожная карта"
        verbose_name_plural = "дорожные карты"
        ordering = ["campaign", "level", "municipality__name", "school__short_name"]
        indexes = [models.Index(fields=["campaign", "level"])]

    def __str__(self) -> str:
        return f"{self.owner_name}: {self.title[:80]}"

    def get_absolute_url(self) -> str:
        return reverse("roadmaps:roadmap", args=[self.pk])

    @property
    def owner_name(self) -> str:
        if self.level == self.Level.SCHOOL and self.school_id:
            return str(self.school)
        if self.level == self.Level.MUNICIPALITY and self.municipality_id:
            return str(self.municipality)
        return str(self.campaign.region)

    @property
    def region_id(self) -> int:
        return self.campaign.region_id

    @staticmethod
    def scope_q(scope: Scope, prefix: str = "") -> Q:
        """The regional roadmap is public within the region; a municipal one is seen in that
        municipality (and its schools); a school's by those who work with that school."""
        p = prefix
        regional = Q(**{f"{p}level": "region"}) & any_of((f"{p}campaign__region_id", scope.visible_region_ids))
        return regional | any_of(
            (f"{p}campaign__region_id", scope.region_ids),
            (f"{p}municipality_id", scope.visible_municipality_ids),
            (f"{p}school__municipality_id", scope.municipality_ids),
            (f"{p}school_id", scope.school_ids),
        )


class Section(models.Model):
    roadmap = models.ForeignKey(
        Roadmap, on_delete=models.CASCADE, related_name="sections", verbose_name="дорожная карта"
    )
    position = models.PositiveIntegerField("порядок")
    number = models.CharField("номер", max_length=20, blank=True)
    title = models.CharField("название", max_length=1000)

    class Meta:
        verbose_name = "раздел"
        verbose_name_plural = "разделы"
        ordering = ["roadmap", "position"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


class ItemQuerySet(ScopedQuerySet):
    def overdue(self, today) -> ItemQuerySet:
        """End date passed and no «done» report in any stage."""
        from .execution import ItemReport

        done = ItemReport.objects.filter(item=models.OuterRef("pk"), is_current=True, status=ItemReport.Status.DONE)
        return self.filter(end__lt=today).exclude(models.Exists(done))

    def with_done(self) -> ItemQuerySet:
        """`is_done`: a current «done» report; `done_in_time`: one of them dated by the end date
        (see `Item.done_late`)."""
        from .execution import ItemReport

        done = ItemReport.objects.filter(item=models.OuterRef("pk"), is_current=True, status=ItemReport.Status.DONE)
        return self.annotate(
            is_done=models.Exists(done),
            done_in_time=models.Exists(done.filter(at__date__lte=models.OuterRef("end"))),
        )


class Item(models.Model):
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="items", verbose_name="дорожная карта")
    section = models.ForeignKey(
        Section, on_delete=models.SET_NULL, null=True, blank=True, related_name="items", verbose_name="раздел"
    )
    position = models.PositiveIntegerField("порядок")
    number = models.CharField("№", max_length=20, blank=True)
    action = models.TextField("мероприятие")
    deadline_text = models.CharField("сроки", max_length=500, blank=True)
    start = models.DateField("начало", null=True, blank=True)
    end = models.DateField("окончание", null=True, blank=True, db_index=True)
    recurrence = models.CharField("периодичность", max_length=40, blank=True)
    periods = models.JSONField("периоды", default=list, blank=True)
    deadline_warnings = models.JSONField("замечания к срокам", default=list, blank=True)
    executors = models.JSONField("ответственные", default=list, blank=True)
    # ",curator,municipal_coordinator," — roles named among the executors, for «мои мероприятия».
    executor_roles = models.CharField("роли исполнителей", max_length=200, blank=True)
    executor_people = models.ManyToManyField(
        "registry.Person", blank=True, related_name="roadmap_items", verbose_name="исполнители из реестра"
    )
    planned_result = models.TextField("планируемый результат", blank=True)
    indicator = models.TextField("показатель", blank=True)
    info = models.TextField("информационное сопровождение", blank=True)
    # Raised by every save of the item's form: an edit begun on an older version is refused
    # (two people editing the same item at once), saying who changed it and what it holds now.
    version = models.PositiveIntegerField("версия", default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="кто изменил",
    )  # fmt: skip
    updated_at = models.DateTimeField("когда изменено", null=True, blank=True)

    objects = ItemQuerySet.as_manager()
    access_via = {"roadmaps.Roadmap": "roadmap"}

    class Meta:
        verbose_name = "мероприятие"
        verbose_name_plural = "мероприятия"
        ordering = ["roadmap", "position"]
        indexes = [models.Index(fields=["roadmap", "position"])]

    def __str__(self) -> str:
        return f"{self.number} {self.action[:80]}".strip()

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        return Roadmap.scope_q(scope, prefix="roadmap__")

    @property
    def done_late(self) -> bool:
        """Done, but every current «done» report is dated after the end date («выполнено с
        опозданием»). Needs `Item.objects.with_done()`; False without it."""
        return bool(getattr(self, "is_done", False) and self.end and not getattr(self, "done_in_time", True))


class TargetIndicator(models.Model):
    """A target indicator of the passport with its values by year («Доля ШНОР …: 2021 — 50 %»)."""

    roadmap = models.ForeignKey(
        Roadmap, on_delete=models.CASCADE, related_name="target_indicators", verbose_name="дорожная карта"
    )
    position = models.PositiveIntegerField("порядок", default=0)
    name = models.CharField("показатель", max_length=1000)
    unit = models.CharField("единица", max_length=50, blank=True)
    values = models.JSONField("значения по годам", default=dict, blank=True)

    class Meta:
        verbose_name = "целевой показатель"
        verbose_name_plural = "целевые показатели"
        ordering = ["roadmap", "position"]

    def __str__(self) -> str:
        return self.name
