from django.urls import path, re_path

from dashboards.views import dashboards, reports

app_name = "dashboards"

urlpatterns = [
    path("", dashboards.dashboard_home, name="home"),
    path("me/", dashboards.personal_dashboard, name="personal"),
    path("windows/<int:pk>/", dashboards.window_dashboard, name="window"),
    path("people/<int:pk>/", dashboards.person_dashboard, name="person"),
    re_path(
        r"^panels/(?P<key>[a-z0-9-]+)\.(?P<fmt>json|csv)$", dashboards.panel_data, name="panel"
    ),
    path("report/", reports.monthly_report_page, name="report"),
    path("report.xlsx", reports.monthly_report_download, name="report-xlsx"),
]
