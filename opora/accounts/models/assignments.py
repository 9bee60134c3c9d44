import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from opora.core.scoping import Places, Scope, ScopedQuerySet, any_of

from .roles import MUNICIPALITY_ROLES, REGION_ROLES, SCHOOL_ROLES, Role


class AssignmentQuerySet(ScopedQuerySet):
    def active(self, on: datetime.date | None = None) -> "AssignmentQuerySet":
        on = on or timezone.localdate()
        return self.filter(Q(valid_from__lte=on), Q(valid_to__isnull=True) | Q(valid_to__gte=on))

    def scope_for(self, user) -> Scope:
        """The union of the user's active assignments, role by role, in two queries whatever their number."""
        if user.is_superuser:
            return Scope(everything=True)
        if not user.person_id:
            return Scope()
        rows = list(
            self.active().filter(person_id=user.person_id).values_list("pk", "role", "region_id", "municipality_id")
        )
        held: dict[str, dict[str, set[int]]] = {}
        for _pk, role, region_id, municipality_id in rows:
            places = held.setdefault(role, {"region": set(), "municipality": set(), "school": set(), "seen": set()})
            places["seen"].add(region_id)
            if municipality_id:
                places["municipality"].add(municipality_id)
            elif role not in SCHOOL_ROLES:
                places["region"].add(region_id)
        role_of = {pk: role for pk, role, _r, _m in rows if role in SCHOOL_ROLES}
        school_municipality = {}
        if role_of:
            links = Assignment.schools.through.objects.filter(assignment_id__in=role_of).values_list(
                "assignment_id", "school_id", "school__municipality_id"
            )
            for assignment_id, school_id, municipality_id in links:
                held[role_of[assignment_id]]["school"].add(school_id)
                school_municipality[school_id] = municipality_id
        union = {
            level: set().union(*(p[level] for p in held.values())) for level in ("region", "municipality", "school")
        }
        return Scope(
            region_ids=frozenset(union["region"]),
            municipality_ids=frozenset(union["municipality"]),
            school_ids=frozenset(union["school"]),
            visible_region_ids=frozenset(set().union(*(p["seen"] for p in held.values()))),
            visible_municipality_ids=frozenset(union["municipality"] | set(school_municipality.values())),
            by_role={
                role: Places(
                    region=frozenset(p["region"]),
                    municipality=frozenset(p["municipality"]),
                    school=frozenset(p["school"]),
                )
                for role, p in held.items()
            },
        )


class Assignment(models.Model):
    """A person in a role over a scope (region, municipality or schools), by order, for a period."""

    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="assignments", verbose_name="человек"
    )
    role = models.CharField("роль", max_length=32, choices=Role.choices)
    region = models.ForeignKey(
        "registry.Region", on_delete=models.PROTECT, related_name="assignments", verbose_name="регион"
    )
    municipality = models.ForeignKey(
        "registry.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name="муниципалитет",
    )
    schools = models.ManyToManyField("registry.School", blank=True, related_name="assignments", verbose_name="школы")
    campaign = models.ForeignKey(
        "registry.Campaign",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name="кампания",
    )
    order = models.ForeignKey(
        "registry.Order",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name="приказ",
    )
    valid_from = models.DateField("действует с", default=datetime.date.today)
    valid_to = models.DateField("действует по", null=True, blank=True)
    created_at = models.DateTimeField("создано", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто назначил",
    )

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "назначение"
        verbose_name_plural = "назначения"
        ordering = ["region", "role", "person"]
        indexes = [models.Index(fields=["person", "valid_from", "valid_to"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()} ({self.scope_label})"

    @property
    def scope_label(self) -> str:
        if self.municipality_id:
            return str(self.municipality)
        if self.role in SCHOOL_ROLES:
            return "школы по назначению"
        return str(self.region)

    def is_active_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)

    def clean(self) -> None:
        errors = {}
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            errors["valid_to"] = "Дата окончания раньше даты начала."
        if self.role in MUNICIPALITY_ROLES and not self.municipality_id:
            errors["municipality"] = "Для муниципального координатора нужно указать муниципалитет."
        if (self.role in REGION_ROLES or self.role in SCHOOL_ROLES) and self.municipality_id:
            errors["municipality"] = "Для этой роли муниципалитет не указывается."
        if self.municipality_id and self.region_id and self.municipality.region_id != self.region_id:
            errors["municipality"] = "Муниципалитет относится к другому региону."
        if self.campaign_id and self.region_id and self.campaign.region_id != self.region_id:
            errors["campaign"] = "Кампания относится к другому региону."
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        # Who works where is visible to those who oversee that place. A subquery, not a join,
        # so an assignment over several visible schools is listed once.
        via_schools = Assignment.schools.through.objects.filter(
            any_of(("school__municipality_id", scope.municipality_ids), ("school_id", scope.school_ids))
        ).values("assignment_id")
        return any_of(("region_id", scope.region_ids), ("municipality_id", scope.municipality_ids)) | Q(
            pk__in=via_schools
        )
