"""feedback's part of the site's API: viewsets registered on the one router `config.urls`
builds (public, anonymous endpoints and the staff's)."""

from feedback.api import public, staff


def register(router) -> None:
    public.register(router)
    staff.register(router)


urlpatterns: list = []
