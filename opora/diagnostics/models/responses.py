"""Answers: a response per respondent (with an account or anonymous), the school's anonymous link,
and the transient marks that rate-limit it."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from opora.core.background import Progress
from opora.core.scoping import Scope, ScopedQuerySet
from opora.core.uploads import upload_path, validate_upload_size
from opora.registry.models import Campaign, School

from .questionnaires import Option, Question, Questionnaire


def new_token() -> str:
    return secrets.token_urlsafe(18)


class SurveyLink(models.Model):
    """A school's link to its anonymous questionnaires. Replacing it retires the old one."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="survey_links", verbose_name="школа")
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="+", verbose_name="кампания")
    token = models.CharField("ключ ссылки", max_length=40, unique=True, default=new_token)
    created_at = models.DateTimeField("создана", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто создал",
    )
    retired_at = models.DateTimeField("заменена", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "ссылка на анкеты"
        verbose_name_plural = "ссылки на анкеты"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "campaign"], condition=Q(retired_at__isnull=True), name="survey_link_one_active"
            )
        ]

    def __str__(self) -> str:
        return f"Ссылка на анкеты: {self.school}"

    def get_absolute_url(self) -> str:
        return reverse("diagnostics:survey", args=[self.token])

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        return School.scope_q(scope, prefix="school__")


class Response(models.Model):
    """One respondent's answers. Anonymous responses keep no account, address or browser mark."""

    class Source(models.TextChoices):
        ACCOUNT = "account", "в системе"
        LINK = "link", "по ссылке"
        UPLOAD = "upload", "загружено из файла"

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="responses", verbose_name="анкета"
    )
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+", verbose_name="школа")
    source = models.CharField("как получен", max_length=10, choices=Source.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто ответил (только для анкет школы и директора)",
    )
    submitted_at = models.DateTimeField("получен", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "ответ на анкету"
        verbose_name_plural = "ответы на анкеты"
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["school", "questionnaire"])]

    def __str__(self) -> str:
        return f"{self.questionnaire}: {self.school}"

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        return School.scope_q(scope, prefix="school__")


class Answer(models.Model):
    """An answer to one question: a chosen option (one row per option for multiple choice),
    a number (also a scale point) or a text."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers", verbose_name="ответ")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers", verbose_name="вопрос")
    option = models.ForeignKey(
        Option, on_delete=models.PROTECT, null=True, blank=True, related_name="answers", verbose_name="вариант"
    )
    value = models.DecimalField("число", max_digits=9, decimal_places=2, null=True, blank=True)
    text = models.TextField("текст", blank=True)

    class Meta:
        verbose_name = "ответ на вопрос"
        verbose_name_plural = "ответы на вопросы"
        indexes = [models.Index(fields=["question", "option"])]

    def __str__(self) -> str:
        return str(self.option or self.value or self.text[:50])


class LinkSubmission(models.Model):
    """When an anonymous link was used and from which client key (a keyed hash of the address,
    not reversible): only for rate limiting, not tied to any response, and pruned after a day."""

    link = models.ForeignKey(SurveyLink, on_delete=models.CASCADE, related_name="+")
    client_key = models.CharField(max_length=64)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["link", "client_key", "at"])]

    def __str__(self) -> str:
        return f"{self.link_id} {self.at:%d.%m.%Y %H:%M}"


class AnswersUpload(Progress):
    """A spreadsheet of answers collected elsewhere: kept whether it was loaded or refused. The file is
    stored first, then read by the task worker (`jobs.answers_upload_process`), all rows or none."""

    class Status(models.TextChoices):
        QUEUED = "queued", "в очереди"
        PROCESSING = "processing", "обрабатывается"
        LOADED = "loaded", "загружен"
        REFUSED = "refused", "отклонён"
        ERROR = "error", "ошибка обработки"

    ACTIVE = (Status.QUEUED, Status.PROCESSING)

    profile = models.ForeignKey(
        "diagnostics.RiskProfile", on_delete=models.CASCADE, related_name="uploads", verbose_name="профиль"
    )
    group = models.CharField("чьи ответы", max_length=10)
    file = models.FileField("файл", upload_to=upload_path("answers"), validators=[validate_upload_size])
    file_name = models.CharField("имя файла", max_length=255)
    status = models.CharField("итог", max_length=10, choices=Status.choices)
    rows = models.PositiveIntegerField("ответов загружено", default=0)
    errors = models.JSONField("ошибки", default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="кто загрузил"
    )
    uploaded_at = models.DateTimeField("когда", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    access_via = {"diagnostics.RiskProfile": "profile"}

    class Meta:
        verbose_name = "загрузка ответов"
        verbose_name_plural = "загрузки ответов"
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        return School.scope_q(scope, prefix="profile__school__")
