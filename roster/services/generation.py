"""Generating a roster with the CP-SAT solver, and publishing it.

The solver (`roster.solver`) is pure; this module turns the unit's staff, approved leave,
the work calendar and existing rosters into its `Problem`, and its `Solution` into rows.

Leave and duty hours: an absence blocks a duty when it takes a half day the duty touches.
The morning half ends at noon and the afternoon half starts at noon, so a duty touches the
morning when its report time is before 12:00 and the afternoon when it ends after 12:00.
Noon duty (report 11:45, end 14:00) therefore touches both halves: any leave that day
excludes the person, which is also what a manager expects (nobody comes in over lunch on
their day off).

`roster_generate` runs the three steps (plan, solve, store) in the calling process; pages
and the API start them as a background job instead (roster.services.generation_jobs), with
progress from the solver and cancellation.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from kernel.errors import invalid
from kernel.history import save_with_history
from roster import selectors as roster_selectors
from roster import solver
from roster.domain import (
    DutyDay,
    duty_days,
    duty_halves,
    explanation_text,
    report_time,
    required_skill_codes,
    staff_skill_codes,
)
from roster.domain import skill_labels as _skill_labels
from roster.errors import RosterError
from roster.models import DutyAssignment, DutyNotification, DutyType, Roster, RosterEdit
from roster.services.assignments import roster_edit_log
from roster.services.duty_types import require_manager_of
from staffmgmt import selectors as staff_selectors

if TYPE_CHECKING:
    from staffmgmt.models import Staff

__all__ = [
    "MAX_ROSTER_DAYS",
    "MAX_TIME_LIMIT_S",
    "GenerationPlan",
    "generation_check",
    "generation_plan",
    "generation_solve",
    "generation_store",
    "roster_generate",
    "roster_publish",
]

MAX_ROSTER_DAYS = 366
MAX_TIME_LIMIT_S = 120


def _validate_range(duty_type: DutyType, start_date, end_date, time_limit_s) -> None:
    errors: dict[str, ValidationError] = {}
    if not duty_type.is_active:
        errors["duty_type"] = invalid(
            RosterError.DUTY_TYPE_INACTIVE, _("%(name)s is not active.") % {"name": duty_type.name}
        )
    if start_date is None:
        errors["start_date"] = invalid(RosterError.START_REQUIRED, _("Enter the first day."))
    if end_date is None:
        errors["end_date"] = invalid(RosterError.END_REQUIRED, _("Enter the last day."))
    elif start_date is not None and end_date < start_date:
        errors["end_date"] = invalid(
            RosterError.END_BEFORE_START, _("The last day must not be before the first day.")
        )
    elif start_date is not None and (end_date - start_date).days + 1 > MAX_ROSTER_DAYS:
        errors["end_date"] = invalid(
            RosterError.RANGE_TOO_LONG,
            _("A roster covers at most %(days)d days.") % {"days": MAX_ROSTER_DAYS},
        )
    if not (0 < time_limit_s <= MAX_TIME_LIMIT_S):
        errors["time_limit_s"] = invalid(
            RosterError.TIME_LIMIT_OUT_OF_RANGE,
            _("The time limit must be between 1 and %(max)d seconds.") % {"max": MAX_TIME_LIMIT_S},
        )
    if errors:
        raise ValidationError(errors)


@dataclass(frozen=True)
class GenerationPlan:
    """Everything `generation_store` needs besides the solution: the solver's problem and
    the rows it was built from (plain data and read-only model instances)."""

    duty_type: DutyType
    start_date: date
    end_date: date
    days: list[DutyDay]
    people: list[Staff]
    wishes: dict
    replaced_ids: list[int]
    problem: solver.Problem

    @property
    def staff_ids(self) -> list[int]:
        return [p.pk for p in self.people]


def roster_generate(
    *,
    actor,
    duty_type: DutyType,
    start_date: date,
    end_date: date,
    time_limit_s: float = 20,
) -> Roster:
    """Generate a draft roster of `duty_type` for [start_date, end_date], in this process.

    Guarantees: the actor manages the unit; only active staff of the unit and of the units
    below it (a hall's duty draws on its sections), nobody on leave during the duty's
    hours, head-count and skills met every day, nobody twice on one day (other rosters,
    drafts included, count as busy), no holiday duty on consecutive days
    unless the unit is too small (then reported in the figures). Duties of this type earlier
    in the year count, so the year evens out. A draft of the same duty type overlapping the
    range is replaced; a published one is never overwritten. When the rules cannot be met,
    ValidationError says which day and which rule, and nothing is written.

    Three steps, each usable alone (a background job runs them with progress and
    cancellation, see roster.services.generation_jobs): `generation_plan` (read and build
    the problem), `generation_solve` (CP-SAT, no database), `generation_store` (one
    transaction).
    """
    plan = generation_plan(
        actor=actor,
        duty_type=duty_type,
        start_date=start_date,
        end_date=end_date,
        time_limit_s=time_limit_s,
    )
    solution = generation_solve(plan)
    return generation_store(plan, solution, actor=actor)


def generation_check(*, actor, duty_type: DutyType, start_date, end_date, time_limit_s) -> None:
    """The checks a request can answer at once, before any solving: the actor manages the
    unit, the range and limit are valid, no published roster of the type overlaps."""
    require_manager_of(actor, duty_type.unit)
    _validate_range(duty_type, start_date, end_date, time_limit_s)
    _refuse_published_overlap(duty_type, start_date, end_date)


def _refuse_published_overlap(duty_type: DutyType, start_date: date, end_date: date) -> None:
    published = Roster.objects.filter(
        duty_type=duty_type,
        start_date__lte=end_date,
        end_date__gte=start_date,
        status=Roster.Status.PUBLISHED,
    ).first()
    if published is not None:
        raise invalid(
            RosterError.PUBLISHED_ROSTER_OVERLAPS,
            _(
                "A published roster of %(duty)s already covers %(start)s to %(end)s; "
                "choose dates outside it or edit that roster by hand."
            )
            % {
                "duty": duty_type.name,
                "start": formats.date_format(published.start_date, "DATE_FORMAT"),
                "end": formats.date_format(published.end_date, "DATE_FORMAT"),
            },
            field="start_date",
        )


def generation_plan(
    *, actor, duty_type: DutyType, start_date: date, end_date: date, time_limit_s: float
) -> GenerationPlan:
    """Step 1: read the unit's staff, leave, other duties, prior counts and wishes into the
    solver's problem. Writes nothing; raises ValidationError for what no solve can fix."""
    generation_check(
        actor=actor,
        duty_type=duty_type,
        start_date=start_date,
        end_date=end_date,
        time_limit_s=time_limit_s,
    )
    duty_type = (
        DutyType.objects.select_related("unit")
        .prefetch_related("required_skills__skill")
        .get(pk=duty_type.pk)
    )
    replaced_ids = list(
        Roster.objects.filter(
            duty_type=duty_type, start_date__lte=end_date, end_date__gte=start_date
        ).values_list("pk", flat=True)
    )

    days = duty_days(duty_type, start_date, end_date)
    if not days:
        raise invalid(
            RosterError.NO_DUTY_DAYS,
            _("There is no day for %(duty)s between these dates.") % {"duty": duty_type.name},
            field="end_date",
        )
    people = list(staff_selectors.active_staff_of_unit_unscoped(unit=duty_type.unit).order_by("pk"))
    if not people:
        raise invalid(
            RosterError.NO_ACTIVE_STAFF,
            _("%(unit)s has no active staff.") % {"unit": duty_type.unit},
            field="duty_type",
        )
    staff_ids = [p.pk for p in people]
    halves = duty_halves(duty_type)
    unavailable: dict[int, set[date]] = defaultdict(set)
    for (staff_id, day), taken in staff_selectors.absent_halves_unscoped(
        staff_ids=staff_ids, start=start_date, end=end_date
    ).items():
        if taken & halves:
            unavailable[staff_id].add(day)
    busy: dict[int, set[date]] = defaultdict(set)
    for staff_id, day in (
        DutyAssignment.objects.filter(staff_id__in=staff_ids, date__range=(start_date, end_date))
        .exclude(roster_id__in=replaced_ids)
        .values_list("staff_id", "date")
    ):
        busy[staff_id].add(day)

    prior_count, prior_heavy = _prior_counts(duty_type, staff_ids, start_date)
    # Wishes are soft: the solver weighs them below every fairness rule.
    wishes = roster_selectors.duty_preferences_by_staff_unscoped(
        staff_ids=staff_ids, start=start_date, end=end_date
    )
    no_wish = roster_selectors.StatedPreferences()
    required = required_skill_codes(duty_type)
    problem = solver.Problem(
        people=[
            solver.Person(
                id=p.pk,
                skills=staff_skill_codes(p),
                prior_count=prior_count.get(p.pk, 0),
                prior_heavy=prior_heavy.get(p.pk, 0),
                unavailable=frozenset(unavailable.get(p.pk, ())),
                busy=frozenset(busy.get(p.pk, ())),
                avoid=frozenset(wishes.get(p.pk, no_wish).avoid),
                prefer=frozenset(wishes.get(p.pk, no_wish).prefer),
                prefer_weekdays=frozenset(wishes.get(p.pk, no_wish).weekdays),
            )
            for p in people
        ],
        slots=[
            solver.SlotDay(
                date=d.date,
                duty=duty_type.kind,
                headcount=duty_type.headcount,
                required_skills=required,
                heavy=d.heavy,
                consecutive_guard=duty_type.kind == DutyType.Kind.HOLIDAY,
            )
            for d in days
        ],
        min_gap_days=duty_type.min_gap_days,
        time_limit_s=float(time_limit_s),
        duty_labels={duty_type.kind: duty_type.name},
    )
    return GenerationPlan(
        duty_type=duty_type,
        start_date=start_date,
        end_date=end_date,
        days=days,
        people=people,
        wishes=wishes,
        replaced_ids=replaced_ids,
        problem=problem,
    )


def generation_solve(
    plan: GenerationPlan, *, observer: solver.SolveObserver | None = None
) -> solver.Solution:
    """Step 2: CP-SAT on the plan's problem; no database. An impossible roster raises
    ValidationError naming the day and rule; a cancelled solve returns status CANCELLED."""
    solution = solver.solve(plan.problem, observer=observer)
    if solution.status == solver.SolveStatus.CANCELLED or solution.feasible:
        return solution
    labels = _skill_labels(plan.duty_type)
    names = {p.pk: p.name for p in plan.people}
    reasons = [
        explanation_text(
            e.code,
            dict(e.params),
            duty_name=plan.duty_type.name,
            skill_labels=labels,
            staff_names=names,
            fallback=e.message,
        )
        for e in solution.explanations
    ] or [_("No roster meets the rules.")]
    raise ValidationError(
        [ValidationError(reason, code=str(RosterError.NO_ROSTER_MEETS_RULES)) for reason in reasons]
    )


@transaction.atomic
def generation_store(plan: GenerationPlan, solution: solver.Solution, *, actor) -> Roster:
    """Step 3: save the solution as a draft, replacing overlapping drafts, in one transaction.

    The world may have moved while the solver ran: the duty type is locked, a roster
    published meanwhile is still never overwritten, and a person given another duty
    meanwhile makes the whole roster fail (the one-duty-a-day constraint), not half of it.
    """
    if not solution.feasible:
        raise ValueError("only a feasible solution is stored")
    duty_type = (
        DutyType.objects.select_for_update().select_related("unit").get(pk=plan.duty_type.pk)
    )
    start_date, end_date, days = plan.start_date, plan.end_date, plan.days
    _refuse_published_overlap(duty_type, start_date, end_date)
    overlapping = Roster.objects.filter(
        duty_type=duty_type, start_date__lte=end_date, end_date__gte=start_date
    )
    replaced_ids = list(overlapping.values_list("pk", flat=True))
    if set(replaced_ids) - set(plan.replaced_ids):
        # A draft made while this one was solved: its duties were not seen as busy.
        raise invalid(
            RosterError.GENERATION_SUPERSEDED,
            _("Another roster of these dates was generated meanwhile; generate again."),
        )
    staff_ids = plan.staff_ids
    wishes = plan.wishes
    people = plan.people

    Roster.objects.filter(pk__in=replaced_ids).delete()
    this_roster = Counter(a.person_id for a in solution.assignments)
    roster = Roster(
        unit=duty_type.unit,
        duty_type=duty_type,
        start_date=start_date,
        end_date=end_date,
        status=Roster.Status.DRAFT,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        figures={
            "status": str(solution.status),
            "optimal": solution.optimal,
            "seconds": solution.seconds,
            "spread": solution.spread,
            "spread_lower_bound": solution.spread_lower_bound,
            "heavy_spread": solution.heavy_spread,
            "short_gaps": solution.short_gaps,
            "preference_people": len(wishes),
            "avoided_dates_stated": _avoided_duty_days(wishes, days),
            "avoided_dates_used": solution.avoided_dates_used,
            "preferred_dates_met": solution.preferred_dates_met,
            "days": len(days),
            "counts": {str(pk): this_roster.get(pk, 0) for pk in staff_ids},
            "year_counts": {str(pk): n for pk, n in solution.counts.items()},
            "relaxations": [_explanation_dict(r) for r in solution.relaxations],
            "notes": [_explanation_dict(e) for e in solution.explanations],
            "replaced_drafts": len(replaced_ids),
        },
    )
    save_with_history(roster, actor=actor, reason="roster generated")
    leaders = {p.pk for p in people if p.is_leader}
    leader_marked: set[date] = set()
    rows = []
    for assignment in solution.assignments:
        on_call = (
            plan.duty_type.leader_on_call
            and assignment.person_id in leaders
            and assignment.date not in leader_marked
        )
        if on_call:
            leader_marked.add(assignment.date)
        rows.append(
            DutyAssignment(
                roster=roster,
                duty_type=duty_type,
                staff_id=assignment.person_id,
                date=assignment.date,
                is_leader_on_call=on_call,
            )
        )
    try:
        with transaction.atomic():
            # A year of noon duty is ~250 rows: one INSERT, with each row's creation recorded
            # in history as well (plain bulk_create would skip history).
            bulk_create_with_history(
                rows,
                DutyAssignment,
                default_user=_user(actor),
                default_change_reason="roster generated",
            )
    except IntegrityError as error:
        raise invalid(
            RosterError.DUTIES_CHANGED_MEANWHILE,
            _("Another change to these people's duties happened meanwhile; generate again."),
        ) from error
    return roster


def _avoided_duty_days(wishes: dict, days: list[DutyDay]) -> int:
    """Avoided days that are duty days of this roster: the most `avoided_dates_used` could be."""
    duty_dates = {d.date for d in days}
    return sum(len(stated.avoid & duty_dates) for stated in wishes.values())


def _explanation_dict(explanation: solver.Explanation) -> dict:
    return {
        "code": explanation.code,
        "params": dict(explanation.params),
        "message": explanation.message,
    }


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _prior_counts(
    duty_type: DutyType, staff_ids: list[int], start_date: date
) -> tuple[Counter, Counter]:
    """Published duties of this type earlier in the same calendar year: total and heavy."""
    year_start = date(start_date.year, 1, 1)
    if start_date <= year_start:
        return Counter(), Counter()
    earlier = list(
        DutyAssignment.objects.filter(
            duty_type=duty_type,
            roster__status=Roster.Status.PUBLISHED,
            staff_id__in=staff_ids,
            date__gte=year_start,
            date__lt=start_date,
        ).values_list("staff_id", "date")
    )
    totals = Counter(staff_id for staff_id, _day in earlier)
    heavy: Counter = Counter()
    if earlier and duty_type.kind == DutyType.Kind.HOLIDAY:
        heavy_days = {
            d.date
            for d in duty_days(duty_type, year_start, start_date - timedelta(days=1))
            if d.heavy
        }
        heavy = Counter(staff_id for staff_id, day in earlier if day in heavy_days)
    return totals, heavy


@transaction.atomic
def roster_publish(*, actor, roster: Roster) -> Roster:
    """Publish a draft: cadres see it, and every person on it is notified of their duties.

    Guarantees: the actor manages the unit; the roster is a draft; no published roster of
    the same duty type overlaps it. Republishing a withdrawn roster also tells each person
    who lost a duty while it was withdrawn (with the withdrawal's reason). Logged.
    """
    require_manager_of(actor, roster.unit)
    roster = Roster.objects.select_for_update().select_related("duty_type").get(pk=roster.pk)
    if roster.status != Roster.Status.DRAFT:
        raise invalid(
            RosterError.ROSTER_ALREADY_PUBLISHED,
            _("This roster is already published."),
            field="status",
        )
    clash = (
        Roster.objects.filter(
            duty_type=roster.duty_type,
            status=Roster.Status.PUBLISHED,
            start_date__lte=roster.end_date,
            end_date__gte=roster.start_date,
        )
        .exclude(pk=roster.pk)
        .first()
    )
    if clash is not None:
        raise invalid(
            RosterError.PUBLISHED_ROSTER_OVERLAPS,
            _("A published roster of %(duty)s already covers %(start)s to %(end)s.")
            % {
                "duty": roster.duty_type.name,
                "start": formats.date_format(clash.start_date, "DATE_FORMAT"),
                "end": formats.date_format(clash.end_date, "DATE_FORMAT"),
            },
            field="__all__",
        )
    roster.status = Roster.Status.PUBLISHED
    roster.published_by = actor if getattr(actor, "is_authenticated", False) else None
    roster.published_at = timezone.now()
    save_with_history(roster, actor=actor, reason="roster published")
    duty = roster.duty_type
    report = report_time(duty).strftime("%H:%M")
    bulk_create_with_history(
        [
            DutyNotification(
                recipient_id=a.staff_id,
                assignment=a,
                kind=DutyNotification.Kind.PUBLISHED,
                params={"duty": duty.name, "date": a.date.isoformat(), "report_time": report},
            )
            for a in roster.assignments.all()
        ],
        DutyNotification,
        default_user=_user(actor),
        default_change_reason="roster published",
    )
    _notify_lost_while_withdrawn(roster)
    roster_edit_log(
        actor=actor, roster=roster, action=RosterEdit.Action.PUBLISH, before=[], after=[]
    )
    return roster


def _notify_lost_while_withdrawn(roster: Roster) -> None:
    """The duties on the roster when it was last withdrawn that are no longer there (same
    person, same day): their people are told they were removed."""
    withdrawal = (
        roster.edits.filter(action=RosterEdit.Action.WITHDRAW)
        .order_by("-created_at", "-id")
        .first()
    )
    if withdrawal is None:
        return
    now = set(roster.assignments.values_list("staff_id", "date"))
    lost = [
        DutyNotification(
            recipient_id=entry["staff"],
            kind=DutyNotification.Kind.REMOVED,
            params={
                "duty": roster.duty_type.name,
                "date": entry["date"],
                "reason": withdrawal.reason,
            },
        )
        for entry in withdrawal.before
        if (entry["staff"], date.fromisoformat(entry["date"])) not in now
    ]
    if lost:
        bulk_create_with_history(
            lost,
            DutyNotification,
            default_change_reason="roster republished",
        )
