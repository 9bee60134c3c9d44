from django.conf import settings
from django.db import models

from .background import Progress


class AuditEntryQuerySet(models.QuerySet):
    def for_object(self, instance, limit: int = 50):
        """The entries of one record, newest first."""
        return self.filter(model=instance._meta.label, object_id=str(instance.pk))[:limit]


class AuditEntry(models.Model):
    """One change to an audited record (assignments, orders): who, when, what, before and after."""

    class Action(models.TextChoices):
        CREATE = "create", "создание"
        UPDATE = "update", "изменение"
        DELETE = "delete", "удаление"

    at = models.DateTimeField("когда", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто",
    )
    actor_label = models.CharField("кто (на момент изменения)", max_length=300, blank=True)
    action = models.CharField("действие", max_length=10, choices=Action.choices)
    model = models.CharField("объект", max_length=100)
    object_id = models.CharField("id объекта", max_length=64)
    object_repr = models.CharField("описание объекта", max_length=500)
    changes = models.JSONField("изменения", default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "запись журнала изменений"
        verbose_name_plural = "журнал изменений"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%d.%m.%Y %H:%M} {self.actor_label}: {self.get_action_display()} {self.object_repr}"


class PreparedFileQuerySet(models.QuerySet):
    def for_user(self, user, action: str | None = None):
        """A prepared file is its requester's alone: it holds what their scope showed them."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(owner=user)


class PreparedFile(Progress):
    """A document built in the task worker on a user's request (a national list as XLSX): the page
    shows its progress, then offers it for download to the person who asked, and to nobody else."""

    class State(models.TextChoices):
        QUEUED = "queued", "в очереди"
        PROCESSING = "processing", "готовится"
        DONE = "done", "готов"
        ERROR = "error", "ошибка"

    ACTIVE = (State.QUEUED, State.PROCESSING)

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    title = models.CharField("что готовится", max_length=300)
    kind = models.CharField("построитель", max_length=60)
    params = models.JSONField("параметры", default=dict)
    state = models.CharField("состояние", max_length=12, choices=State.choices, default=State.QUEUED)
    file = models.FileField("файл", upload_to="prepared/%Y/%m/", blank=True, max_length=300)
    filename = models.CharField("имя файла", max_length=200, blank=True)
    back_url = models.CharField("вернуться", max_length=300, blank=True)
    created_at = models.DateTimeField("запрошен", auto_now_add=True)
    finished_at = models.DateTimeField("готов", null=True, blank=True)

    objects = PreparedFileQuerySet.as_manager()

    class Meta:
        verbose_name = "подготовленный файл"
        verbose_name_plural = "подготовленные файлы"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE
