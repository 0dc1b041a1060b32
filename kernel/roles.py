"""Roles are Django groups; these are their names and the checks on them."""

from django.db import models
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


def user_roles(user) -> set[str]:
    """The role names of a user, read once per request object."""
    if not user or not user.is_authenticated:
        return set()
    cached = getattr(user, "_hallmark_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached |= set(Role.values)
        user._hallmark_roles = cached
    return cached


def user_has_role(user, role: str) -> bool:
    return role in user_roles(user)
