"""The work calendar's write use cases: a bureau's overrides of single days."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from kernel.errors import invalid
from kernel.history import attribute_change, save_with_history
from staffmgmt.errors import CalendarError, StaffError
from staffmgmt.models import CalendarOverride, CalendarYear
from staffmgmt.selectors.calendar import (
    CALENDAR_FIRST_DAY,
    CALENDAR_LAST_DAY,
    PROVISIONAL_CACHE_KEY,
    can_override_calendar,
)

__all__ = [
    "calendar_override_remove",
    "calendar_override_set",
    "calendar_year_confirm",
    "calendar_year_reopen",
]


def _require_calendar_editor(actor) -> None:
    # actor None is the system itself (management commands, data loading), as in org.
    if actor is not None and not can_override_calendar(user=actor):
        raise PermissionDenied(_("You may not change the work calendar."))


def _check_day(day: date) -> None:
    if not CALENDAR_FIRST_DAY <= day <= CALENDAR_LAST_DAY:
        raise invalid(
            StaffError.OUTSIDE_CALENDAR,
            _("The calendar covers %(first)s to %(last)s.")
            % {"first": CALENDAR_FIRST_DAY, "last": CALENDAR_LAST_DAY},
            field="date",
        )


@transaction.atomic
def calendar_override_set(
    *, actor, day: date, kind: str, name: str = "", note: str = ""
) -> CalendarOverride:
    """Set the bureau's word on `day` (create or replace), over the default calendar.

    Guarantees: only calendar editors may do it; the kind is a valid DayKind; history
    records who changed the day, with `note` as the reason. The holiday periods around
    the day follow on the next read (they are computed, not stored).
    """
    _require_calendar_editor(actor)
    _check_day(day)
    # Lock the row (if any) so two editors changing one day are serialised.
    override = CalendarOverride.objects.select_for_update().filter(date=day).first()
    if override is None:
        override = CalendarOverride(date=day)
    override.kind = kind
    override.name = (name or "").strip()
    override.note = (note or "").strip()
    return save_with_history(override, actor=actor, reason=override.note)


@transaction.atomic
def calendar_override_remove(*, actor, day: date, reason: str = "") -> None:
    """Drop the override of `day`: the default calendar applies again; history keeps it."""
    _require_calendar_editor(actor)
    override = CalendarOverride.objects.select_for_update().filter(date=day).first()
    if override is None:
        raise invalid(
            StaffError.NO_OVERRIDE,
            _("There is no override for %(day)s.") % {"day": day},
            field="date",
        )
    attribute_change(override, actor=actor, reason=reason)
    override.delete()


def _check_year(year: int) -> None:
    if not CALENDAR_FIRST_DAY.year <= year <= CALENDAR_LAST_DAY.year:
        raise invalid(
            CalendarError.YEAR_OUTSIDE_CALENDAR,
            _("The calendar covers %(first)d to %(last)d.")
            % {"first": CALENDAR_FIRST_DAY.year, "last": CALENDAR_LAST_DAY.year},
            field="year",
        )


def _forget_confirmed_years() -> None:
    from django.core.cache import cache

    # Now for this request, and again after commit: a page read in between may have cached
    # the old answer.
    cache.delete(PROVISIONAL_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(PROVISIONAL_CACHE_KEY))


@transaction.atomic
def calendar_year_confirm(*, actor, year: int, note: str = "") -> CalendarYear:
    """Confirm that `year`'s calendar (defaults and overrides) matches the published
    schedule: the year stops being provisional. Calendar editors only; in history."""
    from django.utils import timezone

    _require_calendar_editor(actor)
    _check_year(year)
    record = CalendarYear.objects.select_for_update().filter(year=year).first()
    if record is None:
        record = CalendarYear(year=year)
    elif record.confirmed:
        raise invalid(
            CalendarError.YEAR_ALREADY,
            _("The %(year)d calendar is confirmed already.") % {"year": year},
            field="year",
        )
    record.confirmed = True
    record.confirmed_by = actor
    record.confirmed_at = timezone.now()
    record.note = (note or "").strip()
    save_with_history(record, actor=actor, reason=record.note or "calendar year confirmed")
    _forget_confirmed_years()
    return record


@transaction.atomic
def calendar_year_reopen(*, actor, year: int, reason: str = "") -> CalendarYear:
    """Mark a confirmed year provisional again (e.g. the schedule was amended)."""
    _require_calendar_editor(actor)
    record = CalendarYear.objects.select_for_update().filter(year=year, confirmed=True).first()
    if record is None:
        raise invalid(
            CalendarError.YEAR_ALREADY,
            _("The %(year)d calendar is provisional already.") % {"year": year},
            field="year",
        )
    record.confirmed = False
    record.confirmed_at = None
    record.confirmed_by = None
    save_with_history(record, actor=actor, reason=(reason or "").strip() or "calendar reopened")
    _forget_confirmed_years()
    return record
