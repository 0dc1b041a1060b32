"""integrity_files' part of the site's API: viewsets registered on the one router
`config.urls` builds, plus plain views under their own paths."""

from integrity_files import api


def register(router) -> None:
    api.register(router)


urlpatterns = [*api.extra_urlpatterns]
