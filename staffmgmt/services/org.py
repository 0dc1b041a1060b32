"""Org units, staff, windows, posts and AB pairings: the write use cases."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kernel.accounts import account_origin_record, roles_set
from kernel.errors import invalid
from kernel.history import save_with_history
from kernel.roles import Role
from kernel.tokens import api_tokens_revoke_all
from staffmgmt.errors import StaffError
from staffmgmt.models import OrgUnit, Post, PostPairing, Skill, Staff, Window
from staffmgmt.selectors.org import can_manage_unit

__all__ = [
    "UNCHANGED",
    "org_unit_check_parent",
    "org_unit_create",
    "org_unit_update",
    "pairing_create",
    "pairing_end",
    "post_check_window",
    "post_create",
    "post_update",
    "skill_get_or_create",
    "staff_create",
    "staff_lock",
    "staff_set_roles",
    "staff_update",
    "window_create",
    "window_update",
]

# Marks an argument of an *_update service that the caller did not pass: None is a value
# (e.g. "no window", "no end date"), so it cannot mean "leave as it is".
UNCHANGED: Any = type("Unchanged", (), {"__repr__": lambda self: "UNCHANGED"})()


def _require_manager_of(actor, unit: OrgUnit) -> None:
    if actor is not None and not can_manage_unit(user=actor, unit=unit):
        raise PermissionDenied(_("You do not manage the unit %(unit)s.") % {"unit": unit})


@transaction.atomic
def org_unit_create(
    *, actor, code: str, name: str, kind: str, parent: OrgUnit | None = None
) -> OrgUnit:
    """Create a unit below `parent` (a bureau has none); its path follows from the parent.

    With an actor, only a superuser creates a bureau and only a manager of `parent`
    creates a unit below it.
    """
    if parent is None:
        if actor is not None and not getattr(actor, "is_superuser", False):
            raise PermissionDenied(_("Only an administrator may create a bureau."))
    else:
        _require_manager_of(actor, parent)
    org_unit_check_parent(unit=None, kind=kind, parent=parent)
    unit = OrgUnit(code=code, name=name, kind=kind, parent=parent)
    unit.path = f"{parent.path if parent else ''}{code}/"
    return save_with_history(unit, actor=actor)


@transaction.atomic
def skill_get_or_create(*, code: str, name: str, name_zh: str = "") -> Skill:
    skill, _created = Skill.objects.get_or_create(
        code=code, defaults={"name": name, "name_zh": name_zh}
    )
    return skill


@transaction.atomic
def staff_create(
    *,
    actor,
    username: str,
    employee_no: str,
    name: str,
    unit: OrgUnit,
    title: str = "",
    skills: list[Skill] | tuple[Skill, ...] = (),
    is_leader: bool = False,
    roles: list[str] | tuple[str, ...] = (Role.CADRE,),
    password: str | None = None,
) -> Staff:
    """Create a cadre with a user account and role groups; both or neither are saved.

    Guarantees: the actor manages `unit`; a role above cadre only from an administrator
    (kernel.accounts, ADR 0005: a manager adds cadres, never another manager); who created
    the account is recorded (AccountOrigin) and each role is a logged grant.
    """
    _require_manager_of(actor, unit)
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise invalid(
            StaffError.USERNAME_TAKEN, _("This username is already taken."), field="username"
        )
    user = User(username=username, first_name=name[:150])
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    account_origin_record(account=user, created_by=actor, note="staff_create")
    staff = save_with_history(
        Staff(
            user=user,
            employee_no=employee_no,
            name=name,
            unit=unit,
            title=title,
            is_leader=is_leader,
        ),
        actor=actor,
    )
    if skills:
        staff.skills.set(skills)
    staff_set_roles(actor=actor, staff=staff, roles=roles, reason="account created")
    return staff


def staff_lock(*, staff_ids: Iterable[int]) -> None:
    """Lock these people's rows until the caller's transaction ends.

    Other apps serialise their own per-person work with it (two swaps of one person, two
    renewals of one feed token). Locks are taken in pk order, so two callers locking
    overlapping sets cannot deadlock. Must run inside the caller's transaction.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("staff_lock outside a transaction would release the locks at once")
    list(
        Staff.objects.select_for_update()
        .filter(pk__in=list(staff_ids))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def staff_set_roles(
    *, actor, staff: Staff, roles: list[str] | tuple[str, ...], reason: str = ""
) -> None:
    """Make the cadre's roles exactly `roles`, each grant and revocation logged with who
    and why (kernel.accounts.roles_set: roles above cadre are an administrator's)."""
    _require_manager_of(actor, staff.unit)
    roles_set(actor=actor, user=staff.user, roles=roles, reason=reason)


@transaction.atomic
def window_create(
    *, actor, unit: OrgUnit, number: str, name: str, is_full_service: bool = False
) -> Window:
    _require_manager_of(actor, unit)
    return save_with_history(
        Window(unit=unit, number=number, name=name, is_full_service=is_full_service), actor=actor
    )


@transaction.atomic
def post_create(
    *,
    actor,
    unit: OrgUnit,
    name: str,
    window: Window | None = None,
    duties: str = "",
    is_critical: bool = False,
    required_skills: list[Skill] | tuple[Skill, ...] = (),
) -> Post:
    _require_manager_of(actor, unit)
    post_check_window(unit=unit, window=window)
    post = save_with_history(
        Post(unit=unit, name=name, window=window, duties=duties, is_critical=is_critical),
        actor=actor,
    )
    if required_skills:
        post.required_skills.set(required_skills)
    return post


def _overlapping_pairings(post: Post, valid_from: date, valid_to: date | None, exclude_pk=None):
    overlapping = PostPairing.objects.filter(post=post).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from)
    )
    if valid_to is not None:
        overlapping = overlapping.filter(valid_from__lte=valid_to)
    if exclude_pk is not None:
        overlapping = overlapping.exclude(pk=exclude_pk)
    return overlapping


