from django.urls import path

from staffmgmt.views import absences, acting, calendar, home, org

urlpatterns = [
    path("", home.home, name="home"),
    *org.urlpatterns,
    *absences.urlpatterns,
    *acting.urlpatterns,
    *calendar.urlpatterns,
]
