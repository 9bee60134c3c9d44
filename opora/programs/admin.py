from django.contrib import admin

from .models import DocumentKind, DocumentVersion, ExpertSample, ReviewCriterion, SchoolDocument, StatusChange


class ReviewCriterionInline(admin.TabularInline):
    model = ReviewCriterion
    extra = 0


@admin.register(DocumentKind)
class DocumentKindAdmin(admin.ModelAdmin):
    """The kinds of a campaign and their criteria: what schools owe and what they are judged by."""

    list_display = ["title", "campaign", "per", "required", "retired", "order"]
    list_filter = ["campaign__region", "campaign__year", "required", "retired"]
    inlines = [ReviewCriterionInline]


class DocumentVersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0
    can_delete = False
    readonly_fields = ["number", "file", "original_name", "filetype", "size", "sha256", "uploaded_by", "uploaded_at"]


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "comment", "version", "by", "at"]


@admin.register(SchoolDocument)
class SchoolDocumentAdmin(admin.ModelAdmin):
    # Statuses change through the review workflow only, so that every change is a row.
    list_display = ["__str__", "campaign", "status", "status_at"]
    list_filter = ["status", "kind__code", "campaign__region"]
    search_fields = ["school__short_name", "school__fis_oko_login"]
    readonly_fields = ["school", "campaign", "kind", "factor", "stage", "status", "status_at", "revision"]
    inlines = [DocumentVersionInline, StatusChangeInline]


@admin.register(ExpertSample)
class ExpertSampleAdmin(admin.ModelAdmin):
    list_display = ["title", "campaign", "method", "seed", "size", "drawn_at"]
    readonly_fields = ["campaign", "method", "seed", "size", "drawn_by", "drawn_at"]
