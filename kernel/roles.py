"""Roles are Django groups; these are their names and the checks on them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CADRE = "cadre", _("Cadre")
    MANAGER = "manager", _("Manager")
    INTEGRITY_OFFICER = "integrity_officer", _("Integrity officer")
    LEADERSHIP = "leadership", _("Leadership")


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
