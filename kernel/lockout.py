"""What a locked-out sign-in gets (django-axes' AXES_LOCKOUT_CALLABLE): 429 with a
Retry-After, as JSON for the API and as a page in the site's layout for people."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_response(request, original_response=None, credentials=None):
    cooloff = settings.AXES_COOLOFF_TIME
    seconds = int(cooloff.total_seconds())
    minutes = max(1, seconds // 60)
    message = _(
        "Too many failed sign-ins for this name from this address: try again in %(minutes)s "
        "minutes."
    ) % {"minutes": minutes}
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "code": "sign_in_locked_out"}, status=429)
    else:
        response = render(
            request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429
        )
    response["Retry-After"] = str(seconds)
    return response
