"""Helpers the roster pages share."""

from django.core.exceptions import PermissionDenied

from staffmgmt import selectors as staff_selectors
from staffmgmt.models import Staff


def managed_units_or_403(user):
    """The units `user` manages; a 403 for someone who manages none (the page is theirs)."""
    units = staff_selectors.managed_org_unit_list(user=user)
    if not units.exists():
        raise PermissionDenied
    return units


def my_staff(request) -> Staff | None:
    return staff_selectors.staff_for_user(user=request.user)
