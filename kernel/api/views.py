"""Views of the API itself, not of any app."""

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework.exceptions import NotFound


# It writes nothing; without the exemption a POST without a CSRF token would get the
# site's HTML 403 instead of the API's 404.
@csrf_exempt
def not_found(request, path: str = ""):
    """A path under /api/ that no route serves: the API's 404 body, not the site's page.

    Clients read every answer under /api/ as JSON (the OpenAPI schema says so); Django's
    own 404 is an HTML page, in development its technical page.
    """
    return JsonResponse({"detail": str(NotFound.default_detail), "code": "not_found"}, status=404)
