"""Duty preferences: days a cadre would rather not be on duty, days and weekdays they would like.

They are wishes, not rules: `roster_generate` passes them to the solver, which keeps avoided
days free and gives preferred days only where the hard rules and fairness allow. So that
"avoid" cannot turn into a veto on duty, a person may mark at most
`MAX_AVOID_DAYS_PER_MONTH` days a month.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kernel.errors import invalid
from kernel.history import attribute_change, save_with_history
from roster.errors import RosterError
from roster.models import DutyPreference, DutyWeekdayPreference
from staffmgmt import selectors as staff_selectors
from staffmgmt import services as staff_services
from staffmgmt.models import Staff

__all__ = [
    "MAX_AVOID_DAYS_PER_MONTH",
    "duty_preference_remove",
    "duty_preference_set",
    "duty_weekdays_set",
    "require_may_state_preferences",
]

MAX_AVOID_DAYS_PER_MONTH = 10


def require_may_state_preferences(actor, staff: Staff) -> None:
    """The cadre for themselves, or a manager of their unit; `actor=None` is the system."""
    if actor is None:
        return
    own = staff_selectors.staff_for_user(user=actor)
    if own is not None and own.pk == staff.pk:
        return
    if not staff_selectors.can_manage_unit(user=actor, unit=staff.unit):
        raise PermissionDenied(_("You may only state duty preferences for yourself."))


def _month_bounds(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    next_month = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, next_month


@transaction.atomic
def duty_preference_set(
    *, actor, staff: Staff, day: date, kind: str, note: str = ""
) -> DutyPreference:
    """Record that `staff` would rather not be (`avoid`) or would like to be (`prefer`) on
    duty on `day`, replacing any wish they stated for that day.

    Guarantees: the actor is the person or manages their unit; the day is today or later;
    at most MAX_AVOID_DAYS_PER_MONTH avoided days per person per calendar month (checked
    with the person's row locked, so two requests at once cannot both pass the cap).
    """
    require_may_state_preferences(actor, staff)
    errors: dict[str, ValidationError] = {}
    if kind not in DutyPreference.Kind.values:
        errors["kind"] = invalid(
            RosterError.PREFERENCE_KIND_INVALID,
            _("Choose whether you would rather not or would like to be on duty."),
        )
    if day is None:
        errors["date"] = invalid(RosterError.DATE_REQUIRED, _("Enter a day."))
    elif day < timezone.localdate():
        errors["date"] = invalid(
            RosterError.DATE_PASSED,
            _("%(date)s has passed; state wishes for days to come.")
            % {"date": formats.date_format(day, "DATE_FORMAT")},
        )
    if errors:
        raise ValidationError(errors)

    # Serialises concurrent wishes of one person, so the monthly cap holds under races.
    staff_services.staff_lock(staff_ids=[staff.pk])
    preference = DutyPreference.objects.filter(staff=staff, date=day).first()
    if kind == DutyPreference.Kind.AVOID:
        first, next_month = _month_bounds(day)
        avoided = (
            DutyPreference.objects.filter(
                staff=staff,
                kind=DutyPreference.Kind.AVOID,
                date__gte=first,
                date__lt=next_month,
            )
            .exclude(date=day)
            .count()
        )
        if avoided >= MAX_AVOID_DAYS_PER_MONTH:
            raise invalid(
                RosterError.AVOID_LIMIT_REACHED,
                _(
                    "At most %(max)d days a month can be marked to avoid, and %(month)s "
                    "already has %(count)d: these are wishes the roster keeps where it "
                    "can, not a veto on duty. Remove one first."
                )
                % {
                    "max": MAX_AVOID_DAYS_PER_MONTH,
                    "count": avoided,
                    "month": formats.date_format(day, "YEAR_MONTH_FORMAT"),
                },
                field="date",
            )
    if preference is None:
        preference = DutyPreference(staff=staff, date=day)
    preference.kind = kind
    preference.note = (note or "").strip()
    return save_with_history(preference, actor=actor, reason="duty preference stated")


@transaction.atomic
def duty_preference_remove(*, actor, preference: DutyPreference) -> None:
    """Withdraw a wish. Guarantees: the actor is the person or manages their unit."""
    staff = staff_selectors.staff_by_ids_unscoped(ids=[preference.staff_id]).get()
    require_may_state_preferences(actor, staff)
    attribute_change(preference, actor=actor, reason="duty preference withdrawn")
    preference.delete()


@transaction.atomic
def duty_weekdays_set(*, actor, staff: Staff, weekdays: Iterable[int]) -> frozenset[int]:
    """Make `weekdays` (Monday = 0) exactly the weekdays `staff` would like duties on.

    Guarantees: the actor is the person or manages their unit; every weekday is 0-6; the
    weekdays no longer wanted are removed and the new ones added, each change in history.
    """
    require_may_state_preferences(actor, staff)
    try:
        wanted = frozenset(int(w) for w in weekdays)
    except (TypeError, ValueError):
        wanted = frozenset({-1})
    if any(not 0 <= w <= 6 for w in wanted):
        raise invalid(
            RosterError.WEEKDAY_INVALID,
            _("Weekdays are numbered 0 (Monday) to 6 (Sunday)."),
            field="weekdays",
        )
    existing = {row.weekday: row for row in DutyWeekdayPreference.objects.filter(staff=staff)}
    for weekday, row in existing.items():
        if weekday not in wanted:
            attribute_change(row, actor=actor, reason="preferred weekdays changed")
            row.delete()
    for weekday in sorted(wanted - set(existing)):
        save_with_history(
            DutyWeekdayPreference(staff=staff, weekday=weekday),
            actor=actor,
            reason="preferred weekdays changed",
        )
    return wanted
