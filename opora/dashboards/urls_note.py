from django.urls import path

from .views import note

urlpatterns = [
    path("note/", note.note, name="note"),
]
