from django.apps import AppConfig


class DiagnosticsConfig(AppConfig):
    name = "opora.diagnostics"
    verbose_name = "Диагностика рисков"
    default_auto_field = "django.db.models.BigAutoField"
