from django.urls import path

from .views import configure, council, documents, table

app_name = "programs"
urlpatterns = [
    path("", documents.home, name="home"),
    path("school/<int:pk>/", documents.school_documents, name="school"),
    path("school/<int:pk>/upload/", documents.upload_new, name="upload_new"),
    path("<int:pk>/", documents.document_detail, name="document"),
    path("<int:pk>/upload/", documents.upload_version, name="upload_version"),
    path("<int:pk>/submit/", documents.submit, name="submit"),
    path("<int:pk>/review/", documents.review, name="review"),
    path("<int:pk>/reopen/", documents.reopen, name="reopen"),
    path("version/<int:pk>/file/", documents.version_file, name="version_file"),
    path("table/", table.table, name="table"),
    path("table/export/", table.table_export, name="table_export"),
    path("campaigns/<int:pk>/kinds/", configure.kinds, name="kinds"),
    path("campaigns/<int:pk>/kinds/<int:kind>/criteria/", configure.criteria, name="criteria"),
    path("council/", council.council, name="council"),
    path("council/draw/<int:pk>/", council.draw, name="draw"),
    path("council/<int:pk>/", council.sample_detail, name="sample"),
    path("council/<int:pk>/assign/", council.assign, name="assign"),
    path("council/<int:pk>/export/", council.sample_export, name="sample_export"),
    path("council/score/<int:pk>/", council.score, name="score"),
]
