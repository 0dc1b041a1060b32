"""Site-wide error pages, in the base layout (menu, language switch) in both languages."""

import logging

from django.http import HttpResponseServerError
from django.template import loader

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
