"""The one adapter from a service's errors to a page's form."""

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(
    form: forms.Form, error: ValidationError, field_map: dict[str, str] | None = None
) -> None:
    """Show a service's ValidationError on the form.

    Errors on a field the form has go to that field (renamed through `field_map` where the
    service and the form name it differently); the rest are shown above the form, so no
    message is ever lost. The form is then invalid and is re-shown with the errors.
    """
    field_map = field_map or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        target = field_map.get(field, field)
        form.add_error(target if target in form.fields else None, messages)
