from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("regions/<int:pk>/", views.region_detail, name="region"),
    path("municipalities/<int:pk>/", views.municipality_detail, name="municipality"),
    path("schools/", views.school_list, name="schools"),
    path("schools/<int:pk>/", views.school_detail, name="school"),
    path("schools/import/", views.school_import, name="school_import"),
    path("schools/import/sample.csv", views.school_import_sample, name="school_import_sample"),
    path("schools/import/<int:pk>/file/", views.school_import_file, name="school_import_file"),
    path("schools/import/<int:pk>/status/", views.school_import_status, name="school_import_status"),
    path("orders/", views.order_list, name="orders"),
    path("orders/new/", views.order_create, name="order_create"),
    path("people/", views.person_list, name="people"),
    path("orders/<int:pk>/", views.order_detail, name="order"),
    path("orders/<int:pk>/file/", views.order_file, name="order_file"),
]
