from rest_framework.routers import DefaultRouter

from staffmgmt.api import absences, calendar, org

router = DefaultRouter()
org.register(router)
absences.register(router)
calendar.register(router)

urlpatterns = [*router.urls, *absences.extra_urlpatterns, *calendar.extra_urlpatterns]
