from django.urls import path

from .views import items, lists, plans

app_name = "roadmaps"
urlpatterns = [
    path("", plans.roadmap_list, name="list"),
    path("import/", plans.roadmap_import, name="import"),
    path("import/<int:pk>/", plans.import_preview, name="preview"),
    path("import/<int:pk>/status/", plans.import_status, name="import_status"),
    path("new/", plans.roadmap_create, name="create"),
    path("<int:pk>/", plans.roadmap_detail, name="roadmap"),
    path("<int:pk>/passport/", plans.passport_edit, name="passport"),
    path("<int:pk>/approve/", plans.roadmap_approve, name="approve"),
    path("<int:pk>/copy/", plans.roadmap_copy, name="copy"),
    path("<int:pk>/source/", plans.source_file, name="source"),
    path("<int:pk>/export.<str:fmt>", plans.roadmap_export, name="export"),
    path("<int:pk>/timeline/", lists.timeline, name="timeline"),
    path("<int:pk>/items/new/", items.item_add, name="item_add"),
    path("items/<int:pk>/", items.item_row, name="item"),
    path("items/<int:pk>/edit/", items.item_edit, name="item_edit"),
    path("items/<int:pk>/report/", items.item_report, name="item_report"),
    path("reports/<int:pk>/evidence/", items.report_evidence, name="evidence"),
    path("overdue/", lists.overdue, name="overdue"),
    path("mine/", lists.mine, name="mine"),
    path("calendar/token/", lists.calendar_token, name="calendar_token"),
    path("calendar/<str:token>.ics", lists.feed, name="feed"),
]
