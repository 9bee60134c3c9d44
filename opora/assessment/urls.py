from django.urls import path

from . import views

app_name = "assessment"
urlpatterns = [
    path("", views.current, name="current"),
    path("campaigns/<int:campaign_pk>/", views.campaign_lists, name="campaign"),
    path("campaigns/<int:campaign_pk>/results/", views.results_upload, name="results_upload"),
    path("campaigns/<int:campaign_pk>/run/", views.identification_run, name="run"),
    path("uploads/<int:pk>/file/", views.results_upload_file, name="results_upload_file"),
    path("uploads/<int:pk>/status/", views.results_upload_status, name="results_upload_status"),
    path("<int:pk>/", views.identification_detail, name="identification"),
    path("<int:pk>/status/", views.identification_status, name="identification_status"),
    path("<int:pk>/schools/<int:listed_pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/include/", views.include, name="include"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/export.<str:fmt>", views.export, name="export"),
    path("schools/<int:school_pk>/", views.school_results, name="school_results"),
]

# ФИС ОКО protocols (protocol_views.py).
from . import protocol_views  # noqa: E402

urlpatterns += [
    path("campaigns/<int:campaign_pk>/protocols/", protocol_views.protocols, name="protocols"),
    path("protocols/<int:pk>/", protocol_views.protocol_batch, name="protocol_batch"),
    path("municipalities/<int:municipality_pk>/deficits.xlsx", protocol_views.deficits_export, name="deficits_export"),
]
