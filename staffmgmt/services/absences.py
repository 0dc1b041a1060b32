"""Leave: requesting, approving (with the AB-coverage warning), rejecting and cancelling.

Other apps take part through the extension points in `staffmgmt.extensions`:
`absence_approved` (after an approval commits: the roster app flags duties on leave) and
`absence_request_validators` (rules on every request: the roster app's compensatory-time
balance), since staffmgmt knows nothing of duties.
"""

from datetime import date, timedelta
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from kernel.decisions import require_separate_decider
from kernel.errors import ConfirmationRequired, invalid
from kernel.history import save_with_history
from staffmgmt.errors import AbsenceError, StaffError
from staffmgmt.extensions import (
    absence_approval_warnings,
    absence_approved,
    absence_request_validators,
)
from staffmgmt.models import Absence, PostPairing, Staff
from staffmgmt.selectors.absences import ACTIVE_STATUSES
from staffmgmt.selectors.calendar import CALENDAR_FIRST_DAY, CALENDAR_LAST_DAY
from staffmgmt.selectors.coverage import Gap, gaps_if_absence_approved_unscoped
from staffmgmt.selectors.decisions import deciders_for_unit_unscoped
from staffmgmt.selectors.leave import (
    absence_day_counts,
    leave_balance_unscoped,
    leave_max_future_days,
    leave_max_past_days,
    leave_rule,
)
from staffmgmt.selectors.org import can_manage_unit
from staffmgmt.services.org import staff_lock

__all__ = [
    "MAX_ABSENCE_DAYS",
    "absence_approve",
    "absence_cancel",
    "absence_reject",
    "absence_request",
    "absence_warnings",
    "approval_warnings_message",
    "gaps_warning_message",
]

# Longer absences (secondment, long illness) are managed as staff changes, not leave.
MAX_ABSENCE_DAYS = 366


def _half_index(day: date, half: str) -> int:
    """Half days as consecutive integers, so overlap is an interval comparison."""
    return day.toordinal() * 2 + (0 if half == "am" else 1)


def _is_self(actor, staff: Staff) -> bool:
    return actor is not None and staff.user_id == actor.pk


def _require_approver(actor, absence: Absence) -> None:
    if actor is None or not can_manage_unit(user=actor, unit=absence.staff.unit):
        raise PermissionDenied(
            _("You do not manage the unit of %(name)s.") % {"name": absence.staff.name}
        )
    # Nobody decides their own leave, one they asked for, or through an account the
    # absentee or the requester created (ADR 0005); the message names who can.
    require_separate_decider(
        actor=actor,
        about=[absence.staff],
        requested_by=absence.requested_by,
        deciders=lambda: deciders_for_unit_unscoped(
            unit=absence.staff.unit, excluding=[absence.staff, absence.requested_by_id]
        ),
    )


def _lock(absence: Absence) -> Absence:
    """Re-read the absence under a row lock: the decision is taken on its current state."""
    return (
        Absence.objects.select_for_update(of=("self",))
        .select_related("staff", "staff__unit")
        .get(pk=absence.pk)
    )


def _check_in_calendar(start_date: date, end_date: date) -> None:
    for field, day in (("start_date", start_date), ("end_date", end_date)):
        if not CALENDAR_FIRST_DAY <= day <= CALENDAR_LAST_DAY:
            raise invalid(
                AbsenceError.OUTSIDE_CALENDAR,
                _("The work calendar covers %(first)s to %(last)s: choose a day within it.")
                % {"first": CALENDAR_FIRST_DAY.isoformat(), "last": CALENDAR_LAST_DAY.isoformat()},
                field=field,
            )


