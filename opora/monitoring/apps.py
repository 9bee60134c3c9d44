from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "opora.monitoring"
    verbose_name = "Кураторское сопровождение"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The curator's visits join their iCal feed (roadmaps:feed) without roadmaps importing us.
        from opora.core import calendar_sources

        from .calendar import visit_events
        from .events_calendar import audience_events

        calendar_sources.register(visit_events)
        calendar_sources.register(audience_events)
