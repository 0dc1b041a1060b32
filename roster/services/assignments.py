"""Hand edits of a roster (add, remove, move, replace, swap), and keeping it right when
leave is approved.

Hand edits check the rules generation keeps. Breaking one that the database backs (two
duties of one person on one day), or a structural one (inactive person, a day outside the
roster or without this duty), is an error. Every other break (leave, head-count, skills,
leader on call, consecutive holiday duty, short gap) is listed in ConfirmationRequired and
done when the caller confirms with a reason, unless the edit is about the caller
(kernel.decisions: nobody overrides a rule for their own duty; the refusal names who can).
Every hand edit is logged as a RosterEdit (who, when, why, the duties before and after),
which `roster_edit_undo` can reverse. On a published roster every change names its reason
in history and notifies the people it affects.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kernel.decisions import require_separate_decider
from kernel.errors import ConfirmationRequired, invalid
from kernel.history import attribute_change, save_with_history
from roster.domain import duty_days, duty_halves, required_skill_codes, staff_skill_codes
from roster.errors import RosterError
from roster.models import DutyAssignment, DutyNotification, DutyType, Roster, RosterEdit
from roster.services.duty_types import require_manager_of
from staffmgmt import selectors as staff_selectors
from staffmgmt.models import Absence, Staff

__all__ = [
    "assignment_accept_replacement",
    "assignment_add",
    "assignment_flag_for_absence",
    "assignment_move",
    "assignment_remove",
    "assignment_replace",
    "assignment_rule_check",
    "assignment_swap",
    "duty_notify",
    "duty_snapshot",
    "propose_replacement",
    "roster_edit_log",
]


def _day(value: date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def duty_notify(
    *, recipient: Staff, kind: str, assignment: DutyAssignment | None, params: dict
) -> DutyNotification:
    """Leave a notice for `recipient`; its text is rendered in the reader's language."""
    notification = DutyNotification(
        recipient=recipient, kind=kind, assignment=assignment, params=params
    )
    return save_with_history(notification, actor=None)


def duty_snapshot(assignment: DutyAssignment) -> dict:
    """A duty as the edit log keeps it (the name too: the log reads without joins)."""
    return {
        "id": assignment.pk,
        "staff": assignment.staff_id,
        "staff_name": assignment.staff.name,
        "date": assignment.date.isoformat(),
    }


def roster_edit_log(
    *,
    actor,
    roster: Roster,
    action: str,
    before: list[dict],
    after: list[dict],
    reason: str = "",
    undoes: RosterEdit | None = None,
) -> RosterEdit:
    """Record one change of `roster` in its edit log (inside the caller's transaction)."""
    edit = RosterEdit(
        roster=roster,
        action=action,
        before=before,
        after=after,
        reason=(reason or "").strip()[:500],
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        undoes=undoes,
    )
    return save_with_history(edit, actor=actor, reason=f"roster {action}")


def notify_duty_changes(*, roster: Roster, before: list[dict], after: list[dict], reason: str):
    """On a published roster, tell each person what a change did to their duties: a duty
    lost (removed), a duty gained (added), or one of theirs on another day (moved)."""
    if roster.is_draft:
        return
    old = {entry["id"]: entry for entry in before}
    new = {entry["id"]: entry for entry in after}
    duty = roster.duty_type.name

    def notify(entry: dict, kind: str, assignment_id: int | None, **extra) -> None:
        notification = DutyNotification(
            recipient_id=entry["staff"],
            kind=kind,
            assignment_id=assignment_id,
            params={"duty": duty, "date": entry["date"], "reason": reason, **extra},
        )
        save_with_history(notification, actor=None)

    for pk, was in old.items():
        now = new.get(pk)
        if now is None or now["staff"] != was["staff"]:
            notify(was, DutyNotification.Kind.REMOVED, None)
        elif now["date"] != was["date"]:
            notify(now, DutyNotification.Kind.MOVED, pk, from_date=was["date"])
    for pk, now in new.items():
        was = old.get(pk)
        if was is None or was["staff"] != now["staff"]:
            notify(now, DutyNotification.Kind.ADDED, pk)


