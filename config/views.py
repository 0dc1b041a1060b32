"""Site-wide error pages, in the base layout (menu, language switch) in both languages."""

import logging

from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

from kernel.api.exceptions import NON_FIELD_ERRORS, request_limit_refusal

logger = logging.getLogger(__name__)


def server_error(request, template_name="500.html"):
    """The 500 page with the request's context (menu, language), unlike Django's default,
    which renders without a request. If even that fails (the database is what broke), a
    plain page without the menu answers instead."""
    try:
        body = loader.render_to_string(template_name, {}, request)
    except Exception:
        logger.exception("the styled 500 page failed; answering with the plain one")
        body = loader.render_to_string("500_plain.html")
    return HttpResponseServerError(body)


def bad_request(request, exception=None, template_name="400.html"):
    """A request Django refused before any view answered it (a SuspiciousOperation, a
    `BadRequest`; most often a body past its request limits, met by the CSRF check's read
    of request.POST): JSON in the API's error format under /api/, the styled page
    elsewhere. A body too large is a 413, not Django's 400. Django logs the refusal itself
    (the `django.security` loggers), without the body."""
    refusal = request_limit_refusal(exception)
    if refusal is None:
        message = _("The request could not be understood; go back and try again.")
        status, body = 400, {NON_FIELD_ERRORS: [{"message": message, "code": "bad_request"}]}
    else:
        status, body = refusal
        message = body["detail"] if "detail" in body else body[NON_FIELD_ERRORS][0]["message"]
    if request.path.startswith("/api/"):
        return JsonResponse(body, status=status)
    title = _("Request too large") if status == 413 else _("Request refused")
    context = {"error_title": title, "message": message}
    try:
        page = loader.render_to_string(template_name, context, request)
    except Exception:
        # A refused Host header (DisallowedHost) may break the layout's links too.
        logger.exception("the styled 400 page failed; answering with the plain one")
        page = loader.render_to_string("400_plain.html", context)
    return HttpResponse(page, status=status)
