"""Participant surveys: a wave sends a survey form (a diagnostics questionnaire with the purpose
«опрос участников») to an audience by role in a region, for a period.

Who answered and what was answered are kept apart: a `Participation` (wave, person, day) says a
person has answered — for response rates and the once-per-wave rule — and a `SurveyResponse`
holds the answers with no person, no time and a random key, so nothing joins the two."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from opora.accounts.models.roles import Role
from opora.core.scoping import Scope, ScopedQuerySet, any_of
from opora.diagnostics.models import Option, Question, Questionnaire
from opora.registry.models import Campaign, Municipality, Person

# Who a wave may be sent to (everyone who works in the programme; observers only look).
AUDIENCE_ROLES = [(r.value, r.label) for r in Role if r != Role.OBSERVER]


class Wave(models.Model):
    """«Опрос 1», «Опрос 2» …: a form, the days it is open, and who is asked."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="+", verbose_name="кампания")
    form = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="+", verbose_name="анкета")
    title = models.CharField("название", max_length=200)
    opens_on = models.DateField("открыт с")
    closes_on = models.DateField("открыт по")
    roles = models.JSONField("кого спрашиваем (роли)", default=list)
    municipalities = models.ManyToManyField(
        Municipality,
        blank=True,
        related_name="+",
        verbose_name="только муниципалитеты",
        help_text="Пусто — весь регион.",
    )
    created_at = models.DateTimeField("создан", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "волна опроса"
        verbose_name_plural = "волны опросов"
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="wave_dates_in_order")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:wave", args=[self.pk])

    def is_open(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on

    @property
    def region_id(self) -> int:
        return self.campaign.region_id

    def role_labels(self) -> list[str]:
        labels = dict(Role.choices)
        return [labels.get(r, r) for r in self.roles]

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        # The region's people see that a wave exists; who may answer it or see its results is
        # decided by the audience (selectors) and the rules.
        return any_of(("campaign__region_id", scope.visible_region_ids))


class Participation(models.Model):
    """That a person has answered a wave (not what): one per person and wave, held by the database."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="participations", verbose_name="волна")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="кто ответил")
    answered_on = models.DateField("когда (день)")

    class Meta:
        verbose_name = "участие в опросе"
        verbose_name_plural = "участие в опросах"
        constraints = [models.UniqueConstraint(fields=["wave", "person"], name="participation_once_per_wave")]

    def __str__(self) -> str:
        return f"{self.wave}: {self.person}"


class SurveyResponse(models.Model):
    """One set of answers to a wave, with no person and no time; the key is random, so the order of
    responses says nothing about the order of participations."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="responses", verbose_name="волна")

    class Meta:
        verbose_name = "ответы на опрос"
        verbose_name_plural = "ответы на опросы"

    def __str__(self) -> str:
        return f"{self.wave}: ответы"


class SurveyAnswer(models.Model):
    """An answer to one question of the form (as diagnostics answers are: an option — one row per
    option for multiple choice —, a number or scale point, or a text)."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(Option, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    value = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = "ответ на вопрос опроса"
        verbose_name_plural = "ответы на вопросы опроса"
        indexes = [models.Index(fields=["question", "option"])]

    def __str__(self) -> str:
        return str(self.option or self.value or self.text[:50])
