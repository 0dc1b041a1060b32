from importlib import import_module

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.utils.module_loading import module_has_submodule
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from config.health import healthz
from kernel.api import views as api_views
from kernel.api.auth import ApiTokenViewSet, LogoutView, ObtainTokenView


def _library_page(view_class):
    """Swagger UI (served from this app) starts with an inline script of the library's
    own template: only this page allows inline scripts. ReDoc is not offered: its page
    loads web fonts and a logo from the internet."""
    return csp_update({"script-src": [UNSAFE_INLINE]})(view_class.as_view(url_name="api-schema"))


_auth_router = DefaultRouter(trailing_slash=True)
_auth_router.include_root_view = False
_auth_router.register("tokens", ApiTokenViewSet, basename="api-tokens")


def _app_api():
    """The site's one API router, and the apps' plain API paths.

    Every installed app with an `api_urls` module registers its viewsets on the router
    (`register(router)`) and lists its other paths (`urlpatterns`), and may list paths to
    match before the router's (`first_urlpatterns`: busy routes that should not wait behind
    every other app's patterns, such as feedback's public rating). The apps are found by
    name, not imported here, so config stays below them in the layers.
    """
    router = DefaultRouter()
    first = []
    extra = []
    for app in apps.get_app_configs():
        if not module_has_submodule(app.module, "api_urls"):
            continue
        module = import_module(f"{app.name}.api_urls")
        module.register(router)
        first += getattr(module, "first_urlpatterns", [])
        extra += module.urlpatterns
    return [*first, *router.urls, *extra]


api_patterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("auth/logout/", LogoutView.as_view(), name="api-logout"),
    path("auth/", include(_auth_router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", _library_page(SpectacularSwaggerView), name="api-docs"),
    *_app_api(),
    # Last: any other path under /api/ (with its slash, so a missing one still redirects).
    re_path(r"^(?P<path>.*)/$", api_views.not_found, name="api-not-found"),
]

# The styled 500 page renders with the request (menu, language); 403 and 404 do already.
handler500 = "config.views.server_error"
# A request refused before a view answered (a body past Django's limits, 413 if too large):
# the API's JSON under /api/, the styled page elsewhere.
handler400 = "config.views.bad_request"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include(api_patterns)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("roster/", include("roster.urls")),
    path("integrity/", include("integrity_files.urls")),
    path("assessment/", include("assessment.urls")),
    path("jobs/", include("jobs.urls")),
    path("dashboards/", include("dashboards.urls")),
    # /feedback/ (staff) and the short public /r/ and /t/ of the windows' QR codes.
    path("", include("feedback.urls")),
    path("", include("staffmgmt.urls")),
]

if settings.DEBUG:
    # Lets the development server show the pages without collectstatic.
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
