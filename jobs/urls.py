from django.urls import path

from jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="job-list"),
    path("<uuid:pk>/", views.job_detail, name="job-detail"),
    path("<uuid:pk>/status.json", views.job_status, name="job-status"),
    path("<uuid:pk>/cancel/", views.job_cancel, name="job-cancel"),
    path("<uuid:pk>/retry/", views.job_retry, name="job-retry"),
]
