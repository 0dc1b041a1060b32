"""Roles are Django groups; these are their names and the checks on them."""

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CADRE = "cadre", _("Cadre")
    MANAGER = "manager", _("Manager")
    INTEGRITY_OFFICER = "integrity_officer", _("Integrity officer")
    LEADERSHIP = "leadership", _("Leadership")


# The superuser flag, logged in the role log like a role (kernel.accounts).
ADMINISTRATOR = "administrator"


def role_label(role: str) -> str:
    """A role's name for people, the administrator flag included."""
    if role == ADMINISTRATOR:
        return str(_("Administrator"))
    try:
        return str(Role(role).label)
    except ValueError:
        return role


def _groups_and_permissions(user) -> tuple[set[str], set[str]]:
    """The user's group names and, in the same query, the "app_label.codename" of the
    permissions they hold directly or through a group (ModelBackend's two reads)."""
    from django.contrib.auth.models import Group, Permission
    from django.db.models import CharField, IntegerField, Value
    from django.db.models.functions import Concat

    def rows(qs, kind: int, label):
        return (
            qs.order_by()
            .annotate(kind=Value(kind, output_field=IntegerField()), label=label)
            .values_list("kind", "label")
        )

    perm_label = Concat("content_type__app_label", Value("."), "codename", output_field=CharField())
    groups = rows(Group.objects.filter(user=user), 0, F("name"))
    union = groups.union(
        rows(Permission.objects.filter(user=user), 1, perm_label),
        rows(Permission.objects.filter(group__user=user), 1, perm_label),
        all=True,
    )
    names: tuple[set[str], set[str]] = (set(), set())
    for kind, label in union:
        names[kind].add(label)
    return names


def user_roles(user) -> set[str]:
    """The role names of a user, read once per request object.

    The same query reads the user's permissions and leaves them where ModelBackend keeps
    its own reading of them (`_perm_cache`, the same set its two queries would build), so
    `user.has_perm` on the page (the calendar banner's check, on every page) reads nothing.
    Superusers are left alone: `has_perm` answers them without reading."""
    if not user or not user.is_authenticated:
        return set()
    cached = getattr(user, "_hallmark_roles", None)
    if cached is None:
        if user.is_superuser or hasattr(user, "_perm_cache"):
            cached = set(user.groups.values_list("name", flat=True))
        else:
            cached, permissions = _groups_and_permissions(user)
            if user.is_active:
                user._perm_cache = permissions
        if user.is_superuser:
            cached |= set(Role.values)
        user._hallmark_roles = cached
    return cached


def user_has_role(user, role: str) -> bool:
    return role in user_roles(user)
