from django.urls import path

from .views import manage, pages

app_name = "public"

urlpatterns = [
    path("manage/", manage.manage, name="manage"),
    path("manage/school/<int:pk>/", manage.page_settings, name="settings"),
    path("manage/school/<int:pk>/block/", manage.block, name="block"),
    path("<slug:region_slug>/", pages.region, name="region"),
    path("<slug:region_slug>/<slug:slug>/", pages.school, name="school"),
    path("<slug:region_slug>/<slug:slug>/files/<slug:token>/", pages.document_file, name="file"),
]
