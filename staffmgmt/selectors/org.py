"""Who may see which org units, and the scoped lists of units, staff, windows and posts.

Scope rules: a manager, leader or integrity officer sees their own unit and every unit
below it; a cadre sees their own unit only; a superuser sees everything; a user with no
staff record sees nothing.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, Subquery

from kernel.roles import Role, user_roles
from staffmgmt.models import OrgUnit, Post, PostPairing, Skill, Staff, Window

__all__ = [
    "active_staff_of_unit_unscoped",
    "can_manage_unit",
    "managed_org_unit_list",
    "managers_of_unit_unscoped",
    "org_unit_and_ancestors_unscoped",
    "org_unit_id_list",
    "org_unit_list",
    "org_unit_subtree_unscoped",
    "pairing_candidate_list",
    "pairing_history_for_post_unscoped",
    "pairing_list",
    "pairing_list_held_by",
    "post_list",
    "post_list_with_holders",
    "post_skill_changes_unscoped",
    "skill_list",
    "staff_by_ids_unscoped",
    "staff_for_user",
    "staff_in_unit",
    "staff_list",
    "staff_of_unit_list",
    "staff_of_units_unscoped",
    "window_list",
]

SUBTREE_ROLES = {Role.MANAGER, Role.LEADERSHIP, Role.INTEGRITY_OFFICER}


def staff_for_user(*, user) -> Staff | None:
    """The staff record of a user, cached on the user object for the request."""
    if not user or not user.is_authenticated:
        return None
    if not hasattr(user, "_hallmark_staff"):
        user._hallmark_staff = Staff.objects.select_related("unit").filter(user=user).first()
    return user._hallmark_staff


def _subtree(unit: OrgUnit) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(path__startswith=unit.path)


def org_unit_list(*, user) -> QuerySet[OrgUnit]:
    """The units a user may see."""
    if not user or not user.is_authenticated:
        return OrgUnit.objects.none()
    if user.is_superuser:
        return OrgUnit.objects.all()
    staff = staff_for_user(user=user)
    if staff is None:
        return OrgUnit.objects.none()
    if user_roles(user) & SUBTREE_ROLES:
        return _subtree(staff.unit)
    return OrgUnit.objects.filter(pk=staff.unit_id)


def org_unit_id_list(*, user) -> QuerySet:
    return org_unit_list(user=user).values("pk")


def managed_org_unit_list(*, user) -> QuerySet[OrgUnit]:
    """The units whose posts, pairings, leave and rosters a user may change."""
    if not user or not user.is_authenticated:
        return OrgUnit.objects.none()
    if user.is_superuser:
        return OrgUnit.objects.all()
    staff = staff_for_user(user=user)
    if staff is None or Role.MANAGER not in user_roles(user):
        return OrgUnit.objects.none()
    return _subtree(staff.unit)


def can_manage_unit(*, user, unit: OrgUnit) -> bool:
    return managed_org_unit_list(user=user).filter(pk=unit.pk).exists()


def skill_list(*, user) -> QuerySet[Skill]:
    if not user or not user.is_authenticated:
        return Skill.objects.none()
    return Skill.objects.all()


def staff_list(*, user) -> QuerySet[Staff]:
    return (
        Staff.objects.filter(unit__in=org_unit_id_list(user=user))
        .select_related("unit", "user")
        .prefetch_related("skills")
    )


def _unit_and_ancestor_paths(unit: OrgUnit) -> list[str]:
    """The paths of every unit above `unit` and its own ("bureau/", "bureau/hall-1/"): the
    units whose work may draw on the unit's people. Pure, no query."""
    return [unit.path[: i + 1] for i, ch in enumerate(unit.path) if ch == "/"]


def org_unit_subtree_unscoped(*, unit: OrgUnit) -> QuerySet[OrgUnit]:
    """`unit` and every unit below it: the units whose work a unit's rosters and reports
    cover. Other apps filter with it (`unit__in=...`, one subquery) instead of reading the
    tree's paths. UNSCOPED: callers have scoped `unit` to the user."""
    return _subtree(unit)


def org_unit_and_ancestors_unscoped(*, unit: OrgUnit) -> QuerySet[OrgUnit]:
    """`unit` and every unit above it: the units whose work may draw on the unit's people
    (a hall's duty on a section's members). UNSCOPED: callers decide who may see them."""
    return OrgUnit.objects.filter(path__in=_unit_and_ancestor_paths(unit))


