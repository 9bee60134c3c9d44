from .events import (
    SEEDED_KINDS,
    Attendance,
    AttendanceImport,
    AttendanceSource,
    Event,
    EventKind,
    EventMaterial,
    ImportStatus,
)
from .settings import DEFAULT_VISIT_NORM_DAYS, MonitoringSettings
from .visits import (
    Observation,
    Recommendation,
    RecommendationChange,
    RecommendationStatus,
    Visit,
    VisitAttachment,
    VisitFormat,
    VisitStatus,
)

__all__ = [
    "DEFAULT_VISIT_NORM_DAYS",
    "SEEDED_KINDS",
    "Attendance",
    "AttendanceImport",
    "AttendanceSource",
    "Event",
    "EventKind",
    "EventMaterial",
    "ImportStatus",
    "MonitoringSettings",
    "Observation",
    "Recommendation",
    "RecommendationChange",
    "RecommendationStatus",
    "Visit",
    "VisitAttachment",
    "VisitFormat",
    "VisitStatus",
]
