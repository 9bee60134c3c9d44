from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from opora.core.scoping import Scope, ScopedQuerySet, any_of
from opora.core.uploads import upload_path, validate_upload_size

from .geography import Region
from .organisations import Organisation


class Campaign(models.Model):
    """One region's programme year: lists, assignments, documents and roadmaps belong to it."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="campaigns", verbose_name="регион")
    year = models.PositiveSmallIntegerField("год")
    title = models.CharField("название", max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "кампания"
        verbose_name_plural = "кампании"
        ordering = ["region", "-year"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="campaign_one_per_region_year")]

    def __str__(self) -> str:
        return self.title or f"Адресная методическая помощь — {self.year}"

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        return any_of(("region_id", scope.visible_region_ids))


class Order(models.Model):
    """An order (приказ) that appoints people or approves lists and roadmaps."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="orders", verbose_name="регион")
    issuer = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="orders", verbose_name="кем издан")
    number = models.CharField("номер", max_length=50)
    date = models.DateField("дата")
    title = models.CharField("заголовок", max_length=1000)
    file = models.FileField(
        "файл приказа", upload_to=upload_path("orders"), blank=True, validators=[validate_upload_size]
    )
    created_at = models.DateTimeField("создан", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто внёс",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "приказ"
        verbose_name_plural = "приказы"
        ordering = ["-date", "number"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "number", "date"], name="order_unique_number_per_issuer")
        ]

    def __str__(self) -> str:
        return f"приказ от {self.date:%d.%m.%Y} № {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("registry:order", args=[self.pk])

    def appendix_heading(self) -> str:
        """The top-right heading of a document approved by this order."""
        return f"Приложение\nк приказу {self.issuer}\nот {self.date:%d.%m.%Y} № {self.number}"

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        # Orders of regional bodies are public within the region; a municipal authority's orders
        # are seen by those who work in that municipality.
        regional = Q(issuer__municipality__isnull=True) & any_of(("region_id", scope.visible_region_ids))
        return regional | any_of(
            ("region_id", scope.region_ids), ("issuer__municipality_id", scope.visible_municipality_ids)
        )
