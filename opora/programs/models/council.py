"""The regional expert council (экспертный совет): a sample of school documents, the experts
assigned to each, and their points per criterion."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from opora.core.scoping import Scope, ScopedQuerySet, any_of
from opora.registry.models import Campaign

from .documents import SchoolDocument
from .kinds import ReviewCriterion


class ExpertSample(models.Model):
    """Documents drawn for the council: at random with a recorded seed (the draw can be repeated
    and checked), or chosen by hand."""

    class Method(models.TextChoices):
        RANDOM = "random", "случайная выборка"
        CHOSEN = "chosen", "выбраны вручную"

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="expert_samples", verbose_name="кампания"
    )
    title = models.CharField("название", max_length=300)
    method = models.CharField("как отобраны", max_length=10, choices=Method.choices)
    seed = models.BigIntegerField("зерно случайной выборки", null=True, blank=True)
    size = models.PositiveIntegerField("сколько документов")
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="кто отобрал"
    )
    drawn_at = models.DateTimeField("когда", default=timezone.now)

    objects = ScopedQuerySet.as_manager()
    access_via = {"registry.Campaign": "campaign"}

    class Meta:
        verbose_name = "выборка экспертного совета"
        verbose_name_plural = "выборки экспертного совета"
        ordering = ["-drawn_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("programs:sample", args=[self.pk])

    @property
    def region_id(self) -> int:
        return self.campaign.region_id

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        # The council is the region's: those who work for the whole region see its samples.
        return any_of(("campaign__region_id", scope.region_ids))


class SampledDocument(models.Model):
    sample = models.ForeignKey(ExpertSample, on_delete=models.CASCADE, related_name="entries", verbose_name="выборка")
    document = models.ForeignKey(
        SchoolDocument, on_delete=models.PROTECT, related_name="sample_entries", verbose_name="документ"
    )

    class Meta:
        verbose_name = "документ выборки"
        verbose_name_plural = "документы выборки"
        ordering = ["sample", "document__school__short_name", "document__kind__order", "pk"]
        constraints = [models.UniqueConstraint(fields=["sample", "document"], name="sampled_document_unique")]

    def __str__(self) -> str:
        return str(self.document)


class ExpertAssignment(models.Model):
    """One expert asked to score one sampled document."""

    entry = models.ForeignKey(
        SampledDocument, on_delete=models.CASCADE, related_name="assignments", verbose_name="документ выборки"
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expert_assignments", verbose_name="эксперт"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="кто назначил"
    )
    assigned_at = models.DateTimeField("назначен", default=timezone.now)
    comment = models.TextField("заключение эксперта", blank=True)
    scored_at = models.DateTimeField("оценено", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    access_via = {"programs.ExpertSample": "entry__sample"}

    class Meta:
        verbose_name = "назначение эксперта"
        verbose_name_plural = "назначения экспертов"
        ordering = ["entry", "expert__person__last_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["entry", "expert"], name="expert_assignment_unique")]

    def __str__(self) -> str:
        return f"{self.expert}: {self.entry}"

    @property
    def campaign(self) -> Campaign:
        return self.entry.sample.campaign

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        return any_of(("entry__sample__campaign__region_id", scope.region_ids))


class ExpertScore(models.Model):
    assignment = models.ForeignKey(
        ExpertAssignment, on_delete=models.CASCADE, related_name="scores", verbose_name="назначение"
    )
    criterion = models.ForeignKey(
        ReviewCriterion, on_delete=models.PROTECT, related_name="expert_scores", verbose_name="критерий"
    )
    points = models.PositiveSmallIntegerField("баллы")
    comment = models.TextField("комментарий", blank=True)

    class Meta:
        verbose_name = "балл эксперта"
        verbose_name_plural = "баллы экспертов"
        ordering = ["assignment", "criterion__order", "criterion__pk"]
        constraints = [models.UniqueConstraint(fields=["assignment", "criterion"], name="expert_score_unique")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"