@transaction.atomic
def pairing_create(
    *,
    actor,
    post: Post,
    a_holder: Staff,
    b_holder: Staff,
    valid_from: date,
    valid_to: date | None = None,
    note: str = "",
    reason: str = "",
) -> PostPairing:
    """Pair an A and a B holder on a post for a period.

    Guarantees: A differs from B, both are active staff of the post's unit tree, and no
    other pairing of the post is in force on any day of the period (checked here for a
    clear message, enforced by the database against races).
    """
    _require_manager_of(actor, post.unit)
    # Lock the post so two managers pairing it at once are serialised.
    Post.objects.select_for_update().filter(pk=post.pk).first()
    errors: dict[str, ValidationError] = {}
    if not post.is_active:
        errors["post"] = invalid(
            StaffError.POST_INACTIVE,
            _("The post %(post)s is no longer active.") % {"post": post.name},
        )
    if a_holder.pk == b_holder.pk:
        errors["b_holder"] = invalid(
            StaffError.SAME_HOLDER, _("The B holder must be someone other than the A holder.")
        )
    for field, holder in (("a_holder", a_holder), ("b_holder", b_holder)):
        if not holder.is_active:
            errors.setdefault(
                field,
                invalid(
                    StaffError.STAFF_INACTIVE,
                    _("%(name)s is not active.") % {"name": holder.name},
                ),
            )
        elif not holder.unit.path.startswith(post.unit.path) and not post.unit.path.startswith(
            holder.unit.path
        ):
            errors.setdefault(
                field,
                invalid(
                    StaffError.HOLDER_OUTSIDE_UNIT,
                    _("%(name)s does not belong to this post's unit.") % {"name": holder.name},
                ),
            )
    if valid_to is not None and valid_to < valid_from:
        errors["valid_to"] = invalid(
            StaffError.PAIRING_END_BEFORE_START,
            _("The end date must not be before the start date."),
        )
    if errors:
        raise ValidationError(errors)
    clash = _overlapping_pairings(post, valid_from, valid_to).first()
    if clash is not None:
        raise invalid(
            StaffError.PAIRING_OVERLAPS,
            _("Post %(post)s already has a pairing in force from %(start)s; end it first.")
            % {"post": post.name, "start": clash.valid_from},
            field="valid_from",
        )
    pairing = PostPairing(
        post=post,
        a_holder=a_holder,
        b_holder=b_holder,
        valid_from=valid_from,
        valid_to=valid_to,
        note=note,
    )
    try:
        with transaction.atomic():
            return save_with_history(pairing, actor=actor, reason=reason)
    except IntegrityError as exc:
        raise invalid(
            StaffError.PAIRING_OVERLAPS,
            _("Another pairing of this post is in force in that period."),
            field="valid_from",
        ) from exc


