"""One place that turns domain errors into API responses.

Services raise Django's ValidationError with a code; the API answers 400 with, for each
field (`non_field_errors` for the input as a whole), a list of `{"message", "code"}`.
DRF's own shape errors (a serializer's `is_valid`) get the same body, with DRF's codes
(`required`, `invalid`, `max_length` ...). Never a 500 for bad input.

A database constraint caught late (a race the service check could not see) is bad input
from the client's point of view too: 409, with a message to reload.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
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


def exception_handler(exc, context):
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
