from django.urls import path

from .views import mismatches, workload

# The region's view of curators: workload, one curator's schools, reassignment, mismatches.
urlpatterns = [
    path("curators/", workload.workload, name="workload"),
    path("curators/<int:pk>/", workload.curator, name="workload_curator"),
    path("curators/schools/<int:pk>/reassign/", workload.reassign, name="reassign"),
    path("curators/mismatches/", mismatches.mismatches, name="mismatches"),
]
