"""Accounts and roles: who made an account, and the one way a role is granted or revoked.

Creating accounts and granting roles is an administrator's act (ADR 0005). The one
exception is the cadre role: a manager adds cadres to the units they manage, and the app
that knows units (staffmgmt) checks that part before it calls `role_grant`. Every grant
and every revocation, by anyone, is a `RoleGrant` row with who, when and why; the record
of who created an account (`AccountOrigin`) is what lets `kernel.decisions` refuse a
decision taken through an account the requester made.

An administrator is an active superuser. `actor=None` is the system (the demo, management
commands, test factories): allowed, and logged as such.
"""

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _

from kernel.errors import RoleError, invalid
from kernel.models import AccountOrigin, RoleGrant
from kernel.roles import ADMINISTRATOR, Role, role_label

__all__ = [
    "ADMINISTRATOR",
    "account_creator_chain",
    "account_origin_record",
    "accounts_created_by",
    "accounts_created_by_map",
    "is_administrator",
    "role_grant",
    "role_grant_list",
    "role_label",
    "role_may_grant",
    "role_revoke",
    "roles_set",
]

# How far a chain of "created by" is followed: far beyond any real chain, and a bound
# on the queries if the data ever held a loop.
MAX_CHAIN = 20


def is_administrator(user) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.is_superuser
    )


def role_may_grant(actor, role: str) -> bool:
    """Whether `actor` may grant or revoke `role` at all: administrators and the system any
    role, everyone else the cadre role only (and the caller checks their unit)."""
    return actor is None or is_administrator(actor) or role == Role.CADRE


def _require_may_grant(actor, role: str) -> None:
    if role != ADMINISTRATOR and role not in Role.values:
        raise invalid(
            RoleError.UNKNOWN_ROLE,
            _("Unknown role: %(role)s.") % {"role": role},
            field="roles",
        )
    if not role_may_grant(actor, role):
        raise invalid(
            RoleError.ADMINISTRATOR_ONLY,
            _(
                "Only an administrator may grant or revoke the role “%(role)s”; a manager "
                "adds cadres only."
            )
            % {"role": role_label(role)},
            field="roles",
        )


def _actor_or_none(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _log(*, actor, user, role: str, action: str, reason: str) -> RoleGrant:
    entry = RoleGrant(
        user=user, role=role, action=action, actor=_actor_or_none(actor), reason=reason.strip()
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def role_grant(*, actor, user, role: str, reason: str = "") -> RoleGrant | None:
    """Give `user` the role (its group; for "administrator" the superuser flag) and log it.

    Guarantees: only an administrator (or the system) grants a role above cadre, else a
    ValidationError with RoleError.ADMINISTRATOR_ONLY on "roles"; the grant and its
    RoleGrant row are saved together. A role the user already has changes nothing and
    logs nothing (None).
    """
    _require_may_grant(actor, role)
    if role == ADMINISTRATOR:
        if user.is_superuser:
            return None
        user.is_superuser = True
        user.save(update_fields=["is_superuser"])
    else:
        group, _created = Group.objects.get_or_create(name=role)
        if user.groups.filter(pk=group.pk).exists():
            return None
        user.groups.add(group)
    user.__dict__.pop("_hallmark_roles", None)
    return _log(actor=actor, user=user, role=role, action=RoleGrant.Action.GRANT, reason=reason)


@transaction.atomic
def role_revoke(*, actor, user, role: str, reason: str = "") -> RoleGrant | None:
    """Take the role from `user` and log it; the same rule as `role_grant` on who may."""
    _require_may_grant(actor, role)
    if role == ADMINISTRATOR:
        if not user.is_superuser:
            return None
        user.is_superuser = False
        user.save(update_fields=["is_superuser"])
    else:
        group = Group.objects.filter(name=role).first()
        if group is None or not user.groups.filter(pk=group.pk).exists():
            return None
        user.groups.remove(group)
    user.__dict__.pop("_hallmark_roles", None)
    return _log(actor=actor, user=user, role=role, action=RoleGrant.Action.REVOKE, reason=reason)


@transaction.atomic
def roles_set(*, actor, user, roles: Iterable[str], reason: str = "") -> list[RoleGrant]:
    """Make `user`'s roles exactly `roles` (kernel.roles.Role names): each role added is a
    `role_grant`, each one taken away a `role_revoke`; nothing is changed unless all are
    allowed. Groups that are not roles are left alone."""
    wanted = set(roles)
    current = set(user.groups.filter(name__in=Role.values).values_list("name", flat=True))
    changes = [(role, role_grant) for role in sorted(wanted - current)] + [
        (role, role_revoke) for role in sorted(current - wanted)
    ]
    for role, _service in changes:
        _require_may_grant(actor, role)
    logged = [
        service(actor=actor, user=user, role=role, reason=reason) for role, service in changes
    ]
    return [entry for entry in logged if entry is not None]


def role_grant_list(*, user=None):
    """The log, newest first (one account's when `user` is given), with both accounts loaded.

    UNSCOPED: for administrators' pages and the admin; callers check who may read it."""
    entries = RoleGrant.objects.select_related("user", "actor")
    return entries.filter(user=user) if user is not None else entries


def account_origin_record(*, account, created_by, note: str = "") -> AccountOrigin:
    """Record who created `account` (once; `created_by=None`: the system)."""
    origin = AccountOrigin(user=account, created_by=_actor_or_none(created_by), note=note[:200])
    origin.full_clean(validate_unique=False)
    origin.save(force_insert=True)
    return origin


def account_creator_chain(user) -> list[int]:
    """The ids of whoever created `user`'s account, whoever created that one, and so on up
    (nearest first). One query per link; real chains are one or two long."""
    chain: list[int] = []
    current = getattr(user, "pk", user)
    while current is not None and len(chain) < MAX_CHAIN:
        creator = (
            AccountOrigin.objects.filter(user_id=current).values_list("created_by_id", flat=True)
        ).first()
        if creator is None or creator in chain:
            break
        chain.append(creator)
        current = creator
    return chain


def accounts_created_by_map(user_ids: Iterable[int]) -> dict[int, set[int]]:
    """{creator: accounts they created} for these users and, generation by generation,
    for the accounts they created. One query per generation."""
    children: dict[int, set[int]] = {}
    frontier = {uid for uid in user_ids if uid is not None}
    seen = set(frontier)
    for _generation in range(MAX_CHAIN):
        if not frontier:
            break
        rows = AccountOrigin.objects.filter(created_by_id__in=frontier).values_list(
            "created_by_id", "user_id"
        )
        frontier = set()
        for creator, account in rows:
            children.setdefault(creator, set()).add(account)
            if account not in seen:
                frontier.add(account)
        seen |= frontier
    return children


def accounts_created_by(user_ids: Iterable[int]) -> set[int]:
    """Every account created by these users, directly or through accounts they created
    (the users themselves not included, unless one created another)."""
    roots = {uid for uid in user_ids if uid is not None}
    children = accounts_created_by_map(roots)
    found: set[int] = set()
    frontier = set(roots)
    while frontier:
        frontier = {child for uid in frontier for child in children.get(uid, ())} - found
        found |= frontier
    return found
