from django.urls import path

from .views import events, events_attendance

# Events and attendance (opora.monitoring.events): the list, one event, its materials, attendance
# marked by hand or imported from a platform's file, the rows of an import to resolve.
urlpatterns = [
    path("events/", events.event_list, name="events"),
    path("events/new/", events.event_create, name="event_create"),
    path("events/<int:pk>/", events.event_detail, name="event"),
    path("events/<int:pk>/edit/", events.event_edit, name="event_edit"),
    path("events/<int:pk>/materials/", events.material_add, name="event_material_add"),
    path("events/materials/<int:pk>/", events.material_file, name="event_material"),
    path("events/<int:pk>/attendance/", events_attendance.attendance, name="attendance"),
    path("events/<int:pk>/attendance/import/", events_attendance.attendance_upload, name="attendance_upload"),
    path("attendance-imports/<int:pk>/", events_attendance.import_detail, name="attendance_import"),
    path("attendance-imports/<int:pk>/file/", events_attendance.import_file, name="attendance_import_file"),
]
