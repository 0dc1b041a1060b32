from django.urls import path

from staffmgmt.views import absences, calendar, home, org

urlpatterns = [
    path("", home.home, name="home"),
    *org.urlpatterns,
    *absences.urlpatterns,
    *calendar.urlpatterns,
]