def _check_period(kind: str, start_date: date, end_date: date) -> None:
    """Dates a leave request may have: in the calendar, not too far back or ahead, not
    longer than the kind allows (and never longer than MAX_ABSENCE_DAYS)."""
    _check_in_calendar(start_date, end_date)
    today = timezone.localdate()
    past, future = leave_max_past_days(), leave_max_future_days()
    if past is not None and start_date < today - timedelta(days=past):
        raise invalid(
            AbsenceError.TOO_FAR_BACK,
            _("A leave may start at most %(days)d days ago; ask HR to record older absences.")
            % {"days": past},
            field="start_date",
        )
    if future is not None and end_date > today + timedelta(days=future):
        raise invalid(
            AbsenceError.TOO_FAR_AHEAD,
            _("A leave may be requested at most %(days)d days ahead.") % {"days": future},
            field="end_date",
        )
    longest = min(leave_rule(kind=kind).max_days, MAX_ABSENCE_DAYS)
    if (end_date - start_date).days + 1 > longest:
        raise invalid(
            AbsenceError.TOO_LONG,
            ngettext(
                "%(kind)s may last at most %(days)d day per request.",
                "%(kind)s may last at most %(days)d days per request.",
                longest,
            )
            % {"kind": Absence.Kind(kind).label, "days": longest},
            field="end_date",
        )


def _check_balance(staff, kind, start_date, counted, *, include_requested, exclude_pk=None):
    balance = leave_balance_unscoped(
        staff=staff, kind=kind, year=start_date.year, exclude_pk=exclude_pk
    )
    if balance is None or balance.entitled is None:
        return
    available = balance.entitled - balance.taken
    if include_requested:
        available -= balance.requested
    if counted > available:
        raise invalid(
            AbsenceError.BALANCE_EXCEEDED,
            _("%(kind)s left in %(year)d: %(left)s %(unit)s; this leave takes %(days)s.")
            % {
                "kind": balance.label,
                "year": balance.year,
                "left": _number(max(available, 0)),
                "unit": balance.counting_label,
                "days": _number(counted),
            },
            field="kind",
        )


def _number(value) -> str:
    """0.5 as "0.5", 3.0 as "3"."""
    return formats.number_format(value.normalize() if value == value.to_integral() else value)


@transaction.atomic
def absence_request(
    *,
    actor,
    staff: Staff,
    kind: str,
    start_date: date,
    end_date: date,
    start_half: str = "am",
    end_half: str = "pm",
    reason: str = "",
) -> Absence:
    """Request leave for `staff`: a cadre for themselves, a manager for staff of their units.

    Guarantees: the period is well formed (ends after it starts, half days valid, at most
    MAX_ABSENCE_DAYS and the kind's own limit), within the work calendar, not further back
    than LEAVE_MAX_PAST_DAYS nor ahead than LEAVE_MAX_FUTURE_DAYS, within the kind's
    yearly balance (counting what is requested already), the person is active and has no
    other requested or approved absence on any of the same half days, and every registered
    `absence_request_validators` rule accepts it (e.g. enough compensatory time).
    `actor=None` is the system (seed data): the request is then recorded as made by the
    absentee.
    """
    if (
        actor is not None
        and not _is_self(actor, staff)
        and not can_manage_unit(user=actor, unit=staff.unit)
    ):
        raise PermissionDenied(_("You may only request leave for yourself."))
    errors: dict[str, ValidationError] = {}
    if kind not in Absence.Kind.values:
        errors["kind"] = invalid(
            StaffError.ABSENCE_KIND_INVALID, _("Choose a valid kind of leave.")
        )
    if start_half not in Absence.StartHalf.values:
        errors["start_half"] = invalid(StaffError.HALF_INVALID, _("Choose the morning or noon."))
    if end_half not in Absence.EndHalf.values:
        errors["end_half"] = invalid(StaffError.HALF_INVALID, _("Choose noon or the evening."))
    if not staff.is_active:
        errors["staff"] = invalid(
            StaffError.STAFF_INACTIVE, _("%(name)s is not active.") % {"name": staff.name}
        )
    if errors:
        raise ValidationError(errors)
    if end_date < start_date:
        raise invalid(
            StaffError.ABSENCE_END_BEFORE_START,
            _("The last day must not be before the first day."),
            field="end_date",
        )
    if end_date == start_date and start_half == "pm" and end_half == "am":
        raise invalid(
            StaffError.ABSENCE_HALVES_ORDER,
            _("A leave starting at noon must end in the evening of the same day."),
            field="end_half",
        )
    _check_period(kind, start_date, end_date)

    # Serialise requests of one person so two overlapping ones cannot both pass the check.
    staff_lock(staff_ids=[staff.pk])
    start, end = _half_index(start_date, start_half), _half_index(end_date, end_half)
    for other in Absence.objects.filter(
        staff=staff,
        status__in=ACTIVE_STATUSES,
        start_date__lte=end_date,
        end_date__gte=start_date,
    ):
        if _half_index(other.start_date, other.start_half) <= end and start <= _half_index(
            other.end_date, other.end_half
        ):
            raise invalid(
                StaffError.ABSENCE_OVERLAPS,
                _("%(name)s already has %(kind)s (%(status)s) from %(start)s to %(end)s.")
                % {
                    "name": staff.name,
                    "kind": other.get_kind_display(),
                    "status": other.get_status_display(),
                    "start": other.start_date,
                    "end": other.end_date,
                },
                field="start_date",
            )

    absence_request_validators.call(staff, kind, start_date, start_half, end_date, end_half)
    working, counted = absence_day_counts(
        kind=kind,
        start_date=start_date,
        start_half=start_half,
        end_date=end_date,
        end_half=end_half,
    )
    _check_balance(staff, kind, start_date, counted, include_requested=True)

    absence = Absence(
        staff=staff,
        kind=kind,
        start_date=start_date,
        start_half=start_half,
        end_date=end_date,
        end_half=end_half,
        reason=reason.strip(),
        requested_by=actor if actor is not None else staff.user,
        working_days=working,
        counted_days=counted,
    )
    return save_with_history(absence, actor=actor, reason="leave requested")


