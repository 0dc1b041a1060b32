"""Who can decide a matter of a unit when the usual decider may not (ADR 0005).

`kernel.decisions` says who may not decide; the org tree says who decides instead: the
managers nearest the unit (the unit's own, else those of the unit above, and so on up),
leaving out the people the decision concerns, whoever asked, and every account those
people created; an administrator where no such manager exists.
"""

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping

from django.contrib.auth import get_user_model

from kernel.accounts import accounts_created_by_map, role_grant_list
from kernel.decisions import Decider, SeparationCheck
from kernel.models import AccountOrigin
from kernel.roles import Role
from staffmgmt.models import Absence, OrgUnit, Staff
from staffmgmt.selectors.org import (
    _unit_and_ancestor_paths,
    can_manage_unit,
    managed_org_unit_list,
)

__all__ = [
    "absence_deciders_unscoped",
    "absence_decisions",
    "deciders_for_unit_unscoped",
    "deciders_for_units_unscoped",
    "staff_role_log",
]

# The role log shown on a cadre's page: recent entries are what a reader asks about.
ROLE_LOG_SHOWN = 50


def _user_id(person) -> int | None:
    """A user id from a user, a staff record (its `user_id`) or an id."""
    if hasattr(person, "user_id"):
        return person.user_id
    return getattr(person, "pk", person)


def deciders_for_units_unscoped(
    *, requests: Mapping[Hashable, tuple[OrgUnit, Iterable]]
) -> dict[Hashable, list[Decider]]:
    """`deciders_for_unit_unscoped` for many matters at once: {key: (unit, excluding)} →
    {key: deciders}, in a fixed number of queries however many matters.

    UNSCOPED: names and units of the people in charge, shown to whoever the matter
    concerns; callers check the asking user may see the matter itself.
    """
    excluded = {
        key: {uid for uid in map(_user_id, excluding) if uid is not None}
        for key, (_unit, excluding) in requests.items()
    }
    children = accounts_created_by_map(set().union(*excluded.values()) if excluded else set())
    for ids in excluded.values():
        frontier = set(ids)
        while frontier:
            frontier = {child for uid in frontier for child in children.get(uid, ())} - ids
            ids |= frontier
    paths = {path for unit, _ex in requests.values() for path in _unit_and_ancestor_paths(unit)}
    by_path: dict[str, list[Staff]] = defaultdict(list)
    managers = (
        Staff.objects.filter(
            unit__path__in=paths,
            is_active=True,
            user__is_active=True,
            user__groups__name=Role.MANAGER,
        )
        .select_related("unit")
        .order_by("name", "pk")
        .distinct()
    )
    for manager in managers:
        by_path[manager.unit.path].append(manager)
    administrators: list | None = None
    answers: dict[Hashable, list[Decider]] = {}
    for key, (unit, _excluding) in requests.items():
        ids = excluded[key]
        found: list[Decider] = []
        # The unit's own managers first, then each unit above it, nearest first.
        for path in reversed(_unit_and_ancestor_paths(unit)):
            found = [
                Decider(user_id=m.user_id, name=m.name, unit=m.unit.name)
                for m in by_path.get(path, ())
                if m.user_id not in ids
            ]
            if found:
                break
        if not found:
            if administrators is None:
                administrators = list(
                    get_user_model()
                    .objects.filter(is_superuser=True, is_active=True)
                    .order_by("username")
                )
            found = [
                Decider(
                    user_id=admin.pk,
                    name=admin.get_full_name() or admin.username,
                    is_administrator=True,
                )
                for admin in administrators
                if admin.pk not in ids
            ]
        answers[key] = found
    return answers


def deciders_for_unit_unscoped(*, unit: OrgUnit, excluding: Iterable) -> list[Decider]:
    """Who can decide a matter of `unit` that the people in `excluding` (users, staff
    records or user ids: the ones it concerns and whoever asked) may not decide.

    The nearest managers: those of `unit` itself, else of the unit above, and so on up to
    the bureau; never one of `excluding` nor an account they created (directly or through
    accounts they created). Where there is none, the administrators. UNSCOPED, like
    `deciders_for_units_unscoped`.
    """
    return deciders_for_units_unscoped(requests={None: (unit, excluding)})[None]


def _absence_parties(absence: Absence) -> tuple[list, object]:
    return [absence.staff], absence.requested_by


def absence_deciders_unscoped(*, absence: Absence) -> list[Decider]:
    """Who can decide this leave request (its `pending_deciders` when a list filled them)."""
    cached = getattr(absence, "pending_deciders", None)
    if cached is not None:
        return cached
    if absence.status != Absence.Status.REQUESTED:
        return []
    return deciders_for_unit_unscoped(
        unit=absence.staff.unit, excluding=[absence.staff, absence.requested_by_id]
    )


def absence_decisions(*, user, absences: Iterable[Absence]) -> list[Absence]:
    """Fill, on each requested absence, `pending_deciders` (who can decide it) and
    `decision_refusal` (why `user` may not, or None; also None when `user` does not
    manage the unit at all, which `can_decide` tells). A fixed number of queries.

    The absences come from a selector scoped to `user`.
    """
    absences = list(absences)
    pending = [a for a in absences if a.status == Absence.Status.REQUESTED]
    deciders = deciders_for_units_unscoped(
        requests={a.pk: (a.staff.unit, [a.staff, a.requested_by_id]) for a in pending}
    )
    check = SeparationCheck(user)
    managed = (
        set(managed_org_unit_list(user=user).values_list("pk", flat=True)) if pending else set()
    )
    for absence in absences:
        absence.pending_deciders = deciders.get(absence.pk, [])
        absence.decision_refusal = None
        absence.can_decide = False
        if absence.status != Absence.Status.REQUESTED:
            continue
        about, requested_by = _absence_parties(absence)
        absence.decision_refusal = check.refusal(about=about, requested_by=requested_by)
        absence.can_decide = absence.staff.unit_id in managed and absence.decision_refusal is None
    return absences


def staff_role_log(*, user, staff: Staff) -> dict | None:
    """A cadre's roles and who created the account, for those who manage the cadre's unit
    (administrators included); None for everyone else.

    {"origin": AccountOrigin or None, "grants": newest RoleGrant rows first}.
    """
    if not can_manage_unit(user=user, unit=staff.unit):
        return None
    origin = AccountOrigin.objects.select_related("created_by").filter(user_id=staff.user_id)
    return {
        "origin": origin.first(),
        "grants": list(role_grant_list(user=staff.user_id)[:ROLE_LOG_SHOWN]),
    }
