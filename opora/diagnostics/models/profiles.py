"""A school's risk profile for a campaign: a level per factor, the curator's verification and the
factors the school will work on (activated factors)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from opora.core.scoping import Scope, ScopedQuerySet
from opora.registry.models import Campaign, School

from .catalogue import RiskFactor


class Level(models.TextChoices):
    HIGH = "high", "высокий"
    MEDIUM = "medium", "средний"
    LOW = "low", "низкий"
    INSUFFICIENT = "insufficient", "недостаточно данных"


class RiskProfile(models.Model):
    """Рисковый профиль школы (РПШ): one per school and campaign."""

    class State(models.TextChoices):
        NOT_VERIFIED = "not_verified", "не проверен"
        VERIFIED = "verified", "проверен"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="risk_profiles", verbose_name="школа")
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="risk_profiles", verbose_name="кампания"
    )
    state = models.CharField("состояние", max_length=12, choices=State.choices, default=State.NOT_VERIFIED)
    computed_at = models.DateTimeField("рассчитан", null=True, blank=True)
    # The school's numbers that the anonymous answers are compared with.
    pupils = models.PositiveIntegerField("обучающихся в школе", null=True, blank=True)
    teachers = models.PositiveIntegerField("педагогов в школе", null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто проверил",
    )
    verified_at = models.DateTimeField("проверен", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "рисковый профиль школы"
        verbose_name_plural = "рисковые профили школ"
        ordering = ["campaign", "school__short_name"]
        constraints = [models.UniqueConstraint(fields=["school", "campaign"], name="risk_profile_one_per_campaign")]

    def __str__(self) -> str:
        return f"Рисковый профиль: {self.school}, {self.campaign.year}"

    def get_absolute_url(self) -> str:
        return reverse("diagnostics:profile", args=[self.pk])

    @property
    def is_verified(self) -> bool:
        return self.state == self.State.VERIFIED

    @staticmethod
    def scope_q(scope: Scope, prefix: str = "") -> Q:
        return School.scope_q(scope, prefix=f"{prefix}school__")


class FactorLevel(models.Model):
    """The level of one factor in a profile: as computed from the answers, and as the curator
    set it (with the reason) when they disagreed. Both are kept."""

    profile = models.ForeignKey(RiskProfile, on_delete=models.CASCADE, related_name="levels", verbose_name="профиль")
    factor = models.ForeignKey(RiskFactor, on_delete=models.PROTECT, related_name="levels", verbose_name="фактор")
    score = models.DecimalField("балл", max_digits=5, decimal_places=1, null=True, blank=True)
    computed = models.CharField("расчётный уровень", max_length=12, choices=Level.choices)
    explanation = models.JSONField("из чего сложился балл", default=dict, blank=True)
    changed = models.CharField("уровень куратора", max_length=12, choices=Level.choices, blank=True)
    change_reason = models.TextField("основание изменения", blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто изменил",
    )
    changed_at = models.DateTimeField("когда изменён", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    access_via = {"diagnostics.RiskProfile": "profile"}

    class Meta:
        verbose_name = "уровень риска"
        verbose_name_plural = "уровни риска"
        ordering = ["profile", "factor__position"]
        constraints = [models.UniqueConstraint(fields=["profile", "factor"], name="factor_level_unique")]

    def __str__(self) -> str:
        return f"{self.factor.name}: {self.get_level_display()}"

    @property
    def level(self) -> str:
        """The level in force: the curator's when they changed it, else the computed one."""
        return self.changed or self.computed

    def get_level_display(self) -> str:
        return Level(self.level).label

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        return RiskProfile.scope_q(scope, prefix="profile__")


class ActivatedFactor(models.Model):
    """A risk direction the school proposes to work on; activated once the curator confirms it."""

    profile = models.ForeignKey(
        RiskProfile, on_delete=models.CASCADE, related_name="activations", verbose_name="профиль"
    )
    factor = models.ForeignKey(RiskFactor, on_delete=models.PROTECT, related_name="activations", verbose_name="фактор")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="кто предложил"
    )
    proposed_at = models.DateTimeField("предложен", auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто подтвердил",
    )
    confirmed_at = models.DateTimeField("подтверждён", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    access_via = {"diagnostics.RiskProfile": "profile"}

    class Meta:
        verbose_name = "активированный фактор"
        verbose_name_plural = "активированные факторы"
        ordering = ["profile", "factor__position"]
        constraints = [models.UniqueConstraint(fields=["profile", "factor"], name="activated_factor_unique")]

    def __str__(self) -> str:
        return f"{self.profile.school}: {self.factor.name}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        return RiskProfile.scope_q(scope, prefix="profile__")
