from django.apps import AppConfig


class DiagnosticsConfig(AppConfig):
    name = "opora.diagnostics"
    verbose_name = "Диагностика рисков"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from opora.core.audit import audit

        from . import heatmap_export  # noqa: F401  (registers the heat map's background builder)
        from .models import RiskFactor

        audit(RiskFactor)  # the operator's catalogue edits
