from django.urls import path

from .views import manage, pages

app_name = "indicators"

urlpatterns = [
    path("", pages.home, name="home"),
    path("c/<int:pk>/", pages.campaign_page, name="campaign"),
    path("c/<int:pk>/new/", manage.create, name="create"),
    path("c/<int:pk>/preview/", manage.preview, name="preview"),
    path("c/<int:pk>/snapshot/", manage.snapshot, name="snapshot"),
    path("<int:pk>/", pages.value, name="value"),
    path("<int:pk>/export/", pages.export, name="export"),
    path("<int:pk>/edit/", manage.edit, name="edit"),
    path("<int:pk>/retire/", manage.retire_view, name="retire"),
    path("items/<int:pk>/link/", manage.link, name="link"),
]
