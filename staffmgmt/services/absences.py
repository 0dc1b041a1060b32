"""Leave: requesting, approving (with the AB-coverage warning), rejecting and cancelling.

Other apps take part through the extension points in `staffmgmt.extensions`:
`absence_approved` (after an approval commits: the roster app flags duties on leave) and
`absence_request_validators` (rules on every request: the roster app's compensatory-time
balance), since staffmgmt knows nothing of duties.
"""

from datetime import date
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kernel.decisions import require_separate_decider
from kernel.errors import ConfirmationRequired, invalid
from kernel.history import save_with_history
from staffmgmt.errors import StaffError
from staffmgmt.extensions import absence_approved, absence_request_validators
from staffmgmt.models import Absence, PostPairing, Staff
from staffmgmt.selectors.absences import ACTIVE_STATUSES
from staffmgmt.selectors.coverage import Gap, gaps_if_absence_approved_unscoped
from staffmgmt.selectors.decisions import deciders_for_unit_unscoped
from staffmgmt.selectors.org import can_manage_unit
from staffmgmt.services.org import staff_lock

__all__ = [
    "MAX_ABSENCE_DAYS",
    "absence_approve",
    "absence_cancel",
    "absence_reject",
    "absence_request",
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
    MAX_ABSENCE_DAYS), the person is active and has no other requested or approved
    absence on any of the same half days, and every registered
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
    if (end_date - start_date).days + 1 > MAX_ABSENCE_DAYS:
        raise invalid(
            StaffError.ABSENCE_TOO_LONG,
            _("A leave may last at most %(days)d days.") % {"days": MAX_ABSENCE_DAYS},
            field="end_date",
        )

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

    absence = Absence(
        staff=staff,
        kind=kind,
        start_date=start_date,
        start_half=start_half,
        end_date=end_date,
        end_half=end_half,
        reason=reason.strip(),
        requested_by=actor if actor is not None else staff.user,
    )
    return save_with_history(absence, actor=actor, reason="leave requested")


def gaps_warning_message(gaps: list[Gap]) -> str:
    """'Approving … would leave nobody at: Post X on 2 Mar 2026 (morning); …'."""
    items = "; ".join(
        _("%(post)s on %(date)s (%(halves)s)")
        % {
            "post": gap.post.name,
            "date": formats.date_format(gap.date, "DATE_FORMAT"),
            "halves": gap.halves_label,
        }
        for gap in gaps
    )
    return _("Approving this leave would leave nobody at: %(items)s.") % {"items": items}


@transaction.atomic
def absence_approve(
    *, actor, absence: Absence, confirm_gaps: bool = False, note: str = ""
) -> Absence:
    """Approve a requested absence.

    Guarantees: the actor manages the absentee's unit and is apart from the decision (not
    the absentee nor the requester nor an account either created: kernel.decisions); if the
    absence would leave a post with neither A nor B on a working half day (a gap it causes,
    not one that exists anyway), nothing is written and ConfirmationRequired names the posts
    and days, unless `confirm_gaps`; then the absence is approved with gaps_confirmed.
    The absentee and their AB partners are locked first, so two approvals that together
    uncover a post are serialised and the second one sees the first.
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
    if gaps and not confirm_gaps:
        raise ConfirmationRequired(
            gaps_warning_message(gaps),
            code="coverage_gaps",
            warnings=[gap.as_warning() for gap in gaps],
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
