from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "opora.reports"
    verbose_name = "Отчёты кураторов"
    default_auto_field = "django.db.models.BigAutoField"
