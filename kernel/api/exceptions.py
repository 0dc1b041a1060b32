"""One place that turns domain errors into API responses.

Services raise Django's ValidationError with a code; the API answers 400 with, for each
field (`non_field_errors` for the input as a whole), a list of `{"message", "code"}`.
DRF's own shape errors (a serializer's `is_valid`) get the same body, with DRF's codes
(`required`, `invalid`, `max_length` ...). Never a 500 for bad input.

A database constraint caught late (a race the service check could not see) is bad input
from the client's point of view too: 409, with a message to reload.

A body past Django's request limits (`DATA_UPLOAD_MAX_MEMORY_SIZE`,
`DATA_UPLOAD_MAX_NUMBER_FIELDS`, `DATA_UPLOAD_MAX_NUMBER_FILES`) is refused before it is
read: 413 `request_too_large` for one too large, a 400 `too_many_fields` /
`too_many_files` for one with too many parts, each naming the limit. Django raises these
from `request.body` / `request.POST` as SuspiciousOperations and would answer its own
HTML 400; `request_limit_refusal` is shared with the site's 400 handler
(config.views.bad_request), which answers them outside DRF. They are logged as Django
logs them (the `django.security.<name>` logger, never the body).
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from kernel.errors import NON_FIELD, ConfirmationRequired

NON_FIELD_ERRORS = "non_field_errors"
DEFAULT_CODE = "invalid"


def _items(error: DjangoValidationError) -> list[dict]:
    return [
        {"message": str(message), "code": str(part.code or DEFAULT_CODE)}
        for part in error.error_list
        for message in part
    ]


def validation_error_detail(error: DjangoValidationError) -> dict:
    """A Django ValidationError as the API's error body."""
    if hasattr(error, "error_dict"):
        return {
            (NON_FIELD_ERRORS if field == NON_FIELD else field): _items(
                DjangoValidationError(parts)
            )
            for field, parts in error.error_dict.items()
        }
    return {NON_FIELD_ERRORS: _items(error)}


def _drf_detail(detail):
    """DRF's nested ErrorDetail structure in the same shape, recursively."""
    if isinstance(detail, dict):
        return {key: _drf_detail(value) for key, value in detail.items()}
    if isinstance(detail, list):
        if all(isinstance(item, exceptions.ErrorDetail) for item in detail):
            return [{"message": str(item), "code": item.code or DEFAULT_CODE} for item in detail]
        return [_drf_detail(item) for item in detail]
    if isinstance(detail, exceptions.ErrorDetail):
        return [{"message": str(detail), "code": detail.code or DEFAULT_CODE}]
    return detail


REQUEST_LIMITS = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


def request_limit_refusal(exc) -> tuple[int, dict] | None:
    """The status and API body for a request past one of Django's request limits, or
    None for any other exception."""
    if isinstance(exc, RequestDataTooBig):
        message = _("The request is too large: its data may be at most %(size)s.") % {
            "size": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        }
        return status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, {
            "detail": message,
            "code": "request_too_large",
        }
    if isinstance(exc, TooManyFieldsSent):
        message = _("The request has too many fields: at most %(count)s are accepted.") % {
            "count": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        }
        code = "too_many_fields"
    elif isinstance(exc, TooManyFilesSent):
        message = _("The request has too many files: at most %(count)s are accepted.") % {
            "count": settings.DATA_UPLOAD_MAX_NUMBER_FILES
        }
        code = "too_many_files"
    else:
        return None
    # A 400 is a ValidationError body on every operation: the input as a whole is refused.
    return status.HTTP_400_BAD_REQUEST, {NON_FIELD_ERRORS: [{"message": message, "code": code}]}


def log_request_limit(request, exc, status_code: int) -> None:
    """The line Django writes for these (core.handlers.exception), which it skips when
    the API answers them itself: the limit's message and the route, not the body."""
    logging.getLogger(f"django.security.{type(exc).__name__}").error(
        "%s", exc, extra={"status_code": status_code, "request": request}
    )


def exception_handler(exc, context):
    refusal = request_limit_refusal(exc)
    if refusal is not None:
        request = context.get("request")
        django_request = getattr(request, "_request", request)
        if django_request is not None:
            # As Django's handler does: the body cannot be read again, and anything that
            # tries (a renderer, a log line) must not meet the same exception.
            django_request._mark_post_parse_error()
            log_request_limit(django_request, exc, refusal[0])
        return Response(refusal[1], status=refusal[0])
    if isinstance(exc, ConfirmationRequired):
        return Response(
            {
                "detail": str(exc.message),
                "code": exc.code,
                "requires_confirmation": True,
                "warnings": exc.warnings,
            },
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, DjangoValidationError):
        return Response(validation_error_detail(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        if not isinstance(detail, dict):
            detail = {NON_FIELD_ERRORS: detail}
        return Response(_drf_detail(detail), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, exceptions.ParseError):
        # A body that is not JSON is bad input like any other: the same 400 body.
        return Response(
            {NON_FIELD_ERRORS: _drf_detail(exc.detail)}, status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, IntegrityError):
        return Response(
            {
                "detail": _("The change conflicts with existing data; reload and try again."),
                "code": "conflict",
            },
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(detail=str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.APIException):
        data = response.data if isinstance(response.data, dict) else {}
        if "detail" in data and "code" not in data:
            detail = exc.detail
            data["code"] = getattr(detail, "code", None) or exc.default_code
    return response
