from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "opora.assessment"
    verbose_name = "Оценочные процедуры и перечни ШНОР"
    default_auto_field = "django.db.models.BigAutoField"
