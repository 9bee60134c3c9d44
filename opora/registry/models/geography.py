from django.db import models
from django.db.models import Q
from django.urls import reverse

from opora.core.scoping import Scope, ScopedQuerySet, any_of


class Region(models.Model):
    """A subject of the Russian Federation running its own programme."""

    name = models.CharField("название", max_length=200, unique=True)
    code = models.CharField("код", max_length=10, blank=True, help_text="Код субъекта РФ, например 42")
    timezone = models.CharField("часовой пояс", max_length=64, default="Europe/Moscow")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "регион"
        verbose_name_plural = "регионы"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:region", args=[self.pk])

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        # Anyone working somewhere in a region sees the region itself (its name, its campaigns).
        return any_of(("pk", scope.visible_region_ids))

    def current_campaign(self):
        return self.campaigns.order_by("-year").first()


class Municipality(models.Model):
    """A municipal district or city district (муниципальный район / городской округ)."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name="регион")
    name = models.CharField("название", max_length=200)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "муниципалитет"
        verbose_name_plural = "муниципалитеты"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="municipality_unique_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:municipality", args=[self.pk])

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        # A school-level user sees their school's municipality, whose lists then show only their schools.
        return any_of(("region_id", scope.region_ids), ("pk", scope.visible_municipality_ids))
