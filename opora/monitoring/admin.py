from django.contrib import admin

from .models import MonitoringSettings, Recommendation, RecommendationChange, Visit, VisitAttachment


@admin.register(MonitoringSettings)
class MonitoringSettingsAdmin(admin.ModelAdmin):
    """The campaign's norm of visits (default 28 days between two visits to a school)."""

    list_display = ["campaign", "visit_norm_days"]
    list_filter = ["campaign__region"]


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    extra = 0
    fields = ["number", "text", "deadline", "actor", "status"]
    readonly_fields = ["status"]


class VisitAttachmentInline(admin.TabularInline):
    model = VisitAttachment
    extra = 0
    can_delete = False
    readonly_fields = ["file", "original_name", "filetype", "size", "sha256", "uploaded_by", "uploaded_at"]


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ["school", "curator", "status", "planned_on", "held_on", "format"]
    list_filter = ["status", "format", "campaign__region"]
    search_fields = ["school__short_name", "school__fis_oko_login", "curator__last_name"]
    raw_id_fields = ["school", "curator", "participants", "acknowledged_by", "created_by"]
    inlines = [RecommendationInline, VisitAttachmentInline]


class RecommendationChangeInline(admin.TabularInline):
    model = RecommendationChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "comment", "by", "at"]


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "visit", "deadline", "status"]
    list_filter = ["status"]
    raw_id_fields = ["visit", "actor_person", "done_by", "confirmed_by"]
    inlines = [RecommendationChangeInline]


from . import admin_events  # noqa: E402, F401  (events and attendance)
