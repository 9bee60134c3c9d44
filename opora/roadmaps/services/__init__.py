"""Importing, editing, approving and copying roadmaps; reporting on their execution.

`from opora.roadmaps import services; services.item_update(...)`: every service is re-exported here
from the module that holds it."""

from .approval import (
    PASSPORT,
    indicator_line,
    indicators_text,
    passport_values,
    roadmap_approve,
    roadmap_copy,
    roadmap_passport_update,
    shift_years,
)
from .execution import municipality_shares, my_items, report_create, reporters, roadmap_stats, today
from .imports import (
    preview_apply_edits,
    preview_keep_year,
    preview_shift_year,
    preview_year_mismatch,
    roadmap_import_check,
    roadmap_import_payload,
    roadmap_import_read,
    roadmap_import_save,
)
from .items import (
    EDITABLE,
    KEPT_DATES,
    ItemConflict,
    dates_kept,
    deadline_fields,
    deadline_json,
    item_create,
    item_update,
    item_values,
    link_executors,
    roadmap_redate,
    undated_notice,
)

__all__ = [
    "EDITABLE",
    "KEPT_DATES",
    "PASSPORT",
    "ItemConflict",
    "dates_kept",
    "deadline_fields",
    "deadline_json",
    "indicator_line",
    "indicators_text",
    "item_create",
    "item_update",
    "item_values",
    "link_executors",
    "municipality_shares",
    "my_items",
    "passport_values",
    "preview_apply_edits",
    "preview_keep_year",
    "preview_shift_year",
    "preview_year_mismatch",
    "report_create",
    "reporters",
    "roadmap_approve",
    "roadmap_copy",
    "roadmap_import_check",
    "roadmap_import_payload",
    "roadmap_import_read",
    "roadmap_import_save",
    "roadmap_passport_update",
    "roadmap_redate",
    "roadmap_stats",
    "shift_years",
    "today",
    "undated_notice",
]
