from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "opora.indicators"
    verbose_name = "Показатели"
    default_auto_field = "django.db.models.BigAutoField"