def _is_on_leave(staff_id: int, day: date, duty_type: DutyType) -> bool:
    taken = staff_selectors.absent_halves_unscoped(staff_ids=[staff_id], start=day, end=day).get(
        (staff_id, day), frozenset()
    )
    return bool(taken & duty_halves(duty_type))


def assignment_rule_check(
    *,
    roster: Roster,
    staff: Staff,
    day: date,
    leaving: DutyAssignment | None = None,
) -> tuple[dict[str, list[ValidationError]], list[dict]]:
    """What putting `staff` on `roster` on `day` would break (with `leaving` gone, if given).

    Returns (errors, warnings): coded errors by field, never to be overridden; warnings as
    plain dicts {"code", "date", "message"} for ConfirmationRequired. Only reads. The
    warnings are looked for only when there is no error.
    """
    errors = _hard_breaks(roster=roster, staff=staff, day=day, leaving=leaving)
    if errors:
        return errors, []
    leaving_pk = getattr(leaving, "pk", None)
    warnings = _leave_warnings(roster.duty_type, staff, day)
    warnings += _team_warnings_of_move(roster, staff, day, leaving)
    warnings += _consecutive_duty_warnings(roster.duty_type, staff, day, leaving_pk)
    warnings += _short_gap_warnings(roster.duty_type, staff, day, leaving_pk)
    return errors, warnings


def _hard_breaks(
    *, roster: Roster, staff: Staff, day: date, leaving: DutyAssignment | None
) -> dict[str, list[ValidationError]]:
    """The rules no confirmation overrides: an active person of the unit, a day of the
    roster and of the duty, and nobody twice on one day."""
    duty_type = roster.duty_type
    errors: dict[str, list[ValidationError]] = {}
    if not staff.is_active:
        errors.setdefault("staff", []).append(
            invalid(RosterError.STAFF_INACTIVE, _("%(name)s is not active.") % {"name": staff.name})
        )
    if not staff_selectors.staff_in_unit(staff=staff, unit=roster.unit):
        errors.setdefault("staff", []).append(
            invalid(
                RosterError.STAFF_NOT_IN_UNIT,
                _("%(name)s is not in %(unit)s.") % {"name": staff.name, "unit": roster.unit},
            )
        )
    if not (roster.start_date <= day <= roster.end_date):
        errors.setdefault("date", []).append(
            invalid(
                RosterError.DATE_OUTSIDE_ROSTER,
                _("%(date)s is outside the roster (%(start)s to %(end)s).")
                % {
                    "date": _day(day),
                    "start": _day(roster.start_date),
                    "end": _day(roster.end_date),
                },
            )
        )
        return errors
    if not duty_days(duty_type, day, day):
        errors.setdefault("date", []).append(
            invalid(
                RosterError.NOT_A_DUTY_DAY,
                _("%(date)s is not a day of %(duty)s.")
                % {"date": _day(day), "duty": duty_type.name},
            )
        )
    other = (
        DutyAssignment.objects.filter(staff=staff, date=day)
        .exclude(pk=getattr(leaving, "pk", None))
        .select_related("duty_type")
        .first()
    )
    if other is not None:
        errors.setdefault("date", []).append(
            invalid(
                RosterError.DUTY_SAME_DAY,
                _("%(name)s already has %(duty)s on %(date)s; nobody serves twice on one day.")
                % {"name": staff.name, "duty": other.duty_type.name, "date": _day(day)},
            )
        )
    return errors


def _warning(code: str, message: str, when: date) -> dict:
    return {"code": code, "date": when.isoformat(), "message": message}


def _leave_warnings(duty_type: DutyType, staff: Staff, day: date) -> list[dict]:
    if not _is_on_leave(staff.pk, day, duty_type):
        return []
    message = _("%(name)s is on approved leave on %(date)s.") % {
        "name": staff.name,
        "date": _day(day),
    }
    return [_warning("on_leave", message, day)]


def _team_warnings_of_move(
    roster: Roster, staff: Staff, day: date, leaving: DutyAssignment | None
) -> list[dict]:
    """Head-count and skills of the day the person joins and, for a move to another day,
    of the day the duty leaves."""
    team = [
        a.staff
        for a in roster.assignments.filter(date=day)
        .exclude(pk=getattr(leaving, "pk", None))
        .select_related("staff")
        .prefetch_related("staff__skills")
    ]
    team.append(staff)
    found = _team_warnings(roster.duty_type, day, team)
    if leaving is not None and leaving.date != day:
        remaining = [
            a.staff
            for a in roster.assignments.filter(date=leaving.date)
            .exclude(pk=leaving.pk)
            .select_related("staff")
            .prefetch_related("staff__skills")
        ]
        found += _team_warnings(roster.duty_type, leaving.date, remaining)
    return found


