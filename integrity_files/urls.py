from django.urls import path

from integrity_files import views

app_name = "integrity_files"

urlpatterns = [
    path("", views.file_list, name="file-list"),
    path("mine/", views.my_file, name="mine"),
    path("files/<int:staff_pk>/", views.file_detail, name="file-detail"),
    path("files/<int:staff_pk>/access-log/", views.access_log, name="access-log"),
    path("files/<int:staff_pk>/print/", views.file_print, name="file-print"),
    path("files/<int:staff_pk>/export.xlsx", views.file_export, name="file-export"),
    path("records/<int:pk>/", views.record_detail, name="record-detail"),
    path("objections/", views.objection_list, name="objection-list"),
    path("proposals/", views.proposal_list, name="proposal-list"),
    path("summary/", views.summary, name="summary"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence-download"),
    path("notices/read/", views.notices_read, name="notices-read"),
]