def staff_of_unit_list(*, user, unit: OrgUnit, active_only: bool = True) -> QuerySet[Staff]:
    """The people of `unit` and of every unit below it that `user` may see (by default only
    the active ones), unit and user loaded, skills prefetched."""
    people = staff_list(user=user).filter(unit__in=_subtree(unit).values("pk"))
    return people.filter(is_active=True) if active_only else people


def staff_of_units_unscoped(
    *, units: QuerySet[OrgUnit], active_only: bool = True
) -> QuerySet[Staff]:
    """The members of any of `units` (a queryset: one subquery), by default only the active
    ones. UNSCOPED: callers pass units the user may see or manage."""
    people = Staff.objects.filter(unit__in=units.values("pk"))
    return people.filter(is_active=True) if active_only else people


def managers_of_unit_unscoped(*, unit: OrgUnit) -> QuerySet[Staff]:
    """Active managers of `unit` or of a unit above it (a manager manages the subtree).

    UNSCOPED: for services that route work or notices to the people in charge.
    """
    return (
        Staff.objects.filter(
            unit__path__in=_unit_and_ancestor_paths(unit),
            is_active=True,
            user__groups__name=Role.MANAGER,
        )
        .select_related("user", "unit")
        .distinct()
    )


def active_staff_of_unit_unscoped(
    *, unit: OrgUnit | int, include_subunits: bool = True
) -> QuerySet[Staff]:
    """The people a unit plans work for: active staff of the unit and, by default, of every
    unit below it (a hall's noon duty draws on its sections), unit loaded (for
    `staff_in_unit`) and skills prefetched.

    `unit` may be an id: its path is then read in a subquery of the same query, so the
    count of queries is the same either way. With `include_subunits=False`, only the
    unit's direct members.

    UNSCOPED: for services and selectors that plan the unit's work (rosters, exports);
    callers check the user may see the unit.
    """
    people = Staff.objects.filter(is_active=True).select_related("unit").prefetch_related("skills")
    if not include_subunits:
        return people.filter(unit=unit)
    if isinstance(unit, OrgUnit):
        path = unit.path
    else:
        path = Subquery(OrgUnit.objects.filter(pk=unit).values("path")[:1])
    return people.filter(unit__path__startswith=path)


def staff_in_unit(*, staff: Staff, unit: OrgUnit) -> bool:
    """Whether `staff` belongs to `unit` or a unit below it (the membership
    `active_staff_of_unit_unscoped` lists, activity aside).

    Pure path test on `staff.unit`: callers select_related the staff's unit (and pass a
    loaded `unit`), or each call costs a query.
    """
    return staff.unit.path.startswith(unit.path)


def staff_by_ids_unscoped(*, ids) -> QuerySet[Staff]:
    """These people (unit loaded, skills prefetched). Like `active_staff_of_unit_unscoped`."""
    return Staff.objects.filter(pk__in=list(ids)).select_related("unit").prefetch_related("skills")


def window_list(*, user) -> QuerySet[Window]:
    return Window.objects.filter(unit__in=org_unit_id_list(user=user)).select_related("unit")


def post_list(*, user) -> QuerySet[Post]:
    return Post.objects.filter(unit__in=org_unit_id_list(user=user)).select_related(
        "unit", "window"
    )


def pairing_list(*, user, on_day=None) -> QuerySet[PostPairing]:
    pairings = PostPairing.objects.filter(post__unit__in=org_unit_id_list(user=user))
    if on_day is not None:
        pairings = pairings.filter(valid_from__lte=on_day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on_day)
        )
    return pairings.select_related("post", "post__unit", "a_holder", "b_holder")


def _in_force_on(day: date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def post_list_with_holders(*, user, on_day: date) -> QuerySet[Post]:
    """Visible posts, each with `pairings_on_day`: the pairing in force on `on_day` (a list
    of at most one), its holders loaded in the same query; and the required skills."""
    return post_list(user=user).prefetch_related(
        "required_skills",
        Prefetch(
            "pairings",
            queryset=PostPairing.objects.filter(_in_force_on(on_day)).select_related(
                "a_holder", "b_holder"
            ),
            to_attr="pairings_on_day",
        ),
    )


def pairing_list_held_by(*, user, staff: Staff, from_day: date) -> QuerySet[PostPairing]:
    """The visible pairings in which `staff` is A or B, in force on `from_day` or later."""
    return (
        pairing_list(user=user)
        .filter(Q(a_holder=staff) | Q(b_holder=staff))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=from_day))
        .order_by("valid_from", "post__name")
    )