def _consecutive_duty_warnings(
    duty_type: DutyType, staff: Staff, day: date, leaving_pk: int | None
) -> list[dict]:
    if duty_type.kind != DutyType.Kind.HOLIDAY:
        return []
    neighbours = (
        DutyAssignment.objects.filter(
            staff=staff,
            duty_type__kind=DutyType.Kind.HOLIDAY,
            date__in=[day - timedelta(days=1), day + timedelta(days=1)],
        )
        .exclude(pk=leaving_pk)
        .values_list("date", flat=True)
    )
    return [
        _warning(
            "consecutive_duty",
            _("%(name)s would have holiday duty on two consecutive days (%(a)s and %(b)s).")
            % {
                "name": staff.name,
                "a": _day(min(day, neighbour)),
                "b": _day(max(day, neighbour)),
            },
            day,
        )
        for neighbour in neighbours
    ]


def _short_gap_warnings(
    duty_type: DutyType, staff: Staff, day: date, leaving_pk: int | None
) -> list[dict]:
    gap = duty_type.min_gap_days
    near = (
        DutyAssignment.objects.filter(
            staff=staff,
            duty_type=duty_type,
            date__gt=day - timedelta(days=gap),
            date__lt=day + timedelta(days=gap),
        )
        .exclude(date=day)
        .exclude(pk=leaving_pk)
        .values_list("date", flat=True)
    )
    return [
        _warning(
            "short_gap",
            _(
                "%(name)s would have %(duty)s on %(a)s and again on %(b)s (fewer than %(gap)d "
                "days apart)."
            )
            % {
                "name": staff.name,
                "duty": duty_type.name,
                "a": _day(min(day, other_day)),
                "b": _day(max(day, other_day)),
                "gap": gap,
            },
            day,
        )
        for other_day in near
    ]


def _team_warnings(duty_type: DutyType, day: date, team: list[Staff]) -> list[dict]:
    found = []
    when = day.isoformat()
    if len(team) != duty_type.headcount:
        found.append(
            {
                "code": "headcount",
                "date": when,
                "message": ngettext(
                    "%(date)s would have %(have)d person on %(duty)s; %(need)d needed.",
                    "%(date)s would have %(have)d people on %(duty)s; %(need)d needed.",
                    len(team),
                )
                % {
                    "date": _day(day),
                    "have": len(team),
                    "need": duty_type.headcount,
                    "duty": duty_type.name,
                },
            }
        )
    labels = {r.skill.code: r.skill.display_name for r in duty_type.required_skills.all()}
    for code, needed in required_skill_codes(duty_type).items():
        have = sum(1 for person in team if code in staff_skill_codes(person))
        if have < needed:
            label = labels.get(code) or _("leader")
            found.append(
                {
                    "code": "skill",
                    "date": when,
                    "message": _(
                        "%(date)s would have %(have)d people with “%(skill)s” on duty; "
                        "%(need)d needed."
                    )
                    % {"date": _day(day), "have": have, "need": needed, "skill": label},
                }
            )
    return found


def _require_no_breaks(
    errors: dict[str, list[ValidationError]],
    warnings: list[dict],
    *,
    confirm: bool,
    actor=None,
    roster: Roster | None = None,
    about: tuple[Staff, ...] = (),
    reason: str = "",
) -> None:
    if errors:
        raise ValidationError(errors)
    if warnings and roster is not None:
        # Overriding a rule is a decision about the people moved: never their own, nor one
        # through an account they created (ADR 0005). Refused before the confirmation,
        # which could not change the answer.
        require_separate_decider(
            actor=actor,
            about=about,
            deciders=lambda: staff_selectors.deciders_for_unit_unscoped(
                unit=roster.unit, excluding=about
            ),
        )
    if warnings and not confirm:
        raise ConfirmationRequired(
            _("This change breaks roster rules: %(items)s Confirm to do it anyway.")
            % {"items": " ".join(w["message"] for w in warnings)},
            code="roster_rules",
            warnings=warnings,
        )
    if warnings and actor is not None and not (reason or "").strip():
        # A person breaking a rule answers for it in the log; the system (seed data) does not.
        raise invalid(
            RosterError.REASON_REQUIRED,
            _("Say why the roster rules may be broken here."),
            field="reason",
        )


