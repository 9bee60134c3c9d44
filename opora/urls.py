from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Опора — администрирование"
admin.site.site_title = "Опора"
admin.site.index_title = "Данные системы"

urlpatterns = [
    path("", include("opora.home.urls")),
    path("accounts/", include("opora.accounts.urls")),
    path("registry/", include("opora.registry.urls")),
    path("lists/", include("opora.assessment.urls")),
    path("roadmaps/", include("opora.roadmaps.urls")),
    path("diagnostics/", include("opora.diagnostics.urls")),
    path("documents/", include("opora.programs.urls")),
    path("visits/", include("opora.monitoring.urls")),
    path("reports/", include("opora.reports.urls")),
    path("inbox/", include("opora.notifications.urls")),
    path("500plus/", include("opora.public.urls")),
    path("surveys/", include("opora.surveys.urls")),
    path("indicators/", include("opora.indicators.urls")),
    path("monitoring/", include("opora.dashboards.urls")),
    path("admin/", admin.site.urls),
]
