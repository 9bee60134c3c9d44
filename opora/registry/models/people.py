from django.db import models
from django.db.models import Q

from opora.core.scoping import Scope, ScopedQuerySet, any_of

from .geography import Region
from .organisations import Organisation


class Person(models.Model):
    """A person taking part in the programme; may or may not have a login."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="people", verbose_name="регион")
    last_name = models.CharField("фамилия", max_length=100)
    first_name = models.CharField("имя", max_length=100)
    middle_name = models.CharField("отчество", max_length=100, blank=True)
    position = models.CharField("должность", max_length=300, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name="организация",
    )
    school = models.ForeignKey(
        "registry.School",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name="школа (место работы)",
    )
    email = models.EmailField("эл. почта", blank=True)
    phone = models.CharField("телефон", max_length=50, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "человек"
        verbose_name_plural = "люди"
        ordering = ["last_name", "first_name", "middle_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.middle_name) if part)

    @property
    def short_name(self) -> str:
        """«Иванова А.П.» — the form used in orders and roadmaps."""
        initials = "".join(f"{part[0]}." for part in (self.first_name, self.middle_name) if part)
        return f"{self.last_name} {initials}".strip()

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        # Personal data: a school-level user sees the staff of their own schools only.
        return any_of(
            ("region_id", scope.region_ids),
            ("school__municipality_id", scope.municipality_ids),
            ("organisation__municipality_id", scope.municipality_ids),
            ("school_id", scope.school_ids),
        )
