"""The curator's visits to a school, the recommendations given there and the files attached.

A visit is planned, then held (recorded with what was observed and found) or cancelled; the school
acknowledges a held visit. Each recommendation goes open → done by the school → confirmed by the
curator, or back to open with the curator's comment; every change of its status is a row."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from opora.core.scoping import Scope, ScopedQuerySet
from opora.core.uploads import upload_path, validate_upload_size
from opora.registry.models import Campaign, Person, School


class VisitStatus(models.TextChoices):
    PLANNED = "planned", "запланирован"
    HELD = "held", "проведён"
    CANCELLED = "cancelled", "отменён"


class VisitFormat(models.TextChoices):
    ON_SITE = "on_site", "очно"
    REMOTE = "remote", "дистанционно"


class Observation(models.TextChoices):
    """What the curator did and saw during a visit (several per visit)."""

    LESSON = "lesson", "посещение урока"
    TEAM_MEETING = "team_meeting", "встреча с управленческой командой"
    DOCUMENTS = "documents", "проверка документов"
    TEACHER_INTERVIEW = "teacher_interview", "беседа с учителями"
    STUDENT_INTERVIEW = "student_interview", "беседа с обучающимися"
    PARENT_MEETING = "parent_meeting", "встреча с родителями"
    EXTRACURRICULAR = "extracurricular", "посещение внеурочного занятия"
    METHODICAL = "methodical", "методическое мероприятие (семинар, педсовет)"
    CONSULTATION = "consultation", "консультация"


class VisitQuerySet(ScopedQuerySet):
    def held(self) -> VisitQuerySet:
        return self.filter(status=VisitStatus.HELD)

    def planned(self) -> VisitQuerySet:
        return self.filter(status=VisitStatus.PLANNED)

    def with_names(self) -> VisitQuerySet:
        return self.select_related("school__municipality", "curator", "campaign")


class Visit(models.Model):
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="visits", verbose_name="школа")
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="visits", verbose_name="кампания")
    curator = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="visits", verbose_name="куратор")
    status = models.CharField("статус", max_length=10, choices=VisitStatus.choices, default=VisitStatus.PLANNED)
    planned_on = models.DateField("дата по плану")
    held_on = models.DateField("дата проведения", null=True, blank=True)
    format = models.CharField("формат", max_length=10, choices=VisitFormat.choices, default=VisitFormat.ON_SITE)
    purpose = models.TextField("цель визита", blank=True)
    participants = models.ManyToManyField(
        Person, blank=True, related_name="visits_attended", verbose_name="участники от школы"
    )
    other_participants = models.TextField("другие участники (по одному в строке)", blank=True)
    observations = models.JSONField("что сделано во время визита", default=list, blank=True)
    findings = models.TextField("выводы и наблюдения", blank=True)
    cancel_reason = models.TextField("причина отмены", blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто ознакомился от школы",
    )
    acknowledged_at = models.DateTimeField("когда ознакомились", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="кто создал"
    )
    created_at = models.DateTimeField("создан", auto_now_add=True)
    updated_at = models.DateTimeField("изменён", auto_now=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = "визит куратора"
        verbose_name_plural = "визиты кураторов"
        ordering = ["-planned_on", "-pk"]
        indexes = [
            models.Index(fields=["school", "campaign", "status", "held_on"]),
            models.Index(fields=["curator", "planned_on"]),
        ]

    def __str__(self) -> str:
        return f"Визит в {self.school} {self.date:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:visit", args=[self.pk])

    @property
    def date(self):
        """The day it happened, or the day it is planned for."""
        return self.held_on or self.planned_on

    @property
    def is_held(self) -> bool:
        return self.status == VisitStatus.HELD

    @property
    def observation_labels(self) -> list[str]:
        labels = dict(Observation.choices)
        return [labels.get(code, code) for code in self.observations]

    @property
    def other_participant_names(self) -> list[str]:
        return [line.strip() for line in self.other_participants.splitlines() if line.strip()]

    @staticmethod
    def scope_q(scope: Scope, prefix: str = "") -> Q:
        return School.scope_q(scope, prefix=f"{prefix}school__")


class RecommendationStatus(models.TextChoices):
    OPEN = "open", "к выполнению"
    DONE = "done", "выполнено школой"
    CONFIRMED = "confirmed", "выполнение подтверждено"


class RecommendationQuerySet(ScopedQuerySet):
    def unconfirmed(self) -> RecommendationQuerySet:
        """Open or done but not yet confirmed: still the school's or the curator's business."""
        return self.exclude(status=RecommendationStatus.CONFIRMED)


class Recommendation(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="recommendations", verbose_name="визит")
    number = models.PositiveSmallIntegerField("№")
    text = models.TextField("рекомендация")
    deadline = models.DateField("срок", null=True, blank=True)
    actor = models.CharField("кто выполняет", max_length=300, blank=True)
    actor_person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name="ответственный",
    )
    status = models.CharField(
        "статус", max_length=10, choices=RecommendationStatus.choices, default=RecommendationStatus.OPEN
    )
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    done_at = models.DateTimeField("отмечено выполненным", null=True, blank=True)
    done_comment = models.TextField("что сделано (комментарий школы)", blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField("подтверждено", null=True, blank=True)
    # The curator's latest reason for sending it back; the full history is in `changes`.
    returned_comment = models.TextField("комментарий куратора при возврате", blank=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = "рекомендация"
        verbose_name_plural = "рекомендации"
        ordering = ["visit", "number", "pk"]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"

    def get_absolute_url(self) -> str:
        return f"{self.visit.get_absolute_url()}#rec-{self.pk}"

    @property
    def who_acts(self) -> str:
        if self.actor_person_id:
            name = self.actor_person.short_name
            return f"{name}, {self.actor}" if self.actor else name
        return self.actor

    def is_overdue(self, today) -> bool:
        return self.status == RecommendationStatus.OPEN and self.deadline is not None and self.deadline < today

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        return Visit.scope_q(scope, prefix="visit__")


class RecommendationChange(models.Model):
    """One change of a recommendation's status: who, when, from, to, why."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="changes", verbose_name="рекомендация"
    )
    from_status = models.CharField("было", max_length=10, choices=RecommendationStatus.choices)
    to_status = models.CharField("стало", max_length=10, choices=RecommendationStatus.choices)
    comment = models.TextField("комментарий", blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="кто"
    )
    at = models.DateTimeField("когда", default=timezone.now)

    class Meta:
        verbose_name = "изменение статуса рекомендации"
        verbose_name_plural = "изменения статусов рекомендаций"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class VisitAttachment(models.Model):
    """A file attached to a visit (a protocol, a photo of a lesson sheet). Never replaced or deleted."""

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="attachments", verbose_name="визит")
    file = models.FileField("файл", upload_to=upload_path("visits"), validators=[validate_upload_size])
    original_name = models.CharField("имя файла", max_length=255)
    filetype = models.CharField("тип файла", max_length=10)
    size = models.PositiveBigIntegerField("размер, байт")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="кто загрузил"
    )
    uploaded_at = models.DateTimeField("когда", default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "файл визита"
        verbose_name_plural = "файлы визитов"
        ordering = ["visit", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("monitoring:visit_attachment", args=[self.pk])

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        return Visit.scope_q(scope, prefix="visit__")
