from django.contrib import admin

from .models import PageEvent, PublishedDocument, RegionPage, SchoolPage


@admin.register(RegionPage)
class RegionPageAdmin(admin.ModelAdmin):
    list_display = ["region", "slug"]


class PublishedDocumentInline(admin.TabularInline):
    model = PublishedDocument
    extra = 0
    can_delete = False
    readonly_fields = ["document", "version", "slug", "published_at", "published_by"]


class PageEventInline(admin.TabularInline):
    """Every switch of the page, never edited."""

    model = PageEvent
    extra = 0
    can_delete = False
    readonly_fields = ["action", "reason", "by", "at"]


@admin.register(SchoolPage)
class SchoolPageAdmin(admin.ModelAdmin):
    """Public pages of schools: what the school chose and whether the region closed the page.
    Changes are made on the site (the school's settings, the region's block), where they are recorded."""

    list_display = ["school", "slug", "enabled", "show_roadmap", "blocked"]
    list_filter = ["enabled", "blocked", "school__municipality__region"]
    search_fields = ["school__short_name", "school__fis_oko_login", "slug"]
    readonly_fields = [
        "school",
        "slug",
        "enabled",
        "show_roadmap",
        "blocked",
        "block_reason",
        "blocked_by",
        "blocked_at",
    ]
    inlines = [PublishedDocumentInline, PageEventInline]
