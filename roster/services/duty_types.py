"""Duty types: what a unit staffs (noon, holiday, weekend duty), when, and with whom."""

from datetime import time
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kernel.errors import invalid
from kernel.history import save_with_history
from roster.errors import RosterError
from roster.models import DutyType, DutyTypeSkill
from staffmgmt import selectors as staff_selectors
from staffmgmt.models import OrgUnit, Skill

__all__ = [
    "DUTY_TYPE_EDITABLE_FIELDS",
    "duty_type_create",
    "duty_type_delete",
    "duty_type_update",
    "require_manager_of",
]

_UNSET = object()

# What `duty_type_update` may change; the unit is fixed once the type exists.
DUTY_TYPE_EDITABLE_FIELDS = (
    "kind",
    "name",
    "start_time",
    "end_time",
    "report_minutes_before",
    "headcount",
    "leader_on_call",
    "comp_days_per_duty",
    "min_gap_days",
    "is_active",
)


def require_manager_of(actor, unit: OrgUnit) -> None:
    """`actor=None` is the system (seed data, tests); anyone else must manage the unit."""
    if actor is not None and not staff_selectors.can_manage_unit(user=actor, unit=unit):
        raise PermissionDenied(_("You do not manage the unit %(unit)s.") % {"unit": unit})


def _set_required_skills(
    duty_type: DutyType, required_skills: dict[Skill, int], *, actor, reason: str
) -> None:
    errors: list[ValidationError] = []
    for skill, count in required_skills.items():
        if int(count) < 1:
            errors.append(
                invalid(
                    RosterError.SKILL_COUNT_TOO_LOW,
                    _("At least one person with %(skill)s is needed, or leave the skill out.")
                    % {"skill": skill},
                )
            )
        elif int(count) > duty_type.headcount:
            errors.append(
                invalid(
                    RosterError.SKILL_COUNT_OVER_HEADCOUNT,
                    ngettext(
                        "%(count)d people with %(skill)s cannot fit in %(headcount)d person per day.",  # noqa: E501
                        "%(count)d people with %(skill)s cannot fit in %(headcount)d people per day.",  # noqa: E501
                        duty_type.headcount,
                    )
                    % {"count": count, "skill": skill, "headcount": duty_type.headcount},
                )
            )
    if errors:
        raise ValidationError({"required_skills": errors})
    existing = {r.skill_id: r for r in duty_type.required_skills.all()}
    wanted = {skill.pk: int(count) for skill, count in required_skills.items()}
    for skill_id, row in existing.items():
        if skill_id not in wanted:
            row._history_user = actor if getattr(actor, "is_authenticated", False) else None
            row._change_reason = reason
            row.delete()
    for skill_id, count in wanted.items():
        row = existing.get(skill_id) or DutyTypeSkill(duty_type=duty_type, skill_id=skill_id)
        if row.pk is None or row.min_count != count:
            row.min_count = count
            save_with_history(row, actor=actor, reason=reason)


@transaction.atomic
def duty_type_create(
    *,
    actor,
    unit: OrgUnit,
    kind: str,
    name: str,
    headcount: int = 1,
    start_time: time | None = None,
    end_time: time | None = None,
    report_minutes_before: int = 15,
    leader_on_call: bool = False,
    comp_days_per_duty: Decimal | None = None,
    min_gap_days: int = 3,
    is_active: bool = True,
    required_skills: dict[Skill, int] | None = None,
) -> DutyType:
    """Define a duty of `unit`. Hours default by kind (noon 12:00-14:00, holiday 09:00-17:00);
    holiday duty earns one compensatory day per duty unless told otherwise.

    Guarantees: the actor manages the unit; the name is unique in the unit; the duty ends
    after it starts; each required skill fits in the head-count.
    """
    require_manager_of(actor, unit)
    if kind not in DutyType.Kind.values:
        raise invalid(
            RosterError.DUTY_TYPE_KIND_INVALID,
            _("Choose noon, holiday or weekend duty."),
            field="kind",
        )
    default_start, default_end = DutyType.DEFAULT_HOURS[DutyType.Kind(kind)]
    if comp_days_per_duty is None:
        comp_days_per_duty = Decimal("1") if kind == DutyType.Kind.HOLIDAY else Decimal("0")
    duty_type = DutyType(
        unit=unit,
        kind=kind,
        name=(name or "").strip(),
        headcount=headcount,
        start_time=start_time or default_start,
        end_time=end_time or default_end,
        report_minutes_before=report_minutes_before,
        leader_on_call=leader_on_call,
        comp_days_per_duty=comp_days_per_duty,
        min_gap_days=min_gap_days,
        is_active=is_active,
    )
    save_with_history(duty_type, actor=actor, reason="duty type created")
    _set_required_skills(duty_type, required_skills or {}, actor=actor, reason="duty type created")
    return duty_type


@transaction.atomic
def duty_type_update(
    *,
    actor,
    duty_type: DutyType,
    required_skills: dict[Skill, int] | None = None,
    reason: str = "",
    **changes,
) -> DutyType:
    """Change the fields named in `changes` (and the required skills, when given).

    Rosters already generated keep their assignments; the change applies to the next
    generation and to the rules checked on hand edits. The unit is fixed: `unit` may be
    given (a form sends every field) but must be the duty type's own.
    """
    require_manager_of(actor, duty_type.unit)
    if "unit" in changes:
        unit = changes.pop("unit")
        if getattr(unit, "pk", unit) != duty_type.unit_id:
            raise invalid(
                RosterError.DUTY_TYPE_UNIT_FIXED,
                _("A duty type cannot move to another unit."),
                field="unit",
            )
    unknown = set(changes) - set(DUTY_TYPE_EDITABLE_FIELDS)
    if unknown:
        raise invalid(
            RosterError.FIELDS_NOT_EDITABLE,
            _("These fields cannot be changed: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))},
            field="__all__",
        )
    duty_type = DutyType.objects.select_for_update().get(pk=duty_type.pk)
    for field, value in changes.items():
        if field == "name":
            value = (value or "").strip()
        setattr(duty_type, field, value)
    save_with_history(duty_type, actor=actor, reason=reason or "duty type changed")
    if required_skills is not None:
        _set_required_skills(
            duty_type, required_skills, actor=actor, reason=reason or "required skills changed"
        )
    else:
        # A lower head-count must still hold the skills already required.
        _set_required_skills(
            duty_type,
            {r.skill: r.min_count for r in duty_type.required_skills.select_related("skill")},
            actor=actor,
            reason=reason or "duty type changed",
        )
    return duty_type


@transaction.atomic
def duty_type_delete(*, actor, duty_type: DutyType) -> None:
    """Delete a duty type never rostered; one with rosters can only be deactivated."""
    require_manager_of(actor, duty_type.unit)
    if duty_type.rosters.exists():
        raise invalid(
            RosterError.DUTY_TYPE_HAS_ROSTERS,
            _("%(name)s has rosters; deactivate it instead of deleting it.")
            % {"name": duty_type.name},
        )
    duty_type._history_user = actor if getattr(actor, "is_authenticated", False) else None
    duty_type.delete()
