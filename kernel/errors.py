"""Errors shared by every app's services: error codes and confirmation requests.

Services raise Django's `ValidationError` for bad input and broken rules, always with a
`code` from their app's error-code enum (`<app>/errors.py`), so a client can react to a
rule without parsing a translated message. The API answers 400 with, per field, a list
of `{"message", "code"}` (kernel.api.exceptions); pages show the messages on the form
(kernel.forms.add_service_errors).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

NON_FIELD = "__all__"


class ErrorCode(models.TextChoices):
    """Base of each app's error codes: `class RosterError(ErrorCode): ...`.

    Values are stable API: rename the member, never the value. Values are prefixed by
    area (`absence.`, `roster.`) so that codes from different apps cannot collide.
    """


def invalid(
    code: str,
    message: Any,
    *,
    field: str | None = None,
    params: dict[str, Any] | None = None,
) -> ValidationError:
    """A `ValidationError` carrying `code`, on `field` (or on the whole input).

    Usage: `raise invalid(AbsenceError.OUTSIDE_CALENDAR, _("..."), field="start_date")`.
    """
    error = ValidationError(message, code=str(code), params=params)
    if field is None:
        return error
    return ValidationError({field: [error]})


# No "Error" suffix: it is a request for confirmation, not a failure.
class ConfirmationRequired(Exception):
    """A use case would have a consequence the actor must confirm explicitly.

    Raised before anything is written; the caller repeats the call with confirmation.
    `warnings` is a list of plain dicts that pages and the API show as they are.
    """

    def __init__(self, message: str, *, code: str, warnings: list[dict[str, Any]]):
        super().__init__(message)
        self.message = message
        self.code = str(code)
        self.warnings = warnings


class DecisionError(ErrorCode):
    """Why a decision was refused to this person (kernel.decisions, ADR 0005)."""

    ABOUT_SELF = "decision.about_self", "the decision is about the person deciding"
    OWN_REQUEST = "decision.own_request", "the person deciding asked for it"
    CREATED_BY_PARTY = (
        "decision.created_by_party",
        "the decider's account was created by someone the decision is about",
    )


class RoleError(ErrorCode):
    """Why an account or a role was refused (kernel.accounts)."""

    UNKNOWN_ROLE = "role.unknown", "no such role"
    ADMINISTRATOR_ONLY = "role.administrator_only", "only an administrator grants this role"
