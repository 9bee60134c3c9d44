from django.conf import settings
from django.db import models


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
