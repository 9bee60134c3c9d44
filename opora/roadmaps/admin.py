from django.contrib import admin

from .models import Item, ItemReport, MonitoringStage, Roadmap, RoadmapChange, RoadmapImport, Section, TargetIndicator


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0


class TargetIndicatorInline(admin.TabularInline):
    model = TargetIndicator
    extra = 0


@admin.register(Roadmap)
class RoadmapAdmin(admin.ModelAdmin):
    list_display = ["title", "level", "campaign", "municipality", "school", "status", "order"]
    list_filter = ["level", "status", "campaign__region"]
    search_fields = ["title"]
    raw_id_fields = ["municipality", "school", "order"]
    inlines = [SectionInline, TargetIndicatorInline]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["number", "action", "deadline_text", "start", "end", "roadmap"]
    search_fields = ["action", "deadline_text"]
    raw_id_fields = ["roadmap", "section", "executor_people"]
    list_select_related = ["roadmap"]


@admin.register(MonitoringStage)
class MonitoringStageAdmin(admin.ModelAdmin):
    list_display = ["campaign", "number", "title", "due"]
    list_filter = ["campaign__region"]


@admin.register(ItemReport)
class ItemReportAdmin(admin.ModelAdmin):
    list_display = ["item", "stage", "status", "is_current", "by", "at"]
    list_filter = ["status", "is_current"]
    raw_id_fields = ["item"]
    readonly_fields = [f.name for f in ItemReport._meta.fields]


@admin.register(RoadmapChange)
class RoadmapChangeAdmin(admin.ModelAdmin):
    list_display = ["roadmap", "item_number", "field", "by", "at"]
    readonly_fields = [f.name for f in RoadmapChange._meta.fields]


@admin.register(RoadmapImport)
class RoadmapImportAdmin(admin.ModelAdmin):
    list_display = ["original_name", "campaign", "level", "status", "uploaded_by", "uploaded_at", "roadmap"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in RoadmapImport._meta.fields]
