from django.urls import path

from .views import answering, region

app_name = "surveys"

urlpatterns = [
    path("", answering.home, name="home"),
    path("<int:pk>/answer/", answering.answer, name="answer"),
    path("new/", region.wave_create, name="wave_create"),
    path("<int:pk>/", region.wave, name="wave"),
    path("<int:pk>/change/", region.wave_change, name="wave_change"),
    path("<int:pk>/xlsx/", region.wave_xlsx, name="wave_xlsx"),
    path("forms/import/", region.form_import, name="form_import"),
    path("forms/<int:pk>/download/", region.form_download, name="form_download"),
]