def gaps_warning_message(gaps: list[Gap]) -> str:
    """'Approving … would leave nobody at: Post X on 2026-03-02 Mon (morning); …', dates as
    the gap lists show them, so one warning has one date format."""
    items = pgettext("clause separator", "; ").join(
        _("%(post)s on %(date)s (%(halves)s)")
        % {
            "post": gap.post.name,
            "date": formats.date_format(gap.date, "Y-m-d D"),
            "halves": gap.halves_label,
        }
        for gap in gaps
    )
    return _("Approving this leave would leave nobody at: %(items)s.") % {"items": items}


def absence_warnings(absences) -> dict[int, list[dict]]:
    """What other apps have to say about approving each absence (by pk), e.g. the duties
    of the person in the period; one call of each provider for the whole list."""
    absences = list(absences)
    warnings: dict[int, list[dict]] = {absence.pk: [] for absence in absences}
    if not absences:
        return warnings
    for provided in absence_approval_warnings.call(absences):
        for pk, items in (provided or {}).items():
            if pk in warnings:
                warnings[pk].extend(items)
    return warnings


def approval_warnings_message(gaps: list[Gap], others: list[dict]) -> str:
    """The gap sentence and then each other warning's own sentence."""
    parts = [gaps_warning_message(gaps)] if gaps else []
    parts.extend(str(warning["message"]) for warning in others)
    return " ".join(parts)