@transaction.atomic
def pairing_end(*, actor, pairing: PostPairing, last_day: date, reason: str = "") -> PostPairing:
    """End a pairing after `last_day` (a new pairing may start the day after)."""
    _require_manager_of(actor, pairing.post.unit)
    if last_day < pairing.valid_from:
        raise invalid(
            StaffError.PAIRING_END_BEFORE_START,
            _("The end date must not be before the start date."),
            field="valid_to",
        )
    if pairing.valid_to is not None and last_day > pairing.valid_to:
        raise invalid(
            StaffError.PAIRING_ALREADY_ENDS,
            _("The pairing already ends on %(day)s.") % {"day": pairing.valid_to},
            field="valid_to",
        )
    pairing.valid_to = last_day
    return save_with_history(pairing, actor=actor, reason=reason)


# The order of the tree, top first.
UNIT_KIND_RANK = {
    OrgUnit.Kind.BUREAU: 0,
    OrgUnit.Kind.BRANCH: 1,
    OrgUnit.Kind.HALL: 2,
    OrgUnit.Kind.SECTION: 3,
}


def org_unit_check_parent(*, unit: OrgUnit | None, kind: str, parent: OrgUnit | None) -> None:
    """Raise ValidationError unless `parent` may hold `unit` (None: a unit being created).

    Only a bureau is a root, a bureau has no parent, each unit sits below a unit of a higher
    kind (bureau → branch → hall → section; a level may be skipped, as a hall directly under
    its bureau), and a unit never moves below itself.
    """
    if kind == OrgUnit.Kind.BUREAU and parent is not None:
        raise invalid(
            StaffError.BUREAU_HAS_NO_PARENT,
            _("A bureau is the top of the tree: it has no parent."),
            field="parent",
        )
    if kind != OrgUnit.Kind.BUREAU and parent is None:
        raise invalid(
            StaffError.PARENT_REQUIRED,
            _("Every unit except a bureau needs a parent unit."),
            field="parent",
        )
    if unit is not None and unit.pk is not None and parent is not None:
        current_path = OrgUnit.objects.filter(pk=unit.pk).values_list("path", flat=True).first()
        if current_path and parent.path.startswith(current_path):
            raise invalid(
                StaffError.PARENT_BELOW_ITSELF,
                _("A unit cannot be placed below itself or one of its own units."),
                field="parent",
            )
    if parent is not None and UNIT_KIND_RANK[kind] <= UNIT_KIND_RANK[parent.kind]:
        raise invalid(
            StaffError.PARENT_KIND_ORDER,
            _("A %(kind)s cannot be placed under a %(parent_kind)s.")
            % {
                "kind": OrgUnit.Kind(kind).label,
                "parent_kind": OrgUnit.Kind(parent.kind).label,
            },
            field="parent",
        )
    if unit is not None and unit.pk is not None:
        child_kinds = set(unit.children.values_list("kind", flat=True))
        if any(UNIT_KIND_RANK[child] <= UNIT_KIND_RANK[kind] for child in child_kinds):
            raise invalid(
                StaffError.CHILD_KIND_ORDER,
                _("Units below this one would no longer be of a lower kind."),
                field="kind",
            )


