from django.db import models
from django.db.models import Q

from opora.core.scoping import Scope, ScopedQuerySet, any_of

from .geography import Municipality, Region


class Organisation(models.Model):
    """A ministry, institute, municipal authority or methodical centre that issues orders and employs people."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", "Орган управления образованием субъекта РФ"
        REGIONAL_INSTITUTE = "regional_institute", "Региональный институт развития образования"
        MUNICIPAL_AUTHORITY = "municipal_authority", "Муниципальный орган управления образованием"
        METHODICAL_CENTRE = "methodical_centre", "Методический центр"
        SCHOOL = "school", "Общеобразовательная организация"
        OTHER = "other", "Иная организация"

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="organisations", verbose_name="регион")
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name="муниципалитет",
    )
    kind = models.CharField("вид", max_length=32, choices=Kind.choices)
    name = models.CharField("полное наименование", max_length=500)
    short_name = models.CharField("краткое наименование", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "организация"
        verbose_name_plural = "организации"
        ordering = ["region", "kind", "name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        # Regional bodies are visible to everyone working in the region; a municipal body only
        # to those working in that municipality.
        regional = Q(municipality__isnull=True) & any_of(("region_id", scope.visible_region_ids))
        return regional | any_of(("region_id", scope.region_ids), ("municipality_id", scope.visible_municipality_ids))
