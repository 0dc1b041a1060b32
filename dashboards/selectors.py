"""Which units a reader may open a dashboard for; dashboards only read.

Leadership sees the unit it belongs to and everything under it, a manager the units they
manage, an administrator every unit. A cadre has no unit dashboard, only their own
figures (`personal` panels), so no chart or export can show them a colleague's.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from kernel.roles import Role, user_roles
from staffmgmt import selectors as staff_selectors
from staffmgmt.models import OrgUnit, Staff, Window

__all__ = [
    "dashboard_staff_get_for_user",
    "dashboard_unit_ancestors",
    "dashboard_unit_default",
    "dashboard_unit_get_for_user",
    "dashboard_unit_list",
    "dashboard_unit_tree_get_for_user",
    "dashboard_window_get_for_user",
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


def dashboard_unit_ancestors(*, user, unit: OrgUnit) -> list[OrgUnit]:
    """The units above `unit` the reader may open, top first: the breadcrumb. One query
    (the ancestors' paths are prefixes of the unit's), however many units there are."""
    return list(
        dashboard_unit_list(user=user)
        .filter(pk__in=staff_selectors.org_unit_and_ancestors_unscoped(unit=unit).values("pk"))
        .exclude(pk=unit.pk)
        .order_by("path")
        .only("pk", "name", "path")
    )


@dataclass(frozen=True)
class UnitTree:
    unit: OrgUnit
    ancestors: list[OrgUnit]  # the units above it the reader may open, top first
    subtree: list[dict]  # the unit and everything under it: pk, name, path, parent_id


def dashboard_unit_tree_get_for_user(*, user, unit_id) -> UnitTree | None:
    """The unit if `user` may open its dashboard (else None: the view answers 404), with
    the breadcrumb and the unit's subtree, in one query: the units the reader may open
    that lie on the unit's path (its ancestors and itself) or under it. A reader's
    dashboard units are whole subtrees, so everything under the unit is among them."""
    pk = _int(unit_id)
    if pk is None:
        return None
    path = OrgUnit.objects.filter(pk=pk).values("path")
    on_path = OrgUnit.objects.filter(pk=pk, path__startswith=OuterRef("path"))
    units = list(
        dashboard_unit_list(user=user)
        .filter(Q(path__startswith=Subquery(path)) | Q(Exists(on_path)))
        .order_by("path")
    )
    unit = next((u for u in units if u.pk == pk), None)
    if unit is None:
        return None
    return UnitTree(
        unit=unit,
        ancestors=[u for u in units if not u.path.startswith(unit.path)],
        subtree=[
            {"pk": u.pk, "name": u.name, "path": u.path, "parent_id": u.parent_id}
            for u in units
            if u.path.startswith(unit.path)
        ],
    )


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if 0 < number < 2**63 else None


def dashboard_window_get_for_user(*, user, window_id) -> Window | None:
    """A window of a unit whose dashboard the reader may open, unit loaded; else None."""
    pk = _int(window_id)
    if pk is None:
        return None
    return (
        staff_selectors.window_list(user=user)
        .filter(pk=pk, unit__in=dashboard_unit_list(user=user).values("pk"))
        .first()
    )


def dashboard_staff_get_for_user(*, user, staff_id) -> Staff | None:
    """Whose personal figures the reader may open: their own, or anyone of a unit whose
    dashboard they may open (a leader or manager drilling down to a person). A cadre gets
    None for anyone but themselves, so no panel can be asked for a colleague's figures."""
    pk = _int(staff_id)
    if pk is None:
        return None
    own = staff_selectors.staff_for_user(user=user)
    if own is not None and own.pk == pk:
        return own
    return (
        staff_selectors.staff_by_ids_unscoped(ids=[pk])
        .filter(unit__in=dashboard_unit_list(user=user).values("pk"))
        .select_related("unit")
        .first()
    )