def _lock_roster(roster: Roster) -> Roster:
    return (
        Roster.objects.select_for_update()
        .select_related("duty_type", "unit")
        .prefetch_related("duty_type__required_skills__skill")
        .get(pk=roster.pk)
    )


def _save(assignment: DutyAssignment, *, actor, reason: str) -> DutyAssignment:
    """Save inside a savepoint: a concurrent same-day duty the check could not see becomes a
    validation error, not a broken transaction."""
    try:
        with transaction.atomic():
            return save_with_history(assignment, actor=actor, reason=reason)
    except IntegrityError as error:
        raise invalid(
            RosterError.DUTY_SAME_DAY,
            _("%(name)s already has a duty on %(date)s.")
            % {"name": assignment.staff.name, "date": _day(assignment.date)},
            field="date",
        ) from error


def _params(assignment: DutyAssignment, **extra) -> dict:
    return {"duty": assignment.duty_type.name, "date": assignment.date.isoformat(), **extra}


@transaction.atomic
def assignment_add(
    *,
    actor,
    roster: Roster,
    staff: Staff,
    date: date,
    confirm: bool = False,
    reason: str = "",
) -> DutyAssignment:
    """Put `staff` on duty on `date`; see the module docstring for the rules checked."""
    require_manager_of(actor, roster.unit)
    roster = _lock_roster(roster)
    day = date
    errors, warnings = assignment_rule_check(roster=roster, staff=staff, day=day)
    _require_no_breaks(
        errors,
        warnings,
        confirm=confirm,
        actor=actor,
        roster=roster,
        about=(staff,),
        reason=reason,
    )
    assignment = DutyAssignment(roster=roster, duty_type=roster.duty_type, staff=staff, date=day)
    _save(assignment, actor=actor, reason=reason or "duty added by hand")
    roster_edit_log(
        actor=actor,
        roster=roster,
        action=RosterEdit.Action.ADD,
        before=[],
        after=[duty_snapshot(assignment)],
        reason=reason,
    )
    if not roster.is_draft:
        duty_notify(
            recipient=staff,
            kind=DutyNotification.Kind.ADDED,
            assignment=assignment,
            params=_params(assignment, reason=reason),
        )
    return assignment


@transaction.atomic
def assignment_remove(
    *, actor, assignment: DutyAssignment, reason: str, confirm: bool = False
) -> None:
    """Take a duty off the roster. A reason is required; a day left short needs confirming."""
    roster = _lock_roster(assignment.roster)
    require_manager_of(actor, roster.unit)
    reason = (reason or "").strip()
    if not reason:
        raise invalid(
            RosterError.REASON_REQUIRED, _("Say why the duty is removed."), field="reason"
        )
    assignment = DutyAssignment.objects.select_related("staff", "duty_type").get(pk=assignment.pk)
    remaining = [
        a.staff
        for a in roster.assignments.filter(date=assignment.date)
        .exclude(pk=assignment.pk)
        .select_related("staff")
        .prefetch_related("staff__skills")
    ]
    _require_no_breaks(
        {},
        _team_warnings(roster.duty_type, assignment.date, remaining),
        confirm=confirm,
        actor=actor,
        roster=roster,
        about=(assignment.staff,),
        reason=reason,
    )
    if not roster.is_draft:
        duty_notify(
            recipient=assignment.staff,
            kind=DutyNotification.Kind.REMOVED,
            assignment=None,
            params=_params(assignment, reason=reason),
        )
    roster_edit_log(
        actor=actor,
        roster=roster,
        action=RosterEdit.Action.REMOVE,
        before=[duty_snapshot(assignment)],
        after=[],
        reason=reason,
    )
    attribute_change(assignment, actor=actor, reason=reason)
    assignment.delete()


