from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "opora.monitoring"
    verbose_name = "Кураторское сопровождение"
    default_auto_field = "django.db.models.BigAutoField"