@transaction.atomic
def absence_approve(
    *, actor, absence: Absence, confirm_gaps: bool = False, note: str = ""
) -> Absence:
    """Approve a requested absence.

    Guarantees: the actor manages the absentee's unit and is apart from the decision (not
    the absentee nor the requester nor an account either created: kernel.decisions); the
    period lies within the work calendar and the kind's yearly balance (approved leave
    counted) holds; if the absence would leave a post with neither A nor B on a working half
    day (a gap it causes, not one that exists anyway), or an `absence_approval_warnings`
    provider warns (e.g. the person has duties then), nothing is written and
    ConfirmationRequired names the posts, days and duties, unless `confirm_gaps`; then the
    absence is approved (gaps_confirmed when there were gaps). The days it takes are counted
    again from the calendar as it is now. The absentee and their AB partners are locked
    first, so two approvals that together uncover a post are serialised and the second one
    sees the first.
    """
    absence = _lock(absence)
    _require_approver(actor, absence)
    if absence.status != Absence.Status.REQUESTED:
        raise invalid(
            StaffError.ABSENCE_NOT_REQUESTED,
            _("Only a requested leave can be approved; this one is %(status)s.")
            % {"status": absence.get_status_display()},
            field="status",
        )
    # Requests stored before these checks existed may lie outside the calendar.
    _check_in_calendar(absence.start_date, absence.end_date)
    absence.working_days, absence.counted_days = absence_day_counts(
        kind=absence.kind,
        start_date=absence.start_date,
        start_half=absence.start_half,
        end_date=absence.end_date,
        end_half=absence.end_half,
    )
    _check_balance(
        absence.staff,
        absence.kind,
        absence.start_date,
        absence.counted_days,
        include_requested=False,
        exclude_pk=absence.pk,
    )
    partner_ids = set()
    for a_id, b_id in (
        PostPairing.objects.filter(Q(a_holder=absence.staff) | Q(b_holder=absence.staff))
        .filter(valid_from__lte=absence.end_date)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=absence.start_date))
        .values_list("a_holder_id", "b_holder_id")
    ):
        partner_ids |= {a_id, b_id}
    # staff_lock takes them in pk order, so concurrent approvals cannot deadlock.
    staff_lock(staff_ids={absence.staff_id, *partner_ids})

    gaps = gaps_if_absence_approved_unscoped(absence=absence)
    others = absence_warnings([absence])[absence.pk]
    if (gaps or others) and not confirm_gaps:
        raise ConfirmationRequired(
            approval_warnings_message(gaps, others),
            code="coverage_gaps" if gaps else str(others[0].get("code", "approval_warnings")),
            warnings=[gap.as_warning() for gap in gaps] + [_plain(w) for w in others],
        )
    absence.status = Absence.Status.APPROVED
    absence.decided_by = actor
    absence.decided_at = timezone.now()
    absence.decision_note = note.strip()
    absence.gaps_confirmed = bool(gaps)
    save_with_history(
        absence,
        actor=actor,
        reason="leave approved despite coverage gaps" if gaps else "leave approved",
    )
    transaction.on_commit(partial(absence_approved.call, absence))
    return absence


def _plain(warning: dict) -> dict:
    """A warning as JSON can carry it (messages may be lazy translations)."""
    return {
        key: str(value) if isinstance(value, Promise) else value for key, value in warning.items()
    }


@transaction.atomic
def absence_reject(*, actor, absence: Absence, note: str) -> Absence:
    """Reject a requested absence; the note (why) is required and kept with the record.

    The same separation of duties as `absence_approve`: never the absentee's own decision.
    """
    absence = _lock(absence)
    _require_approver(actor, absence)
    if not (note or "").strip():
        raise invalid(
            StaffError.ABSENCE_NOTE_REQUIRED, _("Say why the leave is rejected."), field="note"
        )
    if absence.status != Absence.Status.REQUESTED:
        raise invalid(
            StaffError.ABSENCE_NOT_REQUESTED,
            _("Only a requested leave can be rejected; this one is %(status)s.")
            % {"status": absence.get_status_display()},
            field="status",
        )
    absence.status = Absence.Status.REJECTED
    absence.decided_by = actor
    absence.decided_at = timezone.now()
    absence.decision_note = note.strip()
    return save_with_history(absence, actor=actor, reason="leave rejected")


@transaction.atomic
def absence_cancel(*, actor, absence: Absence, reason: str = "") -> Absence:
    """Withdraw a request, or call off an approved absence that has not ended yet.

    Allowed for the absentee, whoever requested it, and managers of the absentee's unit.
    The reason is kept in the record's history.
    """
    absence = _lock(absence)
    own = actor is not None and (
        _is_self(actor, absence.staff) or absence.requested_by_id == actor.pk
    )
    if not own and (actor is None or not can_manage_unit(user=actor, unit=absence.staff.unit)):
        raise PermissionDenied(_("You may not cancel this leave."))
    if absence.status == Absence.Status.APPROVED:
        if absence.end_date < timezone.localdate():
            raise invalid(
                StaffError.ABSENCE_ENDED,
                _("This leave has already ended; it cannot be cancelled."),
                field="status",
            )
    elif absence.status != Absence.Status.REQUESTED:
        raise invalid(
            StaffError.ABSENCE_NOT_CANCELLABLE,
            _("This leave is already %(status)s.") % {"status": absence.get_status_display()},
            field="status",
        )
    absence.status = Absence.Status.CANCELLED
    return save_with_history(absence, actor=actor, reason=reason.strip() or "leave cancelled")
