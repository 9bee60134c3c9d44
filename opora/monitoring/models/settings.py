"""A campaign's monitoring settings: how often the curator must visit each school."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from opora.core.scoping import Scope, ScopedQuerySet, any_of
from opora.registry.models import Campaign

# «не реже 1 раза в 3–4 недели» (the federal recommendations); a region may set its own norm.
DEFAULT_VISIT_NORM_DAYS = 28


class MonitoringSettings(models.Model):
    campaign = models.OneToOneField(
        Campaign, on_delete=models.CASCADE, related_name="monitoring_settings", verbose_name="кампания"
    )
    visit_norm_days = models.PositiveSmallIntegerField(
        "наибольший перерыв между визитами, дней",
        default=DEFAULT_VISIT_NORM_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "настройки сопровождения"
        verbose_name_plural = "настройки сопровождения"

    def __str__(self) -> str:
        return f"{self.campaign}: визит не реже раза в {self.visit_norm_days} дн."

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        return any_of(("campaign__region_id", scope.visible_region_ids))