@transaction.atomic
def org_unit_update(
    *,
    actor,
    unit: OrgUnit,
    code: str = UNCHANGED,
    name: str = UNCHANGED,
    kind: str = UNCHANGED,
    parent: OrgUnit | None = UNCHANGED,
    reason: str = "",
) -> OrgUnit:
    """Change a unit; a new code or parent rewrites the path of the unit and everything below.

    The actor must manage the unit (and the new parent, when it moves).
    """
    stored = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    if stored.parent_id is None:
        if actor is not None and not getattr(actor, "is_superuser", False):
            raise PermissionDenied(_("Only an administrator may change a bureau."))
    else:
        _require_manager_of(actor, stored)
    for field, value in (("code", code), ("name", name), ("kind", kind), ("parent", parent)):
        if value is not UNCHANGED:
            setattr(unit, field, value)
    if unit.parent_id != stored.parent_id and unit.parent is not None:
        _require_manager_of(actor, unit.parent)
    org_unit_check_parent(unit=unit, kind=unit.kind, parent=unit.parent)
    old_path = stored.path
    unit.path = f"{unit.parent.path if unit.parent else ''}{unit.code}/"
    save_with_history(unit, actor=actor, reason=reason)
    if unit.path != old_path:
        # Each descendant is saved one by one (not queryset.update) so its history
        # records the move as well.
        descendants = OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk)
        for child in descendants.order_by("path"):
            child.path = unit.path + child.path[len(old_path) :]
            save_with_history(child, actor=actor, reason=reason)
    return unit


def _pairings_in_force_from(day: date) -> Q:
    return Q(valid_to__isnull=True) | Q(valid_to__gte=day)


@transaction.atomic
def staff_update(
    *,
    actor,
    staff: Staff,
    employee_no: str = UNCHANGED,
    name: str = UNCHANGED,
    unit: OrgUnit = UNCHANGED,
    title: str = UNCHANGED,
    skills: list[Skill] | tuple[Skill, ...] = UNCHANGED,
    is_leader: bool = UNCHANGED,
    is_active: bool = UNCHANGED,
    reason: str = "",
) -> Staff:
    """Change a cadre's record; the actor manages the current unit and any new one.

    Guarantees: a cadre still holding an AB pairing today or later is neither deactivated
    nor moved out of the post's unit tree (end or hand over the pairing first), so no post
    silently loses its holder.
    """
    stored = Staff.objects.select_related("unit").get(pk=staff.pk)
    _require_manager_of(actor, stored.unit)
    if unit is not UNCHANGED and unit.pk != stored.unit_id:
        _require_manager_of(actor, unit)
    for field, value in (
        ("employee_no", employee_no),
        ("name", name),
        ("unit", unit),
        ("title", title),
        ("is_leader", is_leader),
        ("is_active", is_active),
    ):
        if value is not UNCHANGED:
            setattr(staff, field, value)
    held = PostPairing.objects.filter(
        _pairings_in_force_from(timezone.localdate()),
        Q(a_holder=staff) | Q(b_holder=staff),
    ).select_related("post__unit")
    if stored.is_active and not staff.is_active:
        posts = sorted({pairing.post.name for pairing in held})
        if posts:
            raise invalid(
                StaffError.STAFF_HOLDS_POSTS,
                _(
                    "%(name)s still holds these posts: %(posts)s. End or hand over those "
                    "pairings first."
                )
                % {"name": stored.name, "posts": ", ".join(posts)},
                field="is_active",
            )
    if staff.unit_id != stored.unit_id:
        new_path = staff.unit.path
        posts = sorted(
            {
                pairing.post.name
                for pairing in held
                if not new_path.startswith(pairing.post.unit.path)
                and not pairing.post.unit.path.startswith(new_path)
            }
        )
        if posts:
            raise invalid(
                StaffError.STAFF_POSTS_OUTSIDE_UNIT,
                _(
                    "%(name)s holds posts outside the new unit: %(posts)s. End or hand "
                    "over those pairings first."
                )
                % {"name": stored.name, "posts": ", ".join(posts)},
                field="unit",
            )
    if name is not UNCHANGED and staff.user.first_name != name[:150]:
        staff.user.first_name = name[:150]
        staff.user.save(update_fields=["first_name"])
    if is_active is not UNCHANGED and staff.user.is_active != is_active:
        # A deactivated cadre no longer logs in, and their API tokens stop working.
        staff.user.is_active = is_active
        staff.user.save(update_fields=["is_active"])
        if not is_active:
            api_tokens_revoke_all(user=staff.user, reason="account deactivated")
    save_with_history(staff, actor=actor, reason=reason)
    if skills is not UNCHANGED:
        staff.skills.set(skills)
    return staff


