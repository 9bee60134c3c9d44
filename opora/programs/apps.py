from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "opora.programs"
    verbose_name = "Документы школ и экспертиза"
    default_auto_field = "django.db.models.BigAutoField"
