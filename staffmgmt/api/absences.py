extra_urlpatterns: list = []


def register(router) -> None:
    """Register this module's viewsets on the API router."""
