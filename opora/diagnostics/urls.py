from django.urls import path

from .views import answers, profiles, region

app_name = "diagnostics"
urlpatterns = [
    path("", profiles.index, name="index"),
    path("profiles/<int:pk>/", profiles.profile, name="profile"),
    path("profiles/<int:pk>/numbers/", profiles.numbers, name="numbers"),
    path("profiles/<int:pk>/verify/", profiles.verify, name="verify"),
    path("profiles/<int:pk>/propose/", profiles.propose, name="propose"),
    path("profiles/<int:pk>/confirm/", profiles.confirm, name="confirm"),
    path("levels/<int:pk>/change/", profiles.level_change, name="level_change"),
    path("profiles/<int:pk>/fill/<str:group>/", answers.fill, name="fill"),
    path("profiles/<int:pk>/upload/", answers.upload, name="upload"),
    path("uploads/<int:pk>/status/", answers.upload_status, name="upload_status"),
    path("profiles/<int:pk>/upload/<str:group>.xlsx", answers.upload_sample, name="upload_sample"),
    path("profiles/<int:pk>/qr.svg", answers.qr, name="qr"),
    path("profiles/<int:pk>/link/", answers.link_replace, name="link_replace"),
    path("a/<str:token>/", answers.survey, name="survey"),
    path("a/<str:token>/<str:group>/", answers.survey_form, name="survey_form"),
    path("heatmap/", region.heatmap, name="heatmap"),
    path("heatmap.xlsx", region.heatmap_export, name="heatmap_export"),
    path("campaigns/<int:pk>/settings/", region.configure, name="configure"),
    path("campaigns/<int:pk>/prepare/", region.prepare, name="prepare"),
    path("campaigns/<int:pk>/catalogue/", region.catalogue, name="catalogue"),
    path("campaigns/<int:pk>/template.json", region.template_download, name="template_download"),
    path("campaigns/<int:pk>/template/", region.template_upload, name="template_upload"),
]