@transaction.atomic
def assignment_move(
    *,
    actor,
    assignment: DutyAssignment,
    to_staff: Staff | None = None,
    to_date: date | None = None,
    confirm: bool = False,
    reason: str = "",
) -> DutyAssignment:
    """Give the duty to another person and/or move it to another day of the roster."""
    roster = _lock_roster(assignment.roster)
    require_manager_of(actor, roster.unit)
    assignment = (
        DutyAssignment.objects.select_for_update()
        .select_related("staff", "duty_type")
        .get(pk=assignment.pk)
    )
    staff = to_staff or assignment.staff
    day = to_date or assignment.date
    if staff.pk == assignment.staff_id and day == assignment.date:
        raise invalid(
            RosterError.MOVE_CHANGES_NOTHING,
            _("Choose another person or another day."),
            field="to_staff",
        )
    errors, warnings = assignment_rule_check(
        roster=roster, staff=staff, day=day, leaving=assignment
    )
    _require_no_breaks(
        errors,
        warnings,
        confirm=confirm,
        actor=actor,
        roster=roster,
        about=(assignment.staff, staff),
        reason=reason,
    )
    before = [duty_snapshot(assignment)]
    before_staff, before_date = assignment.staff, assignment.date
    assignment.staff = staff
    assignment.date = day
    assignment.flagged_reason = ""
    assignment.flag_params = {}
    assignment.proposed_replacement = None
    if staff.pk != before_staff.pk:
        assignment.is_leader_on_call = roster.duty_type.leader_on_call and staff.is_leader
    _save(assignment, actor=actor, reason=reason or "duty moved by hand")
    roster_edit_log(
        actor=actor,
        roster=roster,
        action=(
            RosterEdit.Action.REPLACE
            if day == before_date and staff.pk != before_staff.pk
            else RosterEdit.Action.MOVE
        ),
        before=before,
        after=[duty_snapshot(assignment)],
        reason=reason,
    )
    if not roster.is_draft:
        if staff.pk != before_staff.pk:
            duty_notify(
                recipient=before_staff,
                kind=DutyNotification.Kind.REMOVED,
                assignment=None,
                params={**_params(assignment), "date": before_date.isoformat(), "reason": reason},
            )
            duty_notify(
                recipient=staff,
                kind=DutyNotification.Kind.ADDED,
                assignment=assignment,
                params=_params(assignment, reason=reason),
            )
        else:
            duty_notify(
                recipient=staff,
                kind=DutyNotification.Kind.MOVED,
                assignment=assignment,
                params=_params(assignment, from_date=before_date.isoformat(), reason=reason),
            )
    return assignment


def assignment_replace(
    *,
    actor,
    assignment: DutyAssignment,
    to_staff: Staff | None,
    confirm: bool = False,
    reason: str = "",
) -> DutyAssignment:
    """Give the duty, on its day, to `to_staff`: the rules of a move, logged as a replace."""
    if to_staff is None:
        raise invalid(RosterError.STAFF_REQUIRED, _("Choose who takes the duty."), field="to_staff")
    return assignment_move(
        actor=actor, assignment=assignment, to_staff=to_staff, confirm=confirm, reason=reason
    )


def _swap_rule_check(
    roster: Roster, first: DutyAssignment, second: DutyAssignment
) -> tuple[dict[str, list[ValidationError]], list[dict]]:
    """What exchanging the people of two duties (of one roster, on two days) would break,
    judged on the state after the exchange: each person's other duties, leave, the skills of
    each day's team, consecutive holiday duty, short gaps. The head-count does not change."""
    duty_type = roster.duty_type
    exchange = ((first, second.staff, second), (second, first.staff, first))
    errors: dict[str, list[ValidationError]] = {}
    for duty, person, _own in exchange:
        for field, found in _hard_breaks(
            roster=roster, staff=person, day=duty.date, leaving=duty
        ).items():
            errors.setdefault(field, []).extend(found)
    if errors:
        return errors, []
    warnings: list[dict] = []
    for duty, person, own in exchange:
        warnings += _leave_warnings(duty_type, person, duty.date)
        team = [
            a.staff
            for a in roster.assignments.filter(date=duty.date)
            .exclude(pk=duty.pk)
            .select_related("staff")
            .prefetch_related("staff__skills")
        ]
        warnings += [
            w
            for w in _team_warnings(duty_type, duty.date, [*team, person])
            if w["code"] != "headcount"
        ]
        warnings += _consecutive_duty_warnings(duty_type, person, duty.date, own.pk)
        warnings += _short_gap_warnings(duty_type, person, duty.date, own.pk)
    return errors, warnings


