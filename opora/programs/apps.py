from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "opora.programs"
    verbose_name = "Документы школ и экспертиза"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from opora.core.audit import audit

        from . import table_export  # noqa: F401  (registers the table's background builder)
        from .models import DocumentKind, ReviewCriterion

        audit(DocumentKind)  # the operator's edits of kinds and criteria
        audit(ReviewCriterion)
