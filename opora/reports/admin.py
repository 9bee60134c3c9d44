from django.contrib import admin

from .models import StageReport, StatusChange


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "comment", "by", "at"]
    exclude = ["facts"]


@admin.register(StageReport)
class StageReportAdmin(admin.ModelAdmin):
    """Curators' stage reports; their texts and status are changed through the site (history, frozen facts)."""

    list_display = ["school", "stage", "curator", "status", "submitted_at"]
    list_filter = ["campaign__region", "campaign__year", "stage__number", "status"]
    search_fields = ["school__short_name", "school__fis_oko_login", "curator__last_name"]
    readonly_fields = ["facts", "status", "submitted_at", "submitted_by", "revision", "updated_at", "updated_by"]
    raw_id_fields = ["school", "curator"]
    inlines = [StatusChangeInline]
