from django.contrib import admin

from .models import Identification, ListDecision, ListedSchool, ResultsUpload, SchoolResult


@admin.register(ResultsUpload)
class ResultsUploadAdmin(admin.ModelAdmin):
    list_display = ["original_name", "campaign", "status", "row_count", "uploaded_at", "uploaded_by"]
    list_filter = ["status", "campaign__region"]
    readonly_fields = [f.name for f in ResultsUpload._meta.fields]


@admin.register(SchoolResult)
class SchoolResultAdmin(admin.ModelAdmin):
    list_display = ["school", "year", "procedure", "participants", "low_count", "low_share", "high_share"]
    list_filter = ["year", "procedure"]
    search_fields = ["school__fis_oko_login", "school__short_name"]
    raw_id_fields = ["school", "upload"]
    list_select_related = ["school"]


@admin.register(Identification)
class IdentificationAdmin(admin.ModelAdmin):
    list_display = ["campaign", "year", "status", "threshold", "consecutive", "combine", "run_at", "order"]
    list_filter = ["status", "campaign__region"]
    raw_id_fields = ["order"]


@admin.register(ListedSchool)
class ListedSchoolAdmin(admin.ModelAdmin):
    list_display = [
        "school",
        "identification",
        "rule_listed",
        "manual",
        "criterion_procedures",
        "criterion_consecutive",
    ]
    list_filter = ["rule_listed", "manual"]
    search_fields = ["school__fis_oko_login", "school__short_name"]
    raw_id_fields = ["school", "identification"]


@admin.register(ListDecision)
class ListDecisionAdmin(admin.ModelAdmin):
    list_display = ["listed_school", "action", "reason", "by", "at"]
    readonly_fields = [f.name for f in ListDecision._meta.fields]
