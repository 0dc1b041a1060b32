from django.urls import path

from staffmgmt.views import absences, acting, calendar, home, org

# Page names are namespaced like every app's: {% url "staffmgmt:post_list" %}.
app_name = "staffmgmt"

urlpatterns = [
    path("", home.home, name="home"),
    *org.urlpatterns,
    *absences.urlpatterns,
    *acting.urlpatterns,
    *calendar.urlpatterns,
]
