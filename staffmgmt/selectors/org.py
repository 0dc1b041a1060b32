"""Who may see which org units, and the scoped lists of units, staff, windows and posts.

Scope rules: a manager, leader or integrity officer sees their own unit and every unit
below it; a cadre sees their own unit only; a superuser sees everything; a user with no
staff record sees nothing.
"""

from django.db.models import Q, QuerySet

from staffmgmt.models import OrgUnit, Post, PostPairing, Skill, Staff, Window
from staffmgmt.roles import Role, user_roles

__all__ = [
    "can_manage_unit",
    "org_unit_list",
    "pairing_list",
    "post_list",
    "skill_list",
    "staff_for_user",
    "staff_list",
    "unit_ids_visible_to",
    "units_managed_by",
    "window_list",
]

SUBTREE_ROLES = {Role.MANAGER, Role.LEADERSHIP, Role.INTEGRITY_OFFICER}


def staff_for_user(user) -> Staff | None:
    """The staff record of a user, cached on the user object for the request."""
    if not user or not user.is_authenticated:
        return None
    if not hasattr(user, "_hallmark_staff"):
        user._hallmark_staff = (
            Staff.objects.select_related("unit").filter(user=user).first()
        )
    return user._hallmark_staff


def _subtree(unit: OrgUnit) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(path__startswith=unit.path)


def org_unit_list(user) -> QuerySet[OrgUnit]:
    """The units a user may see."""
    if not user or not user.is_authenticated:
        return OrgUnit.objects.none()
    if user.is_superuser:
        return OrgUnit.objects.all()
    staff = staff_for_user(user)
    if staff is None:
        return OrgUnit.objects.none()
    if user_roles(user) & SUBTREE_ROLES:
        return _subtree(staff.unit)
    return OrgUnit.objects.filter(pk=staff.unit_id)


def unit_ids_visible_to(user) -> QuerySet:
    return org_unit_list(user).values("pk")


def units_managed_by(user) -> QuerySet[OrgUnit]:
    """The units whose posts, pairings, leave and rosters a user may change."""
    if not user or not user.is_authenticated:
        return OrgUnit.objects.none()
    if user.is_superuser:
        return OrgUnit.objects.all()
    staff = staff_for_user(user)
    if staff is None or Role.MANAGER not in user_roles(user):
        return OrgUnit.objects.none()
    return _subtree(staff.unit)


def can_manage_unit(user, unit: OrgUnit) -> bool:
    return units_managed_by(user).filter(pk=unit.pk).exists()


def skill_list(user) -> QuerySet[Skill]:
    if not user or not user.is_authenticated:
        return Skill.objects.none()
    return Skill.objects.all()


def staff_list(user) -> QuerySet[Staff]:
    return (
        Staff.objects.filter(unit__in=unit_ids_visible_to(user))
        .select_related("unit", "user")
        .prefetch_related("skills")
    )


def window_list(user) -> QuerySet[Window]:
    return Window.objects.filter(unit__in=unit_ids_visible_to(user)).select_related("unit")


def post_list(user) -> QuerySet[Post]:
    return Post.objects.filter(unit__in=unit_ids_visible_to(user)).select_related(
        "unit", "window"
    )


def pairing_list(user, *, on_day=None) -> QuerySet[PostPairing]:
    pairings = PostPairing.objects.filter(post__unit__in=unit_ids_visible_to(user))
    if on_day is not None:
        pairings = pairings.filter(valid_from__lte=on_day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on_day)
        )
    return pairings.select_related("post", "post__unit", "a_holder", "b_holder")
