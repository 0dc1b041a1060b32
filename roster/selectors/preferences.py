"""Reads of duty preferences: a cadre's own wishes, their units' for managers, and the
unscoped bulk reads roster generation feeds to the solver."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import DateField, Q, QuerySet, Value
from django.http import Http404

from roster.models import DutyPreference, DutyWeekdayPreference
from staffmgmt import selectors as staff_selectors
from staffmgmt.models import OrgUnit, Staff

__all__ = [
    "StatedPreferences",
    "duty_preference_get_for_user",
    "duty_preference_list",
    "duty_preference_list_of_staff_unscoped",
    "duty_preference_people_count",
    "duty_preferences_by_staff_unscoped",
    "duty_weekdays_of_staff_unscoped",
]


@dataclass
class StatedPreferences:
    """What one person wished for a range: avoided days, preferred days and weekdays."""

    avoid: set[date] = field(default_factory=set)
    prefer: set[date] = field(default_factory=set)
    weekdays: set[int] = field(default_factory=set)


def duty_preferences_by_staff_unscoped(
    *, staff_ids: Iterable[int], start: date, end: date
) -> dict[int, StatedPreferences]:
    """Person id -> their wishes with dates in [start, end] and their preferred weekdays, in
    one query however many people (the weekday rows come along through a UNION).

    UNSCOPED: for `roster_generate`, which has checked the actor manages the unit.
    """
    ids = list(staff_ids)
    by_day = (
        DutyPreference.objects.filter(staff_id__in=ids, date__range=(start, end))
        .order_by()
        .values_list("staff_id", "kind", "date", "pk")
    )
    # Weekday rows padded to the same shape: kind "weekday", the weekday in the pk column.
    weekdays = (
        DutyWeekdayPreference.objects.filter(staff_id__in=ids)
        .order_by()
        .annotate(kind=Value("weekday"), day=Value(None, output_field=DateField()))
        .values_list("staff_id", "kind", "day", "weekday")
    )
    found: dict[int, StatedPreferences] = defaultdict(StatedPreferences)
    for staff_id, kind, day, number in by_day.union(weekdays, all=True):
        stated = found[staff_id]
        if kind == "weekday":
            stated.weekdays.add(number)
        elif kind == DutyPreference.Kind.AVOID:
            stated.avoid.add(_as_date(day))
        else:
            stated.prefer.add(_as_date(day))
    return dict(found)


def _as_date(value) -> date:
    # SQLite hands a UNION's date column back as text: the union loses the field's converter.
    return date.fromisoformat(value) if isinstance(value, str) else value


def duty_preference_list(*, user) -> QuerySet[DutyPreference]:
    """The wishes a user may see and withdraw: their own, and for managers those of the
    people of the units they manage; person (and unit) loaded."""
    if not user or not user.is_authenticated:
        return DutyPreference.objects.none()
    own = staff_selectors.staff_for_user(user=user)
    visible = Q(staff__unit__in=staff_selectors.managed_org_unit_list(user=user).values("pk"))
    if own is not None:
        visible |= Q(staff=own)
    return (
        DutyPreference.objects.filter(visible)
        .select_related("staff__unit")
        .order_by("date", "staff__name")
    )


def duty_preference_get_for_user(*, user, pk: int) -> DutyPreference:
    found = duty_preference_list(user=user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def duty_preference_list_of_staff_unscoped(
    *, staff: Staff | None, from_day: date
) -> QuerySet[DutyPreference]:
    """A cadre's own wishes from `from_day` on, soonest first (the page lists them)."""
    if staff is None:
        return DutyPreference.objects.none()
    return DutyPreference.objects.filter(staff=staff, date__gte=from_day).order_by("date")


def duty_weekdays_of_staff_unscoped(*, staff: Staff | None) -> set[int]:
    """The weekdays (Monday = 0) `staff` would like duties on."""
    if staff is None:
        return set()
    return set(DutyWeekdayPreference.objects.filter(staff=staff).values_list("weekday", flat=True))


def duty_preference_people_count(
    *, user, start: date, end: date, unit: OrgUnit | None = None
) -> int:
    """How many active people of the units `user` manages (only those at and below `unit`,
    when given) stated a wish for a day in [start, end] or a preferred weekday: one query.
    """
    units = staff_selectors.managed_org_unit_list(user=user)
    if unit is not None:
        units = units.filter(
            pk__in=staff_selectors.org_unit_subtree_unscoped(unit=unit).values("pk")
        )
    return (
        staff_selectors.staff_of_units_unscoped(units=units)
        .filter(
            Q(duty_preferences__date__range=(start, end))
            | Q(duty_weekday_preferences__isnull=False)
        )
        .values("pk")
        .distinct()
        .count()
    )