@transaction.atomic
def assignment_swap(
    *,
    actor,
    assignment: DutyAssignment,
    other: DutyAssignment,
    confirm: bool = False,
    reason: str = "",
) -> tuple[DutyAssignment, DutyAssignment]:
    """Exchange the people of two duties of one roster on two different days.

    Guarantees: the actor manages the unit; both duties are still on the roster (locked, in
    id order); hard breaks are errors and other breaks need confirming with a reason (see
    the module docstring); both duties change together, logged as one edit; on a published
    roster both people are told.
    """
    roster = _lock_roster(assignment.roster)
    require_manager_of(actor, roster.unit)
    locked = {
        a.pk: a
        for a in DutyAssignment.objects.select_for_update(of=("self",))
        .filter(pk__in=[assignment.pk, other.pk], roster=roster)
        .select_related("staff", "duty_type")
        .order_by("pk")
    }
    first, second = locked.get(assignment.pk), locked.get(other.pk)
    if first is None or second is None or first.pk == second.pk:
        raise invalid(
            RosterError.SWAP_NOT_SAME_ROSTER,
            _("Choose another duty of this roster."),
            field="with_assignment",
        )
    if first.date == second.date or first.staff_id == second.staff_id:
        raise invalid(
            RosterError.SWAP_SAME_DAY,
            _("Choose a duty of another person on another day."),
            field="with_assignment",
        )
    errors, warnings = _swap_rule_check(roster, first, second)
    _require_no_breaks(
        errors,
        warnings,
        confirm=confirm,
        actor=actor,
        roster=roster,
        about=(first.staff, second.staff),
        reason=reason,
    )
    before = [duty_snapshot(first), duty_snapshot(second)]
    first_person, second_person = first.staff, second.staff
    for duty, person in ((first, second_person), (second, first_person)):
        duty.staff = person
        duty.is_leader_on_call = roster.duty_type.leader_on_call and person.is_leader
        duty.flagged_reason = ""
        duty.flag_params = {}
        duty.proposed_replacement = None
        _save(duty, actor=actor, reason=reason or "duties swapped by hand")
    after = [duty_snapshot(first), duty_snapshot(second)]
    roster_edit_log(
        actor=actor,
        roster=roster,
        action=RosterEdit.Action.SWAP,
        before=before,
        after=after,
        reason=reason,
    )
    notify_duty_changes(roster=roster, before=before, after=after, reason=reason)
    return first, second


def propose_replacement(assignment: DutyAssignment) -> Staff | None:
    """Who should take over a duty: active staff of the duty type's unit or a unit below it,
    not on leave or on any duty that day, who keep the day's skills (and leader on call)
    met, with the fewest duties of this type this year (then the lowest id, so the choice
    is stable)."""
    duty_type = assignment.duty_type
    day = assignment.date
    team = [
        a.staff
        for a in DutyAssignment.objects.filter(roster_id=assignment.roster_id, date=day)
        .exclude(pk=assignment.pk)
        .select_related("staff")
        .prefetch_related("staff__skills")
    ]
    required = required_skill_codes(duty_type)
    missing = {
        code
        for code, needed in required.items()
        if sum(1 for p in team if code in staff_skill_codes(p)) < needed
    }
    candidates = list(
        staff_selectors.active_staff_of_unit_unscoped(unit=duty_type.unit_id)
        .exclude(pk=assignment.staff_id)
        .exclude(duty_assignments__date=day)
        .annotate(
            year_duties=Count(
                "duty_assignments",
                filter=Q(
                    duty_assignments__duty_type=duty_type,
                    duty_assignments__date__year=day.year,
                ),
            )
        )
        .order_by("year_duties", "pk")
    )
    absent = staff_selectors.absent_halves_unscoped(
        staff_ids=[c.pk for c in candidates], start=day, end=day
    )
    halves = duty_halves(duty_type)
    for candidate in candidates:
        if absent.get((candidate.pk, day), frozenset()) & halves:
            continue
        if missing - staff_skill_codes(candidate):
            continue
        return candidate
    return None


