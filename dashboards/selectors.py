"""Which units a reader may open a dashboard for; dashboards only read.

Leadership sees the unit it belongs to and everything under it, a manager the units they
manage, an administrator every unit. A cadre has no unit dashboard, only their own
figures (`personal` panels), so no chart or export can show them a colleague's.
"""

from django.db.models import QuerySet

from kernel.roles import Role, user_roles
from staffmgmt import selectors as staff_selectors
from staffmgmt.models import OrgUnit

__all__ = [
    "dashboard_unit_children",
    "dashboard_unit_default",
    "dashboard_unit_get_for_user",
    "dashboard_unit_list",
]


def dashboard_unit_list(*, user) -> QuerySet[OrgUnit]:
    if not getattr(user, "is_authenticated", False):
        return OrgUnit.objects.none()
    if user.is_superuser:
        return staff_selectors.org_unit_list(user=user)
    roles = user_roles(user)
    if Role.LEADERSHIP in roles:
        return staff_selectors.org_unit_list(user=user)
    if Role.MANAGER in roles:
        return staff_selectors.managed_org_unit_list(user=user)
    return OrgUnit.objects.none()


def dashboard_unit_get_for_user(*, user, unit_id) -> OrgUnit | None:
    """The unit if `user` may open its dashboard, else None (the view answers 404)."""
    try:
        return dashboard_unit_list(user=user).filter(pk=int(unit_id)).first()
    except (TypeError, ValueError, OverflowError):
        return None


def dashboard_unit_default(*, user) -> OrgUnit | None:
    """The reader's own unit when they may see it, else the highest unit they may."""
    units = dashboard_unit_list(user=user)
    staff = staff_selectors.staff_for_user(user=user)
    if staff is not None and units.filter(pk=staff.unit_id).exists():
        return staff.unit
    return units.order_by("path").first()


def dashboard_unit_children(*, user, unit: OrgUnit) -> QuerySet[OrgUnit]:
    """The units directly under `unit` that the reader may drill down into."""
    return dashboard_unit_list(user=user).filter(parent=unit).order_by("name")
