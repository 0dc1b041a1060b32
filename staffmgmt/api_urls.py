"""staffmgmt's part of the site's API: viewsets registered on the one router `config.urls`
builds, plus plain views under their own paths."""

from staffmgmt.api import absences, calendar, org


def register(router) -> None:
    org.register(router)
    absences.register(router)
    calendar.register(router)


urlpatterns = [*absences.extra_urlpatterns, *calendar.extra_urlpatterns]
