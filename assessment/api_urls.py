"""assessment's part of the site's API: viewsets registered on the one router
`config.urls` builds."""

from assessment import api

register = api.register

urlpatterns = []