@transaction.atomic
def window_update(
    *,
    actor,
    window: Window,
    number: str = UNCHANGED,
    name: str = UNCHANGED,
    is_full_service: bool = UNCHANGED,
    is_active: bool = UNCHANGED,
    reason: str = "",
) -> Window:
    """Change a window of a unit the actor manages (a window never changes unit)."""
    _require_manager_of(actor, window.unit)
    for field, value in (
        ("number", number),
        ("name", name),
        ("is_full_service", is_full_service),
        ("is_active", is_active),
    ):
        if value is not UNCHANGED:
            setattr(window, field, value)
    return save_with_history(window, actor=actor, reason=reason)


def post_check_window(*, unit: OrgUnit, window: Window | None) -> None:
    """Raise ValidationError unless `window` (if any) belongs to `unit`."""
    if window is not None and window.unit_id != unit.pk:
        raise invalid(
            StaffError.WINDOW_OF_OTHER_UNIT,
            _("The window belongs to another unit."),
            field="window",
        )


@transaction.atomic
def post_update(
    *,
    actor,
    post: Post,
    name: str = UNCHANGED,
    window: Window | None = UNCHANGED,
    duties: str = UNCHANGED,
    is_critical: bool = UNCHANGED,
    is_active: bool = UNCHANGED,
    required_skills: list[Skill] | tuple[Skill, ...] = UNCHANGED,
    reason: str = "",
) -> Post:
    """Change a post of a unit the actor manages (a post never changes unit: its pairings,
    targets and history belong to that unit).

    `required_skills` are the skills whoever acts at the post must have (an acting holder
    for a gap is chosen among people with all of them); the change is in the post's
    history with the same who and why.

    Guarantees: a post with a pairing in force today or later is not deactivated.
    """
    _require_manager_of(actor, post.unit)
    was_active = Post.objects.filter(pk=post.pk).values_list("is_active", flat=True).get()
    for field, value in (
        ("name", name),
        ("window", window),
        ("duties", duties),
        ("is_critical", is_critical),
        ("is_active", is_active),
    ):
        if value is not UNCHANGED:
            setattr(post, field, value)
    post_check_window(unit=post.unit, window=post.window)
    if was_active and not post.is_active:
        in_force = post.pairings.filter(_pairings_in_force_from(timezone.localdate())).exists()
        if in_force:
            raise invalid(
                StaffError.POST_HAS_PAIRING,
                _("The post still has an AB pairing in force; end it before closing the post."),
                field="is_active",
            )
    save_with_history(post, actor=actor, reason=reason)
    if required_skills is not UNCHANGED:
        # The history's "~" rows of the m2m change carry the actor and reason set above.
        post.required_skills.set(required_skills)
    return post
