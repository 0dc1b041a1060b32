"""feedback's part of the site's API: the staff's viewsets registered on the one router
`config.urls` builds, and the public (anonymous) endpoints on a router of their own.

The public endpoints are `first_urlpatterns`, which `config.urls` matches before the site
router: they are what a taxpayer's phone calls at the window, the site's busiest requests,
and behind the router they were matched after about a hundred patterns (13% of a rating's
CPU time). Their URLs, names and schema are the same either way.
"""

from rest_framework.routers import DefaultRouter

from feedback.api import public, staff

# DefaultRouter for the `.json` format suffixes the site router gives every route; its
# root view is the site router's.
_public_router = DefaultRouter(trailing_slash=True)
_public_router.include_root_view = False
public.register(_public_router)

first_urlpatterns = _public_router.urls


def register(router) -> None:
    staff.register(router)


urlpatterns: list = []
