from .council import ExpertAssignment, ExpertSample, ExpertScore, SampledDocument
from .documents import CriterionMark, DocumentVersion, Review, SchoolDocument, Status, StatusChange
from .kinds import DocumentKind, ReviewCriterion

__all__ = [
    "CriterionMark",
    "DocumentKind",
    "DocumentVersion",
    "ExpertAssignment",
    "ExpertSample",
    "ExpertScore",
    "Review",
    "ReviewCriterion",
    "SampledDocument",
    "SchoolDocument",
    "Status",
    "StatusChange",
]
