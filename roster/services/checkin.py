"""Checking in for a duty on its day; arriving after the report time is recorded as late.

The report time is the duty's start minus `report_minutes_before` (15 minutes by default),
in the hall's time zone (Asia/Shanghai). Lateness is kept as a flag and whole minutes (a
started minute counts), for the integrity file and assessment to read later.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from kernel.errors import invalid
from kernel.history import save_with_history
from roster.domain import report_datetime
from roster.errors import RosterError
from roster.models import CheckIn, DutyAssignment, Roster
from staffmgmt import selectors as staff_selectors
from staffmgmt.extensions import LATE_CHECKIN, ConductEvent, conduct_event_report

__all__ = ["checkin_record", "checkin_window"]

# Someone a little early may check in; the report time is what counts for lateness.
DEFAULT_EARLY_MINUTES = 30
# After this long past the start the duty is missed, not late (and never after its end).
DEFAULT_LATE_LIMIT_MINUTES = 30


def checkin_window(assignment: DutyAssignment) -> tuple[datetime, datetime]:
    """(opens, closes) of check-in for a duty: from CHECKIN_EARLY_MINUTES before the report
    time to CHECKIN_LATE_LIMIT_MINUTES after the start, and at the latest the duty's end."""
    early = getattr(settings, "CHECKIN_EARLY_MINUTES", DEFAULT_EARLY_MINUTES)
    limit = getattr(settings, "CHECKIN_LATE_LIMIT_MINUTES", DEFAULT_LATE_LIMIT_MINUTES)
    tz = timezone.get_default_timezone()
    start = timezone.make_aware(
        datetime.combine(assignment.date, assignment.duty_type.start_time), tz
    )
    end = timezone.make_aware(datetime.combine(assignment.date, assignment.duty_type.end_time), tz)
    opens = report_datetime(assignment) - timedelta(minutes=early)
    return opens, min(start + timedelta(minutes=limit), end)


@transaction.atomic
def checkin_record(*, actor, assignment: DutyAssignment, at: datetime | None = None) -> CheckIn:
    """Record that the person on duty has arrived.

    Guarantees: only the person on the duty, only for a published duty, only on the duty's
    own day (local date) within `checkin_window` (a check-in after it is refused: the duty
    is missed, as `checkin_summary_unscoped` counts it), only once (a second check-in is an
    error, also under a race).
    Late when `at` is after the report time; `minutes_late` counts started minutes. A late
    check-in is reported as a conduct event once it commits (integrity files propose a
    draft record of it for an officer to confirm or dismiss).
    """
    at = at or timezone.now()
    assignment = DutyAssignment.objects.select_related("duty_type", "roster", "staff").get(
        pk=assignment.pk
    )
    me = staff_selectors.staff_for_user(user=actor) if actor is not None else None
    if me is None or me.pk != assignment.staff_id:
        raise PermissionDenied(_("Only the person on duty may check in for it."))
    if assignment.roster.status != Roster.Status.PUBLISHED:
        raise invalid(
            RosterError.DUTY_NOT_PUBLISHED, _("This duty is not published."), field="assignment"
        )
    local_day = timezone.localtime(at).date()
    if local_day != assignment.date:
        raise invalid(
            RosterError.CHECKIN_WRONG_DAY,
            _("Check in on the day of the duty (%(date)s), not on %(today)s.")
            % {
                "date": formats.date_format(assignment.date, "DATE_FORMAT"),
                "today": formats.date_format(local_day, "DATE_FORMAT"),
            },
            field="assignment",
        )
    if CheckIn.objects.filter(assignment=assignment).exists():
        raise invalid(
            RosterError.ALREADY_CHECKED_IN,
            _("You have already checked in for this duty."),
            field="assignment",
        )
    opens, closes = checkin_window(assignment)
    if at < opens:
        raise invalid(
            RosterError.CHECKIN_NOT_OPEN,
            _("Check-in opens at %(time)s.")
            % {"time": timezone.localtime(opens).strftime("%H:%M")},
            field="assignment",
        )
    if at > closes:
        raise invalid(
            RosterError.CHECKIN_CLOSED,
            _("Check-in closed at %(time)s: the duty counts as missed; tell your manager.")
            % {"time": timezone.localtime(closes).strftime("%H:%M")},
            field="assignment",
        )
    due = report_datetime(assignment)
    late_by = (at - due).total_seconds()
    checkin = CheckIn(
        assignment=assignment,
        checked_in_at=at,
        is_late=late_by > 0,
        minutes_late=math.ceil(late_by / 60) if late_by > 0 else 0,
    )
    try:
        with transaction.atomic():
            save_with_history(checkin, actor=actor, reason="checked in")
    except IntegrityError as error:
        raise invalid(
            RosterError.ALREADY_CHECKED_IN,
            _("You have already checked in for this duty."),
            field="assignment",
        ) from error
    if checkin.is_late:
        _report_late(checkin, assignment)
    return checkin


def _report_late(checkin: CheckIn, assignment: DutyAssignment) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        description = _(
            "Checked in %(minutes)s minutes late for %(duty)s on %(date)s (at %(time)s)."
        ) % {
            "minutes": checkin.minutes_late,
            "duty": assignment.duty_type.name,
            "date": assignment.date.isoformat(),
            "time": timezone.localtime(checkin.checked_in_at).strftime("%H:%M"),
        }
    conduct_event_report(
        ConductEvent(
            staff=assignment.staff,
            kind=LATE_CHECKIN,
            occurred_on=assignment.date,
            source_ref=f"roster.checkin:{checkin.pk}",
            description=description,
        )
    )
