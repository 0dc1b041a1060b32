"""Lookups the roster API shares: ids in a request body resolved through scoped selectors,
so an id outside the user's scope is "unknown" (400) exactly like one that does not exist."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse

from kernel.errors import invalid
from roster import selectors
from roster.errors import RosterError
from roster.models import DutyAssignment
from roster.serializers import ConfirmationSerializer
from staffmgmt import selectors as staff_selectors
from staffmgmt.models import Staff

CONFIRM_409 = OpenApiResponse(
    ConfirmationSerializer, description="Rules would break: repeat with confirm=true."
)


def visible_staff(user, pk, field: str) -> Staff | None:
    if pk is None:
        return None
    found = staff_selectors.staff_list(user=user).filter(pk=pk).first()
    if found is None:
        raise invalid(RosterError.UNKNOWN_STAFF, _("Unknown staff member."), field=field)
    return found


def visible_assignment(user, pk, field: str) -> DutyAssignment | None:
    if pk is None:
        return None
    found = selectors.assignment_list(user=user).filter(pk=pk).first()
    if found is None:
        raise invalid(RosterError.UNKNOWN_DUTY, _("Unknown duty."), field=field)
    return found
