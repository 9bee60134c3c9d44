from django.urls import path

from .views import lists, report

app_name = "reports"

urlpatterns = [
    path("", lists.home, name="home"),
    path("overview/", lists.overview, name="overview"),
    path("school/<int:pk>/stage/<int:stage>/", report.write, name="write"),
    path("<int:pk>/", report.report_detail, name="report"),
    path("<int:pk>/submit/", report.submit, name="submit"),
    path("<int:pk>/reopen/", report.reopen, name="reopen"),
    path("<int:pk>/docx/", report.report_docx, name="docx"),
]
