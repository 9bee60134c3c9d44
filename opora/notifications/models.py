"""A person's inbox: one message per event, and their choice per kind of when to be e-mailed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Kind(models.TextChoices):
    REVIEW_WAITING = "review_waiting", "Документ ждёт моей проверки"
    DOCUMENT_RETURNED = "document_returned", "Документ возвращён на доработку"
    DOCUMENT_APPROVED = "document_approved", "Документ одобрен"
    VISIT_DUE = "visit_due", "Пора посетить школу"
    VISIT_GAP = "visit_gap", "Перерыв между посещениями превышен"
    ITEMS_DUE = "items_due", "Мои мероприятия: срок в ближайшие 7 дней"
    ITEMS_OVERDUE = "items_overdue", "Мои мероприятия просрочены"
    STAGE_REPORT_DUE = "stage_report_due", "Пора сдать отчёт по этапу"


class Delivery(models.TextChoices):
    IMMEDIATELY = "immediately", "сразу"
    DAILY = "daily", "раз в день"
    NEVER = "never", "не присылать"


# Without a choice of their own a person is e-mailed at once about what blocks someone's work.
DEFAULT_DELIVERY = {Kind.REVIEW_WAITING: Delivery.IMMEDIATELY, Kind.DOCUMENT_RETURNED: Delivery.IMMEDIATELY}


def default_delivery(kind: str) -> str:
    return DEFAULT_DELIVERY.get(kind, Delivery.DAILY)


class MessageQuerySet(models.QuerySet):
    def of(self, user) -> MessageQuerySet:
        """A person sees their own messages only."""
        return self.filter(recipient_id=user.pk)

    def unread(self) -> MessageQuerySet:
        return self.filter(read_at__isnull=True)


class Message(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages", verbose_name="получатель"
    )
    kind = models.CharField("вид", max_length=32, choices=Kind.choices)
    title = models.CharField("заголовок", max_length=300)
    body = models.TextField("текст", blank=True)
    url = models.CharField("ссылка", max_length=500)
    # What makes the event one event: a second notify() with the same key for the same person adds nothing.
    key = models.CharField("ключ", max_length=200)
    created_at = models.DateTimeField("создано", default=timezone.now)
    read_at = models.DateTimeField("прочитано", null=True, blank=True)
    emailed_at = models.DateTimeField("отправлено письмом", null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = "уведомление"
        verbose_name_plural = "уведомления"
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="notification_message_key_unique")]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(fields=["emailed_at", "kind"]),
        ]

    def __str__(self) -> str:
        return self.title


class Preference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences", verbose_name="кто"
    )
    kind = models.CharField("вид", max_length=32, choices=Kind.choices)
    delivery = models.CharField("письмом", max_length=16, choices=Delivery.choices)

    class Meta:
        verbose_name = "настройка уведомлений"
        verbose_name_plural = "настройки уведомлений"
        ordering = ["user", "kind"]
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique")]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()} — {self.get_delivery_display()}"


class Digest(models.Model):
    """One daily letter sent: the command's record that makes a second run on the same day send nothing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="кому")
    day = models.DateField("за день")
    messages = models.PositiveIntegerField("уведомлений")
    sent_at = models.DateTimeField("отправлено", default=timezone.now)

    class Meta:
        verbose_name = "ежедневная сводка"
        verbose_name_plural = "ежедневные сводки"
        ordering = ["-day", "user"]
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="notification_digest_one_a_day")]

    def __str__(self) -> str:
        return f"{self.user}: {self.day}"
