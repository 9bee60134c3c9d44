from django.urls import path

from . import card_views, files, views

app_name = "home"
urlpatterns = [
    path("", views.home, name="home"),
    path("schools/<int:pk>/", card_views.school, name="school"),
    path("files/<int:pk>/", files.prepared_file, name="prepared_file"),
    path("files/<int:pk>/status/", files.prepared_status, name="prepared_status"),
    path("files/<int:pk>/download/", files.prepared_download, name="prepared_download"),
]