def pairing_candidate_list(*, user, post: Post) -> QuerySet[Staff]:
    """Active staff visible to `user` who may hold `post`: from the post's unit, a unit below
    it, or a unit above it (the rule `pairing_create` enforces)."""
    parts = post.unit.path.split("/")[:-1]
    ancestor_paths = ["/".join(parts[:i]) + "/" for i in range(1, len(parts))]
    return (
        staff_list(user=user)
        .filter(is_active=True)
        .filter(Q(unit__path__startswith=post.unit.path) | Q(unit__path__in=ancestor_paths))
        .order_by("name", "employee_no")
    )


@dataclass
class PairingChange:
    """One history record of a pairing, with what changed against the record before it."""

    pairing_id: int
    when: datetime
    who: Any
    kind: str  # "+" created, "~" changed, "-" deleted (simple-history's codes)
    reason: str
    a_holder: Any
    b_holder: Any
    valid_from: date
    valid_to: date | None
    # (field's verbose name, old value, new value)
    changes: list[tuple[str, Any, Any]] = field(default_factory=list)


_TRACKED_PAIRING_FIELDS = ("a_holder", "b_holder", "valid_from", "valid_to", "note")


def pairing_history_for_post_unscoped(*, post: Post) -> list[PairingChange]:
    """Every recorded change to the pairings of `post`, newest first: who, when, why, what.

    The caller has already checked the post is visible. Diffs are computed in memory from
    one query, not with `prev_record` (a query per record).
    """
    records = list(
        PostPairing.history.filter(post_id=post.pk)
        .select_related("history_user", "a_holder", "b_holder")
        .order_by("history_date", "history_id")
    )
    previous: dict[int, Any] = {}
    changes: list[PairingChange] = []
    for record in records:
        before = previous.get(record.id)
        entry = PairingChange(
            pairing_id=record.id,
            when=record.history_date,
            who=record.history_user,
            kind=record.history_type,
            reason=record.history_change_reason or "",
            a_holder=record.a_holder,
            b_holder=record.b_holder,
            valid_from=record.valid_from,
            valid_to=record.valid_to,
        )
        if before is not None:
            for name in _TRACKED_PAIRING_FIELDS:
                old, new = getattr(before, name), getattr(record, name)
                if old != new:
                    label = PostPairing._meta.get_field(name).verbose_name
                    entry.changes.append((label, old, new))
        previous[record.id] = record
        changes.append(entry)
    changes.reverse()
    return changes


@dataclass
class SkillChange:
    """One change to the skills a post requires: who, when, why, what was added and removed."""

    when: Any
    who: Any
    reason: str
    added: list[Skill]
    removed: list[Skill]


def post_skill_changes_unscoped(*, post: Post) -> list[SkillChange]:
    """The recorded changes of `post`'s required skills, newest first, in two queries.

    Each history record of the post keeps the skills required at that moment; a change is
    a record whose skills differ from the record before it. The caller has checked that
    the post is visible."""
    records = list(
        Post.history.filter(id=post.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    # simple-history's table of the m2m as it was at each record of the post.
    snapshot = Post.history.model._meta.get_field("historicalpost_required_skills").related_model
    skills_at: dict[int, dict[int, Skill]] = {}
    for row in snapshot.objects.filter(history__id=post.pk).select_related("skill"):
        skills_at.setdefault(row.history_id, {})[row.skill_id] = row.skill
    changes: list[SkillChange] = []
    before: dict[int, Skill] = {}
    for record in records:
        now = skills_at.get(record.history_id, {})
        if now.keys() != before.keys():
            changes.append(
                SkillChange(
                    when=record.history_date,
                    who=record.history_user,
                    reason=record.history_change_reason or "",
                    added=[skill for pk, skill in now.items() if pk not in before],
                    removed=[skill for pk, skill in before.items() if pk not in now],
                )
            )
        before = now
    changes.reverse()
    return changes
