"""Who may do what, checked inside the services (pages and API only narrow it further).

Separation of duties: an assessor never scores themselves, a grade approver is not the
graded, a reviewer never answers their own objection — the shared rule of
kernel.decisions, with its `DecisionError` codes (`decider_apart`).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from assessment import selectors
from assessment.errors import AssessmentError
from kernel.decisions import require_separate_decider
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


def require_scheme_author(actor) -> None:
    """Schemes are the bureau's rules: a manager or leadership writes them."""
    if actor is None:
        return
    if not (
        actor.is_superuser
        or user_has_role(actor, Role.MANAGER)
        or user_has_role(actor, Role.LEADERSHIP)
    ):
        raise PermissionDenied(_("Only a manager or leadership may change schemes."))


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


def decider_apart(actor, *, about, unit, requested_by=None) -> None:
    """The shared separation-of-duties rule (kernel.decisions, ADR 0005): `actor` decides
    nothing about the people in `about` (staff records), nor what they asked for, nor
    anything about whoever created the actor's account. Refused with a `DecisionError`
    code naming who can decide instead (the nearest managers of `unit`)."""
    about = [person for person in about if person is not None]
    excluding = [*about, *([requested_by] if requested_by is not None else [])]
    require_separate_decider(
        actor=actor,
        about=about,
        requested_by=requested_by,
        deciders=lambda: staff_selectors.deciders_for_unit_unscoped(unit=unit, excluding=excluding),
    )
