from django.urls import path

from .views import pages

# The monitoring summary: the region's page, one municipality's page (each school leads to its card).
urlpatterns = [
    path("", pages.region, name="region"),
    path("municipality/<int:pk>/", pages.municipality, name="municipality"),
]
