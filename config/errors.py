"""Errors shared by every app's services."""

from typing import Any


# No "Error" suffix: it is a request for confirmation, not a failure.
class ConfirmationRequired(Exception):
    """A use case would have a consequence the actor must confirm explicitly.

    Raised before anything is written; the caller repeats the call with confirmation.
    `warnings` is a list of plain dicts that pages and the API show as they are.
    """

    def __init__(self, message: str, *, code: str, warnings: list[dict[str, Any]]):
        super().__init__(message)
        self.message = message
        self.code = code
        self.warnings = warnings
