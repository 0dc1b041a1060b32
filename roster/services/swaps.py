"""Duty swaps: a cadre asks a colleague, the colleague accepts or declines, the manager decides.

A swap either exchanges two duties (the colleague's `counterpart_assignment` goes to the
requester) or hands one duty over. Approval re-checks the hard rules on the state the swap
would leave behind (nobody on leave on duty, the day's skills and head-count kept, one duty
per person per day, no holiday duty on two consecutive days) and then moves the duties in
one transaction. Races are closed by the database: one open swap per duty (partial unique
constraint) and one duty per person per day; approval locks the swap, the people and the
duties first, so a second approval waits and then sees the first.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kernel.decisions import require_separate_decider
from kernel.errors import NON_FIELD, invalid
from kernel.history import save_with_history
from roster.domain import duty_halves, required_skill_codes, staff_skill_codes
from roster.errors import RosterError
from roster.models import DutyAssignment, DutyNotification, DutyType, Roster, SwapRequest
from roster.services.assignments import duty_notify
from roster.services.duty_types import require_manager_of
from staffmgmt import selectors as staff_selectors
from staffmgmt import services as staff_services
from staffmgmt.models import Staff

__all__ = [
    "swap_accept",
    "swap_approve",
    "swap_cancel",
    "swap_decline",
    "swap_reject",
    "swap_request",
    "swap_rule_breaks",
]


def _day(value: date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _actor_staff(actor) -> Staff | None:
    return staff_selectors.staff_for_user(user=actor) if actor is not None else None


def _already_open() -> ValidationError:
    return invalid(
        RosterError.SWAP_ALREADY_OPEN,
        _("This duty already has an open swap request."),
        field="assignment",
    )


def _open_swap_exists(assignment: DutyAssignment) -> bool:
    return SwapRequest.objects.filter(
        Q(assignment=assignment) | Q(counterpart_assignment=assignment),
        status__in=SwapRequest.OPEN_STATUSES,
    ).exists()


def _require_future_published(assignment: DutyAssignment, field: str) -> None:
    if assignment.roster.status != Roster.Status.PUBLISHED:
        raise invalid(
            RosterError.SWAP_NOT_PUBLISHED,
            _("Only a duty of a published roster can be swapped."),
            field=field,
        )
    if assignment.date <= timezone.localdate():
        raise invalid(
            RosterError.SWAP_DUTY_PAST,
            _("Only a future duty can be swapped; %(date)s has come.")
            % {"date": _day(assignment.date)},
            field=field,
        )


def _notify(swap: SwapRequest, recipients: list[Staff], status_label: str) -> None:
    params = {
        "duty": swap.assignment.duty_type.name,
        "date": swap.assignment.date.isoformat(),
        "status": status_label,
        "swap": swap.pk,
    }
    for person in recipients:
        duty_notify(
            recipient=person,
            kind=DutyNotification.Kind.SWAP,
            assignment=swap.assignment,
            params=params,
        )


@transaction.atomic
def swap_request(
    *,
    actor,
    assignment: DutyAssignment,
    counterpart: Staff,
    counterpart_assignment: DutyAssignment | None = None,
    reason: str = "",
) -> SwapRequest:
    """Ask `counterpart` to take `assignment` (and give `counterpart_assignment` in exchange).

    Guarantees: the actor is the person on the duty; the duty is published and in the future;
    the colleague is another active person of the roster's unit or a unit below it (a hall
    duty may go to anyone of the hall's sections); an exchanged duty is the colleague's own,
    published, future, on another day and of a roster the requester belongs to; the duty
    has no other open swap (a concurrent second request fails cleanly on the database
    constraint); and no hard rule would break were it approved now (`swap_rule_breaks`:
    leave, skills, one duty a day), so nobody is asked about a swap that cannot happen.
    """
    assignment = DutyAssignment.objects.select_related(
        "roster__unit", "duty_type", "staff__unit"
    ).get(pk=assignment.pk)
    me = _actor_staff(actor)
    if me is None or me.pk != assignment.staff_id:
        raise PermissionDenied(_("Only the person on duty may ask for a swap."))
    _require_future_published(assignment, "assignment")
    errors: dict[str, ValidationError] = {}
    if counterpart.pk == assignment.staff_id:
        errors["counterpart"] = invalid(
            RosterError.SWAP_WITH_SELF, _("Choose a colleague, not yourself.")
        )
    elif not staff_selectors.staff_in_unit(staff=counterpart, unit=assignment.roster.unit):
        errors["counterpart"] = invalid(
            RosterError.STAFF_NOT_IN_UNIT,
            _("%(name)s is not in the unit of %(duty)s.")
            % {
                "name": counterpart.name,
                "duty": assignment.duty_type.name,
            },
        )
    elif not counterpart.is_active:
        errors["counterpart"] = invalid(
            RosterError.STAFF_INACTIVE, _("%(name)s is not active.") % {"name": counterpart.name}
        )
    if errors:
        raise ValidationError(errors)
    if counterpart_assignment is not None:
        counterpart_assignment = DutyAssignment.objects.select_related(
            "roster__unit", "duty_type"
        ).get(pk=counterpart_assignment.pk)
        if counterpart_assignment.staff_id != counterpart.pk:
            raise invalid(
                RosterError.SWAP_DUTY_NOT_COUNTERPARTS,
                _("That duty is not %(name)s's.") % {"name": counterpart.name},
                field="counterpart_assignment",
            )
        _require_future_published(counterpart_assignment, "counterpart_assignment")
        if not staff_selectors.staff_in_unit(
            staff=assignment.staff, unit=counterpart_assignment.roster.unit
        ):
            raise invalid(
                RosterError.STAFF_NOT_IN_UNIT,
                _("%(name)s is not in the unit of %(duty)s.")
                % {"name": assignment.staff.name, "duty": counterpart_assignment.duty_type.name},
                field="counterpart_assignment",
            )
        if counterpart_assignment.date == assignment.date:
            raise invalid(
                RosterError.SWAP_SAME_DAY,
                _("Both duties are on the same day; choose another."),
                field="counterpart_assignment",
            )
        if _open_swap_exists(counterpart_assignment):
            raise invalid(
                RosterError.SWAP_ALREADY_OPEN,
                _("That duty already has an open swap request."),
                field="counterpart_assignment",
            )
    if _open_swap_exists(assignment):
        raise _already_open()
    # The same rules the manager's approval checks, now: a swap that cannot be approved
    # (leave, skills, one duty a day) is refused before the colleague is asked.
    moves = [(assignment, counterpart)]
    if counterpart_assignment is not None:
        moves.append((counterpart_assignment, assignment.staff))
    breaks = swap_rule_breaks(moves)
    if breaks:
        raise ValidationError(
            {"counterpart": [invalid(RosterError.SWAP_BREAKS_RULE, b) for b in breaks]}
        )
    swap = SwapRequest(
        assignment=assignment,
        requester=assignment.staff,
        counterpart=counterpart,
        counterpart_assignment=counterpart_assignment,
        reason=(reason or "").strip(),
    )
    try:
        # A savepoint: a concurrent request that won the race leaves this one a clean error.
        with transaction.atomic():
            save_with_history(swap, actor=actor, reason="swap requested")
    except IntegrityError as error:
        raise _already_open() from error
    except ValidationError:
        # full_clean checks the constraint too; name the rule instead of its technical name.
        if SwapRequest.objects.filter(
            assignment=assignment, status__in=SwapRequest.OPEN_STATUSES
        ).exists():
            raise _already_open() from None
        raise
    _notify(swap, [counterpart], str(SwapRequest.Status.REQUESTED.label))
    return swap


def _lock_swap(swap: SwapRequest) -> SwapRequest:
    return (
        SwapRequest.objects.select_for_update(of=("self",))
        .select_related(
            "assignment",
            "assignment__roster",
            "assignment__roster__unit",
            "assignment__duty_type",
            "requester",
            "counterpart",
            "counterpart_assignment",
        )
        .get(pk=swap.pk)
    )


def _require_status(swap: SwapRequest, allowed: tuple, verb: str) -> None:
    if swap.status not in allowed:
        raise invalid(
            RosterError.SWAP_STATUS,
            _("This swap request is %(status)s; it cannot be %(verb)s.")
            % {"status": swap.get_status_display(), "verb": verb},
            field="status",
        )


def _require_apart_from(actor, swap: SwapRequest) -> None:
    """Neither person of the swap, nor an account either created, decides it (ADR 0005)."""
    require_separate_decider(
        actor=actor,
        about=[swap.requester, swap.counterpart],
        requested_by=swap.requester,
        deciders=lambda: staff_selectors.deciders_for_unit_unscoped(
            unit=swap.assignment.roster.unit, excluding=[swap.requester, swap.counterpart]
        ),
    )


@transaction.atomic
def swap_accept(*, actor, swap: SwapRequest) -> SwapRequest:
    """The colleague agrees; the swap then waits for the manager."""
    swap = _lock_swap(swap)
    me = _actor_staff(actor)
    if me is None or me.pk != swap.counterpart_id:
        raise PermissionDenied(_("Only the colleague asked may answer this swap request."))
    _require_status(swap, (SwapRequest.Status.REQUESTED,), _("accepted"))
    swap.status = SwapRequest.Status.ACCEPTED
    swap.responded_at = timezone.now()
    save_with_history(swap, actor=actor, reason="swap accepted by colleague")
    recipients = {swap.requester_id: swap.requester}
    for manager in staff_selectors.managers_of_unit_unscoped(unit=swap.assignment.roster.unit):
        recipients.setdefault(manager.pk, manager)
    _notify(swap, list(recipients.values()), str(SwapRequest.Status.ACCEPTED.label))
    return swap


@transaction.atomic
def swap_decline(*, actor, swap: SwapRequest, note: str = "") -> SwapRequest:
    """The colleague says no; the request is closed."""
    swap = _lock_swap(swap)
    me = _actor_staff(actor)
    if me is None or me.pk != swap.counterpart_id:
        raise PermissionDenied(_("Only the colleague asked may answer this swap request."))
    _require_status(swap, (SwapRequest.Status.REQUESTED,), _("declined"))
    swap.status = SwapRequest.Status.DECLINED
    swap.responded_at = timezone.now()
    swap.decision_note = (note or "").strip()
    save_with_history(swap, actor=actor, reason="swap declined by colleague")
    _notify(swap, [swap.requester], str(SwapRequest.Status.DECLINED.label))
    return swap


@transaction.atomic
def swap_cancel(*, actor, swap: SwapRequest) -> SwapRequest:
    """The requester withdraws an open request."""
    swap = _lock_swap(swap)
    me = _actor_staff(actor)
    if me is None or me.pk != swap.requester_id:
        raise PermissionDenied(_("Only the person who asked may cancel this swap request."))
    _require_status(swap, SwapRequest.OPEN_STATUSES, _("cancelled"))
    swap.status = SwapRequest.Status.CANCELLED
    save_with_history(swap, actor=actor, reason="swap cancelled by requester")
    _notify(swap, [swap.counterpart], str(SwapRequest.Status.CANCELLED.label))
    return swap


@transaction.atomic
def swap_reject(*, actor, swap: SwapRequest, note: str) -> SwapRequest:
    """The manager says no (a reason is required and kept); never one of the two people
    of the swap (kernel.decisions)."""
    swap = _lock_swap(swap)
    require_manager_of(actor, swap.assignment.roster.unit)
    _require_apart_from(actor, swap)
    if not (note or "").strip():
        raise invalid(RosterError.NOTE_REQUIRED, _("Say why the swap is rejected."), field="note")
    _require_status(swap, SwapRequest.OPEN_STATUSES, _("rejected"))
    swap.status = SwapRequest.Status.REJECTED
    swap.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    swap.decided_at = timezone.now()
    swap.decision_note = note.strip()
    save_with_history(swap, actor=actor, reason="swap rejected")
    _notify(swap, [swap.requester, swap.counterpart], str(SwapRequest.Status.REJECTED.label))
    return swap


def swap_rule_breaks(moves: list[tuple[DutyAssignment, Staff]]) -> list[str]:
    """The hard rules broken if each assignment in `moves` went to its new person.

    Judged on the state after all moves, so an exchange of two duties is not blamed for
    the duty that leaves. Only reads; a few queries per move (at most two moves).
    """
    breaks: list[str] = []
    for assignment, person in moves:
        values = {
            "name": person.name,
            "date": _day(assignment.date),
            "duty": assignment.duty_type.name,
        }
        breaks += _person_breaks(assignment, person, moves, values)
        breaks += _team_breaks(assignment, person, moves, values)
        if _consecutive_holiday_duty(assignment, person, moves):
            breaks.append(_("%(name)s would have holiday duty on two consecutive days.") % values)
    return breaks


def _person_breaks(assignment, person, moves, values) -> list[str]:
    """What the move breaks for the person taking the duty: a duty come, not active, not of
    the unit, another duty that day, on leave."""
    day = assignment.date
    moving = [a.pk for a, _person in moves]
    breaks = []
    if day <= timezone.localdate():
        breaks.append(_("%(duty)s on %(date)s has come; it can no longer be swapped.") % values)
    if not person.is_active:
        breaks.append(_("%(name)s is not active.") % values)
    if not staff_selectors.staff_in_unit(staff=person, unit=assignment.roster.unit):
        breaks.append(_("%(name)s is not in the unit of %(duty)s.") % values)
    if DutyAssignment.objects.filter(staff=person, date=day).exclude(pk__in=moving).exists():
        breaks.append(
            _("%(name)s already has a duty on %(date)s; nobody serves twice on one day.") % values
        )
    taken = staff_selectors.absent_halves_unscoped(staff_ids=[person.pk], start=day, end=day).get(
        (person.pk, day), frozenset()
    )
    if taken & duty_halves(assignment.duty_type):
        breaks.append(_("%(name)s is on approved leave on %(date)s.") % values)
    return breaks


def _team_breaks(assignment, person, moves, values) -> list[str]:
    """What the move breaks for the day's team on the roster: head-count, required skills
    (only a shortage the swap causes: a day already short stays the manager's call)."""
    day, duty_type = assignment.date, assignment.duty_type
    moving = [a.pk for a, _person in moves]
    before = list(
        DutyAssignment.objects.filter(roster_id=assignment.roster_id, date=day)
        .select_related("staff")
        .prefetch_related("staff__skills")
    )
    after = [a.staff for a in before if a.pk not in moving] + [person]
    after += [
        p
        for a, p in moves
        if a.pk != assignment.pk and a.roster_id == assignment.roster_id and a.date == day
    ]
    breaks = []
    if len(after) < min(duty_type.headcount, len(before)):
        breaks.append(_("%(date)s would have fewer people on %(duty)s than needed.") % values)
    for code, needed in required_skill_codes(duty_type).items():
        had = sum(1 for a in before if code in staff_skill_codes(a.staff))
        have = sum(1 for p in after if code in staff_skill_codes(p))
        if have < needed and have < had:
            label = next(
                (
                    r.skill.display_name
                    for r in duty_type.required_skills.all()
                    if r.skill.code == code
                ),
                _("leader"),
            )
            breaks.append(
                _("%(date)s would have too few people with “%(skill)s” on %(duty)s.")
                % {**values, "skill": label}
            )
    return breaks


def _consecutive_holiday_duty(assignment, person, moves) -> bool:
    """Whether the person would serve holiday duty the day before or after, counting the
    other moves of the same swap."""
    if assignment.duty_type.kind != DutyType.Kind.HOLIDAY:
        return False
    day = assignment.date
    moving = [a.pk for a, _person in moves]
    neighbours = set(
        DutyAssignment.objects.filter(
            staff=person,
            duty_type__kind=DutyType.Kind.HOLIDAY,
            date__in=[day - timedelta(days=1), day + timedelta(days=1)],
        )
        .exclude(pk__in=moving)
        .values_list("date", flat=True)
    )
    neighbours |= {
        a.date
        for a, p in moves
        if p.pk == person.pk
        and a.pk != assignment.pk
        and a.duty_type.kind == DutyType.Kind.HOLIDAY
        and abs((a.date - day).days) == 1
    }
    return bool(neighbours)


@transaction.atomic
def swap_approve(*, actor, swap: SwapRequest, note: str = "") -> SwapRequest:
    """The manager approves an accepted swap: rules re-checked, duties moved, both notified.

    Guarantees: the actor manages the unit and is apart from the swap (neither of its two
    people nor an account either created: kernel.decisions, the message names who can
    decide); the swap is accepted by the colleague and both
    duties are still held by the people who agreed; no hard rule breaks after the move
    (else ValidationError naming each break, nothing written); the duties move atomically
    with history reason "swap #<id>". The swap, the two people and the duties are locked
    in a fixed order, so concurrent approvals are serialised and the later one re-checks.
    """
    swap = _lock_swap(swap)
    require_manager_of(actor, swap.assignment.roster.unit)
    _require_apart_from(actor, swap)
    _require_status(swap, (SwapRequest.Status.ACCEPTED,), _("approved"))
    staff_services.staff_lock(staff_ids=[swap.requester_id, swap.counterpart_id])
    ids = [swap.assignment_id] + (
        [swap.counterpart_assignment_id] if swap.counterpart_assignment_id else []
    )
    locked = {
        a.pk: a
        for a in DutyAssignment.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("roster__unit", "duty_type", "staff")
        .prefetch_related("duty_type__required_skills__skill")
        .order_by("pk")
    }
    assignment = locked.get(swap.assignment_id)
    other = locked.get(swap.counterpart_assignment_id) if swap.counterpart_assignment_id else None
    if (
        assignment is None
        or assignment.staff_id != swap.requester_id
        or (
            swap.counterpart_assignment_id
            and (other is None or other.staff_id != swap.counterpart_id)
        )
    ):
        raise invalid(
            RosterError.SWAP_DUTIES_CHANGED,
            _("The duties changed since the swap was requested; reject it."),
            field="assignment",
        )
    people = {
        p.pk: p
        for p in staff_selectors.staff_by_ids_unscoped(ids=[swap.requester_id, swap.counterpart_id])
    }
    moves = [(assignment, people[swap.counterpart_id])]
    if other is not None:
        moves.append((other, people[swap.requester_id]))
    breaks = swap_rule_breaks(moves)
    if breaks:
        raise ValidationError(
            {NON_FIELD: [invalid(RosterError.SWAP_BREAKS_RULE, b) for b in breaks]}
        )
    reason = f"swap #{swap.pk}"
    try:
        with transaction.atomic():
            for moved, person in moves:
                moved.staff = person
                moved.is_leader_on_call = moved.duty_type.leader_on_call and person.is_leader
                moved.flagged_reason = ""
                moved.flag_params = {}
                moved.proposed_replacement = None
                save_with_history(moved, actor=actor, reason=reason)
    except IntegrityError as error:
        raise invalid(
            RosterError.DUTY_SAME_DAY,
            _("Someone got a duty on the same day meanwhile; reload and re-check."),
            field="__all__",
        ) from error
    swap.status = SwapRequest.Status.APPROVED
    swap.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    swap.decided_at = timezone.now()
    swap.decision_note = (note or "").strip()
    save_with_history(swap, actor=actor, reason="swap approved")
    _notify(swap, [swap.requester, swap.counterpart], str(SwapRequest.Status.APPROVED.label))
    return swap
