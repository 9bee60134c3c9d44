from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "opora.dashboards"
    verbose_name = "Мониторинг: сводки и аналитическая справка"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import note_files  # noqa: F401  (registers the analytic note's background builder)