def assignment_flag_for_absence(absence: Absence) -> list[DutyAssignment]:
    """The leave hook: published duties the approved `absence` overlaps are flagged, a
    replacement is proposed, and the absentee and the unit's managers are notified.

    Registered in `RosterConfig.ready()`; staffmgmt runs it after the approval commits.
    """
    with transaction.atomic():
        duties = list(
            DutyAssignment.objects.select_for_update()
            .filter(
                staff_id=absence.staff_id,
                roster__status=Roster.Status.PUBLISHED,
                date__range=(absence.start_date, absence.end_date),
            )
            .select_related("duty_type", "duty_type__unit", "staff")
            .prefetch_related("duty_type__required_skills__skill")
        )
        flagged = []
        for duty in duties:
            if not (absence.halves_on(duty.date) & duty_halves(duty.duty_type)):
                continue
            replacement = propose_replacement(duty)
            # Pieces, not a sentence: the reader's language renders it (flag_message).
            duty.flagged_reason = DutyAssignment.FLAG_LEAVE
            duty.flag_params = {
                "kind": absence.kind,
                "start": absence.start_date.isoformat(),
                "end": absence.end_date.isoformat(),
            }
            duty.proposed_replacement = replacement
            save_with_history(duty, actor=absence.decided_by, reason="leave approved over duty")
            params = _params(
                duty,
                staff=duty.staff.name,
                replacement=replacement.name if replacement else _("nobody available"),
            )
            recipients = {duty.staff_id: duty.staff}
            for manager in staff_selectors.managers_of_unit_unscoped(unit=duty.duty_type.unit):
                recipients.setdefault(manager.pk, manager)
            for recipient in recipients.values():
                duty_notify(
                    recipient=recipient,
                    kind=DutyNotification.Kind.FLAGGED,
                    assignment=duty,
                    params=params,
                )
            flagged.append(duty)
        return flagged


@transaction.atomic
def assignment_accept_replacement(*, actor, assignment: DutyAssignment) -> DutyAssignment:
    """Give a flagged duty to its proposed replacement (rules re-checked, both notified)."""
    roster = _lock_roster(assignment.roster)
    require_manager_of(actor, roster.unit)
    assignment = (
        # Lock only the duty row: PostgreSQL refuses FOR UPDATE on the nullable outer join.
        DutyAssignment.objects.select_for_update(of=("self",))
        .select_related("staff", "duty_type", "proposed_replacement")
        .get(pk=assignment.pk)
    )
    replacement = assignment.proposed_replacement
    if not assignment.flagged_reason or replacement is None:
        raise invalid(
            RosterError.NO_REPLACEMENT,
            _("This duty has no proposed replacement."),
            field="proposed_replacement",
        )
    errors, warnings = assignment_rule_check(
        roster=roster, staff=replacement, day=assignment.date, leaving=assignment
    )
    # A short gap is only a soft preference; everything else means the proposal went stale.
    warnings = [w for w in warnings if w["code"] != "short_gap"]
    if errors or warnings:
        stale: list[ValidationError] = [e for field in errors.values() for e in field]
        stale.extend(invalid(RosterError.REPLACEMENT_BREAKS_RULE, w["message"]) for w in warnings)
        stale.append(
            invalid(RosterError.REPLACEMENT_BREAKS_RULE, _("Choose someone else with a hand edit."))
        )
        raise ValidationError({"proposed_replacement": stale})
    replaced = assignment.staff
    before = [duty_snapshot(assignment)]
    assignment.staff = replacement
    assignment.flagged_reason = ""
    assignment.flag_params = {}
    assignment.proposed_replacement = None
    assignment.is_leader_on_call = roster.duty_type.leader_on_call and replacement.is_leader
    _save(assignment, actor=actor, reason="proposed replacement accepted")
    roster_edit_log(
        actor=actor,
        roster=roster,
        action=RosterEdit.Action.REPLACE,
        before=before,
        after=[duty_snapshot(assignment)],
        reason="proposed replacement accepted",
    )
    params = _params(assignment, staff=replacement.name, replaced=replaced.name)
    for person in (replaced, replacement):
        duty_notify(
            recipient=person,
            kind=DutyNotification.Kind.REPLACED,
            assignment=assignment,
            params=params,
        )
    return assignment
