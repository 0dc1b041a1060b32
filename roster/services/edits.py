"""The roster's edit log: undoing a hand edit, and withdrawing a published roster.

An undo restores the duties an edit changed to what they were before it, only while they
are still exactly as the edit left them (nothing changed since); otherwise it refuses and
says so. The undo is itself an entry of the log, and an edit is undone at most once.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from kernel.errors import invalid
from kernel.history import attribute_change, save_with_history
from roster.errors import RosterError
from roster.models import DutyAssignment, DutyNotification, Roster, RosterEdit
from roster.services.assignments import (
    _lock_roster,
    _save,
    duty_snapshot,
    notify_duty_changes,
    roster_edit_log,
)
from roster.services.duty_types import require_manager_of
from staffmgmt import selectors as staff_selectors

__all__ = ["roster_edit_undo", "roster_withdraw"]


def _stale() -> Exception:
    return invalid(
        RosterError.EDIT_STALE,
        _(
            "These duties changed after this edit, so it can no longer be undone; change "
            "them by hand."
        ),
        field="__all__",
    )


@transaction.atomic
def roster_edit_undo(*, actor, edit: RosterEdit, reason: str = "") -> RosterEdit:
    """Put the duties `edit` changed back as they were before it.

    Guarantees: the actor manages the roster's unit; `edit` is a hand edit not undone yet;
    every duty it left is still there with the same person and day, and every duty it
    removed can come back (its person has no duty that day), else EDIT_STALE and nothing
    written. Rules are not re-checked: the state restored is the one before the edit. The
    undo is logged (`undoes` = `edit`) and, on a published roster, the people told.
    """
    roster = _lock_roster(edit.roster)
    require_manager_of(actor, roster.unit)
    edit = RosterEdit.objects.select_for_update().get(pk=edit.pk)
    if edit.action not in RosterEdit.UNDOABLE:
        raise invalid(
            RosterError.EDIT_NOT_UNDOABLE, _("This entry cannot be undone."), field="__all__"
        )
    if RosterEdit.objects.filter(undoes=edit).exists():
        raise invalid(
            RosterError.EDIT_ALREADY_UNDONE, _("This edit was already undone."), field="__all__"
        )
    ids = [entry["id"] for entry in edit.before + edit.after]
    current = {
        a.pk: a
        for a in DutyAssignment.objects.select_for_update(of=("self",))
        .filter(pk__in=ids, roster=roster)
        .select_related("staff", "duty_type")
        .order_by("pk")
    }
    for entry in edit.after:
        duty = current.get(entry["id"])
        if (
            duty is None
            or duty.staff_id != entry["staff"]
            or duty.date.isoformat() != entry["date"]
        ):
            raise _stale()
    left = {entry["id"] for entry in edit.after}
    coming_back = [entry for entry in edit.before if entry["id"] not in left]
    for entry in coming_back:
        if DutyAssignment.objects.filter(
            staff_id=entry["staff"], date=date.fromisoformat(entry["date"])
        ).exists():
            raise _stale()
    people = {
        p.pk: p
        for p in staff_selectors.staff_by_ids_unscoped(ids=[e["staff"] for e in edit.before])
    }
    why = (reason or "").strip() or _("undo")
    history_reason = f"undo of roster edit #{edit.pk}"
    undone_before = [duty_snapshot(current[pk]) for pk in sorted(left)]
    restored: list[DutyAssignment] = []
    was = {entry["id"]: entry for entry in edit.before}
    for pk in sorted(left - set(was)):
        attribute_change(current[pk], actor=actor, reason=history_reason)
        current[pk].delete()
    for pk in sorted(left & set(was)):
        duty = current[pk]
        # A placeholder day first would be needed only if two restored duties traded the
        # same (person, day); a swap trades people across two days, so none is.
        duty.staff = people[was[pk]["staff"]]
        duty.date = date.fromisoformat(was[pk]["date"])
        duty.is_leader_on_call = roster.duty_type.leader_on_call and duty.staff.is_leader
        duty.flagged_reason = ""
        duty.flag_params = {}
        duty.proposed_replacement = None
        restored.append(duty)
    for duty in restored:
        _save(duty, actor=actor, reason=history_reason)
    for entry in coming_back:
        person = people[entry["staff"]]
        duty = DutyAssignment(
            roster=roster,
            duty_type=roster.duty_type,
            staff=person,
            date=date.fromisoformat(entry["date"]),
        )
        restored.append(_save(duty, actor=actor, reason=history_reason))
    undone_after = [duty_snapshot(d) for d in restored]
    undo = roster_edit_log(
        actor=actor,
        roster=roster,
        action=RosterEdit.Action.UNDO,
        before=undone_before,
        after=undone_after,
        reason=why,
        undoes=edit,
    )
    notify_duty_changes(roster=roster, before=undone_before, after=undone_after, reason=why)
    return undo


@transaction.atomic
def roster_withdraw(*, actor, roster: Roster, reason: str) -> Roster:
    """Take a published roster back to draft to change it, with a reason.

    Guarantees: the actor manages the unit; the roster is published; a reason is given;
    cadres stop seeing it; everyone on it is told once, with the reason; the duties on it
    at this moment are logged, so republishing can tell who lost a duty meanwhile.
    """
    require_manager_of(actor, roster.unit)
    roster = _lock_roster(roster)
    reason = (reason or "").strip()
    if roster.status != Roster.Status.PUBLISHED:
        raise invalid(
            RosterError.ROSTER_NOT_PUBLISHED,
            _("Only a published roster can be withdrawn."),
            field="__all__",
        )
    if not reason:
        raise invalid(
            RosterError.REASON_REQUIRED, _("Say why the roster is withdrawn."), field="reason"
        )
    duties = list(roster.assignments.select_related("staff").order_by("date", "staff_id"))
    roster.status = Roster.Status.DRAFT
    roster.published_at = None
    roster.published_by = None
    save_with_history(roster, actor=actor, reason=f"roster withdrawn: {reason}")
    roster_edit_log(
        actor=actor,
        roster=roster,
        action=RosterEdit.Action.WITHDRAW,
        before=[duty_snapshot(d) for d in duties],
        after=[],
        reason=reason,
    )
    params = {
        "duty": roster.duty_type.name,
        "start": roster.start_date.isoformat(),
        "end": roster.end_date.isoformat(),
        "reason": reason,
    }
    for staff_id in sorted({d.staff_id for d in duties}):
        save_with_history(
            DutyNotification(
                recipient_id=staff_id,
                kind=DutyNotification.Kind.WITHDRAWN,
                assignment=None,
                params=params,
            ),
            actor=None,
        )
    return roster
