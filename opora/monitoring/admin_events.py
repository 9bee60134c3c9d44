"""Admin of events (imported by admin.py): the kinds of events are data — a region adds its own
here; events, their attendance and the kept platform files for looking into a problem."""

from django.contrib import admin
from django.db import models

from .models import Attendance, AttendanceImport, Event, EventKind, EventMaterial


@admin.register(EventKind)
class EventKindAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "is_active", "position"]
    list_filter = ["region", "is_active"]
    search_fields = ["name"]


class MaterialInline(admin.TabularInline):
    model = EventMaterial
    extra = 0
    fields = ["title", "file", "url"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_on", "campaign", "municipality"]
    list_filter = ["campaign__region", "kind"]
    search_fields = ["title"]
    date_hierarchy = "starts_on"
    raw_id_fields = ["campaign", "municipality", "organiser", "created_by"]
    filter_horizontal = ["audience_municipalities"]
    inlines = [MaterialInline]
    exclude = ["audience_schools", "items"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["event", "person", "name", "email", "minutes", "source"]
    list_filter = ["source", "event__campaign__region"]
    raw_id_fields = ["event", "person", "source_import", "marked_by"]


@admin.register(AttendanceImport)
class AttendanceImportAdmin(admin.ModelAdmin):
    list_display = ["original_name", "event", "platform", "status", "uploaded_at"]
    list_filter = ["status"]
    readonly_fields = ["event", "file", "original_name", "platform", "status", "errors", "rows", "uploaded_by"]
