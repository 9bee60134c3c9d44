from django.apps import AppConfig, apps
from django.db.models.signals import post_save


class NotificationsConfig(AppConfig):
    name = "opora.notifications"
    verbose_name = "Уведомления"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # School documents: a message the moment a status change is written (see opora/programs/notifications.py).
        if apps.is_installed("opora.programs"):
            from opora.programs.models import StatusChange
            from opora.programs.notifications import on_status_change

            post_save.connect(on_status_change, sender=StatusChange, dispatch_uid="notifications.document_change")
