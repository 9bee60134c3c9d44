from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "opora.assessment"
    verbose_name = "Оценочные процедуры и перечни ШНОР"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import list_export  # noqa: F401  (registers the list's background builder)
