from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "opora.surveys"
    verbose_name = "Опросы участников"
    default_auto_field = "django.db.models.BigAutoField"
