"""The site's URLs plus a bare view, the ceiling the rating endpoint is compared with."""

from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from config.urls import urlpatterns as site_urlpatterns


@csrf_exempt
def bare(request):
    """A constant answer: WSGI, middleware and routing, no database."""
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/bare/", bare), *site_urlpatterns]
