from django.urls import path

from .views import visits, visits_actions

urlpatterns = [
    path("", visits.plan, name="visits"),
    path("school/<int:pk>/", visits.school_visits, name="school_visits"),
    path("school/<int:pk>/plan/", visits_actions.plan_visit, name="visit_plan"),
    path("<int:pk>/", visits.visit_detail, name="visit"),
    path("<int:pk>/reschedule/", visits_actions.reschedule, name="visit_reschedule"),
    path("<int:pk>/cancel/", visits_actions.cancel, name="visit_cancel"),
    path("<int:pk>/record/", visits_actions.record, name="visit_record"),
    path("<int:pk>/attach/", visits_actions.attach, name="visit_attach"),
    path("<int:pk>/acknowledge/", visits_actions.acknowledge, name="visit_acknowledge"),
    path("norm/<int:pk>/", visits_actions.norm, name="visit_norm"),
    path("file/<int:pk>/", visits.attachment_file, name="visit_attachment"),
    path("recommendations/<int:pk>/done/", visits_actions.recommendation_done, name="recommendation_done"),
    path("recommendations/<int:pk>/confirm/", visits_actions.recommendation_confirm, name="recommendation_confirm"),
]
