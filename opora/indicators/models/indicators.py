"""Indicators as data: a numerator and (for a share) a denominator chosen from the fact library
(`opora.indicators.facts`), with targets per year and a colour rule; snapshots of their values at
monitoring stages; links from roadmap items to them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from opora.core.scoping import Scope, ScopedQuerySet, any_of
from opora.registry.models import Campaign


class Unit(models.TextChoices):
    SHARE = "share", "доля, %"
    COUNT = "count", "количество"


class Period(models.TextChoices):
    CAMPAIGN = "campaign", "год кампании"
    STAGE = "stage", "период текущего этапа мониторинга"
    CUSTOM = "custom", "заданные даты"


class Level(models.TextChoices):
    REGION = "region", "регион"
    MUNICIPALITY = "municipality", "муниципалитет"
    SCHOOL = "school", "школа"


class Colour(models.TextChoices):
    GREEN = "green", "достигнуто"
    YELLOW = "yellow", "близко к цели"
    RED = "red", "не достигнуто"
    NONE = "", "цель не задана"


class IndicatorQuerySet(ScopedQuerySet):
    def active(self) -> IndicatorQuerySet:
        return self.filter(retired=False)


class Indicator(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="indicators", verbose_name="кампания")
    code = models.SlugField("код из библиотеки", max_length=60, blank=True)
    title = models.CharField("название", max_length=500)
    unit = models.CharField("единица", max_length=10, choices=Unit.choices, default=Unit.SHARE)
    numerator = models.CharField("числитель (факт)", max_length=60)
    numerator_params = models.JSONField("параметры числителя", default=dict, blank=True)
    denominator = models.CharField("знаменатель (факт)", max_length=60, blank=True)
    denominator_params = models.JSONField("параметры знаменателя", default=dict, blank=True)
    level = models.CharField(
        "считается до уровня",
        max_length=12,
        choices=Level.choices,
        default=Level.SCHOOL,
        help_text="Самый мелкий уровень, на котором показатель имеет смысл.",
    )
    period = models.CharField("период", max_length=10, choices=Period.choices, default=Period.CAMPAIGN)
    start = models.DateField("начало периода", null=True, blank=True)
    end = models.DateField("конец периода", null=True, blank=True)
    targets = models.JSONField("целевые значения по годам", default=dict, blank=True)  # {"2026": 100}
    lower_is_better = models.BooleanField("меньше — лучше", default=False)
    yellow_share = models.PositiveSmallIntegerField(
        "жёлтый от, % цели", default=80, help_text="Жёлтый цвет, пока значение не хуже этой доли цели."
    )
    position = models.PositiveIntegerField("порядок", default=0)
    retired = models.BooleanField("выведен", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("создан", auto_now_add=True)

    objects = IndicatorQuerySet.as_manager()
    access_via = {"registry.Campaign": "campaign"}

    class Meta:
        verbose_name = "показатель"
        verbose_name_plural = "показатели"
        ordering = ["campaign", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "code"], condition=~Q(code=""), name="indicator_unique_library_code"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def region_id(self) -> int:
        return self.campaign.region_id

    @property
    def is_share(self) -> bool:
        return self.unit == Unit.SHARE

    def target_for(self, year: int) -> float | None:
        value = self.targets.get(str(year))
        return None if value in (None, "") else float(value)

    @staticmethod
    def scope_q(scope: Scope, prefix: str = "") -> Q:
        # The definitions are seen by anyone working in the region; values are narrowed by place.
        return any_of((f"{prefix}campaign__region_id", scope.visible_region_ids))


class Snapshot(models.Model):
    """What an indicator was on a day (at a monitoring stage or on demand), with the rows counted."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="snapshots")
    stage = models.ForeignKey(
        "roadmaps.MonitoringStage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    taken_on = models.DateField("на дату")
    taken_at = models.DateTimeField("снят", auto_now_add=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    municipality = models.ForeignKey(
        "registry.Municipality", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    value = models.FloatField("значение", null=True)
    numerator = models.PositiveIntegerField("числитель")
    denominator = models.PositiveIntegerField("знаменатель", null=True)
    target = models.FloatField("цель", null=True)
    colour = models.CharField("цвет", max_length=6, blank=True)
    numerator_ids = models.JSONField("строки числителя", default=list)
    denominator_ids = models.JSONField("строки знаменателя", default=list)

    class Meta:
        verbose_name = "срез показателя"
        verbose_name_plural = "срезы показателей"
        ordering = ["indicator", "-taken_on", "-pk"]
        indexes = [models.Index(fields=["indicator", "municipality", "taken_on"])]

    def __str__(self) -> str:
        return f"{self.indicator} на {self.taken_on:%d.%m.%Y}"


class ItemIndicatorLink(models.Model):
    """A roadmap item's indicator text tied to a computed indicator."""

    item = models.OneToOneField("roadmaps.Item", on_delete=models.CASCADE, related_name="indicator_link")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="item_links")
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "связь мероприятия с показателем"
        verbose_name_plural = "связи мероприятий с показателями"

    def __str__(self) -> str:
        return f"{self.item_id} → {self.indicator}"
