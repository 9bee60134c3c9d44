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
