from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "opora.notifications"
    verbose_name = "Уведомления"
    default_auto_field = "django.db.models.BigAutoField"
