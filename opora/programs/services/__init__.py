from .documents import (
    ACCEPTED,
    MAX_MB,
    DocumentConflict,
    Slot,
    document_reopen,
    document_review,
    document_submit,
    document_upload,
    works_at,
)

__all__ = [
    "ACCEPTED",
    "MAX_MB",
    "DocumentConflict",
    "Slot",
    "document_reopen",
    "document_review",
    "document_submit",
    "document_upload",
    "works_at",
]
from .council import expert_assign, expert_conflict, sample_choose, sample_draw, scores_save, summary

__all__ += ["expert_assign", "expert_conflict", "sample_choose", "sample_draw", "scores_save", "summary"]
