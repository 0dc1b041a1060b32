"""Org units, staff, windows, posts and AB pairings: the write use cases."""

from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from config.history import save_with_history
from staffmgmt.models import OrgUnit, Post, PostPairing, Skill, Staff, Window
from staffmgmt.roles import Role
from staffmgmt.selectors.org import can_manage_unit

__all__ = [
    "org_unit_create",
    "pairing_create",
    "pairing_end",
    "post_create",
    "skill_get_or_create",
    "staff_create",
    "staff_set_roles",
    "window_create",
]


def _require_manager_of(actor, unit: OrgUnit) -> None:
    if actor is not None and not can_manage_unit(actor, unit):
        raise PermissionDenied(_("You do not manage the unit %(unit)s.") % {"unit": unit})


@transaction.atomic
def org_unit_create(
    *, actor, code: str, name: str, kind: str, parent: OrgUnit | None = None
) -> OrgUnit:
    """Create a unit below `parent` (a bureau has none); its path follows from the parent."""
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
    """Create a cadre with a user account and role groups; both or neither are saved."""
    _require_manager_of(actor, unit)
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": _("This username is already taken.")})
    user = User(username=username, first_name=name[:150])
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    staff = save_with_history(
        Staff(user=user, employee_no=employee_no, name=name, unit=unit, title=title,
              is_leader=is_leader),
        actor=actor,
    )
    if skills:
        staff.skills.set(skills)
    staff_set_roles(actor=actor, staff=staff, roles=roles)
    return staff


@transaction.atomic
def staff_set_roles(*, actor, staff: Staff, roles: list[str] | tuple[str, ...]) -> None:
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValidationError({"roles": _("Unknown roles: %(roles)s") % {"roles": ", ".join(unknown)}})
    groups = [Group.objects.get_or_create(name=role)[0] for role in roles]
    staff.user.groups.set(groups)


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
) -> Post:
    _require_manager_of(actor, unit)
    if window is not None and window.unit_id != unit.pk:
        raise ValidationError({"window": _("The window belongs to another unit.")})
    return save_with_history(
        Post(unit=unit, name=name, window=window, duties=duties, is_critical=is_critical),
        actor=actor,
    )


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
    errors: dict[str, str] = {}
    if a_holder.pk == b_holder.pk:
        errors["b_holder"] = _("The B holder must be someone other than the A holder.")
    for field, holder in (("a_holder", a_holder), ("b_holder", b_holder)):
        if not holder.is_active:
            errors.setdefault(field, _("%(name)s is not active.") % {"name": holder.name})
        elif not holder.unit.path.startswith(post.unit.path) and not post.unit.path.startswith(
            holder.unit.path
        ):
            errors.setdefault(
                field, _("%(name)s does not belong to this post's unit.") % {"name": holder.name}
            )
    if valid_to is not None and valid_to < valid_from:
        errors["valid_to"] = _("The end date must not be before the start date.")
    if errors:
        raise ValidationError(errors)
    clash = _overlapping_pairings(post, valid_from, valid_to).first()
    if clash is not None:
        raise ValidationError(
            {"valid_from": _(
                "Post %(post)s already has a pairing in force from %(start)s; end it first."
            ) % {"post": post.name, "start": clash.valid_from}}
        )
    pairing = PostPairing(post=post, a_holder=a_holder, b_holder=b_holder,
                          valid_from=valid_from, valid_to=valid_to, note=note)
    try:
        with transaction.atomic():
            return save_with_history(pairing, actor=actor, reason=reason)
    except IntegrityError as exc:
        raise ValidationError(
            {"valid_from": _("Another pairing of this post is in force in that period.")}
        ) from exc


@transaction.atomic
def pairing_end(*, actor, pairing: PostPairing, last_day: date, reason: str = "") -> PostPairing:
    """End a pairing after `last_day` (a new pairing may start the day after)."""
    _require_manager_of(actor, pairing.post.unit)
    if last_day < pairing.valid_from:
        raise ValidationError({"valid_to": _("The end date must not be before the start date.")})
    if pairing.valid_to is not None and last_day > pairing.valid_to:
        raise ValidationError({"valid_to": _("The pairing already ends on %(day)s.") % {
            "day": pairing.valid_to}})
    pairing.valid_to = last_day
    return save_with_history(pairing, actor=actor, reason=reason)
