"""Who may do what, checked inside the services (pages and API only narrow it further).

Separation of duties: an assessor never scores themselves, a grade approver is not the
graded, a reviewer never answers their own objection. The shared rule is on its way to
kernel/decisions.py; until assessment is switched to it, `not_the_same_person` states it
here with assessment's own codes, so callers keep the same codes either way.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from assessment import selectors
from assessment.errors import AssessmentError
from kernel.errors import invalid
from kernel.roles import Role, user_has_role
from staffmgmt import selectors as staff_selectors


def require_manager(actor, *, unit=None) -> None:
    """A manager (of `unit`'s subtree when given); a service call from code (actor None,
    as in commands and the demo) is the system itself."""
    if actor is None:
        return
    if not (actor.is_superuser or user_has_role(actor, Role.MANAGER)):
        raise PermissionDenied(_("Only a manager may do this."))
    if unit is not None and not staff_selectors.can_manage_unit(user=actor, unit=unit):
        raise invalid(
            AssessmentError.NOT_MANAGED, _("This unit is not one you manage."), field="unit"
        )


def require_reviewer(actor, *, unit_id: int) -> None:
    """A manager or leader whose subtree holds the unit."""
    if actor is None:
        return
    if not selectors.is_reviewer_of(user=actor, unit_id=unit_id):
        raise PermissionDenied(_("You do not review this unit."))


def require_leadership(actor, *, unit_id: int) -> None:
    if actor is None:
        return
    if not (actor.is_superuser or user_has_role(actor, Role.LEADERSHIP)):
        raise PermissionDenied(_("Only leadership may do this."))
    require_reviewer(actor, unit_id=unit_id)


def not_the_same_person(actor, staff, *, code: str, message: str, field: str | None = None):
    """The separation-of-duties rule: `actor` (a user) decides nothing about `staff`
    (themselves). Until kernel.decisions lands, checked here with a coded error."""
    if actor is None or staff is None:
        return
    if staff.user_id == actor.pk:
        raise invalid(code, message, field=field)
