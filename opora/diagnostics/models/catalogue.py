"""The risk catalogue of a campaign and the campaign's diagnostics settings (dates, thresholds, samples)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from opora.core.scoping import Scope, ScopedQuerySet, any_of
from opora.registry.models import Campaign


class RiskFactor(models.Model):
    """One risk factor (направление риска) of a campaign's catalogue. Each campaign has its own
    rows, so renaming or retiring a factor for a new year leaves past profiles as they were."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="risk_factors", verbose_name="кампания"
    )
    code = models.CharField("код", max_length=20, help_text="Короткий код, например f07")
    name = models.CharField("название", max_length=300)
    position = models.PositiveSmallIntegerField("порядок")
    retired = models.BooleanField("выведен из каталога", default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "рисковый фактор"
        verbose_name_plural = "рисковые факторы"
        ordering = ["campaign", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "code"], name="risk_factor_code_unique")]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"

    @property
    def region_id(self) -> int:
        return self.campaign.region_id

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        # The catalogue is public within the region, like the campaign itself.
        return any_of(("campaign__region_id", scope.visible_region_ids))


class DiagnosticsSettings(models.Model):
    """What the region sets for a campaign's diagnostics: when the anonymous questionnaires are
    open, the score thresholds of the levels, and the smallest sample per respondent group."""

    campaign = models.OneToOneField(
        Campaign, on_delete=models.CASCADE, related_name="diagnostics_settings", verbose_name="кампания"
    )
    opens_on = models.DateField("анкетирование открыто с", null=True, blank=True)
    closes_on = models.DateField("анкетирование открыто по", null=True, blank=True)
    high_from = models.DecimalField(
        "высокий риск от (балл)",
        max_digits=4,
        decimal_places=1,
        default=60,
        help_text="Балл фактора от 0 до 100; не ниже этого порога — высокий риск.",
    )
    medium_from = models.DecimalField(
        "средний риск от (балл)",
        max_digits=4,
        decimal_places=1,
        default=35,
        help_text="Не ниже этого порога (и ниже порога высокого) — средний риск; ниже — низкий.",
    )
    min_pupils = models.PositiveIntegerField("наименьшая выборка обучающихся", default=20)
    min_teachers = models.PositiveIntegerField("наименьшая выборка педагогов", default=5)
    min_parents = models.PositiveIntegerField("наименьшая выборка родителей", default=10)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "параметры диагностики"
        verbose_name_plural = "параметры диагностики"

    def __str__(self) -> str:
        return f"Параметры диагностики: {self.campaign}"

    @property
    def region_id(self) -> int:
        return self.campaign.region_id

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        return any_of(("campaign__region_id", scope.visible_region_ids))

    def minimum(self, group: str) -> int:
        """The smallest number of answers of a respondent group for its factors to get a level."""
        return {"pupils": self.min_pupils, "teachers": self.min_teachers, "parents": self.min_parents}.get(group, 1)

    def is_open(self, day) -> bool:
        return bool(self.opens_on and self.closes_on and self.opens_on <= day <= self.closes_on)
