"""Generating a roster with the CP-SAT solver, and publishing it.

The solver (`roster.solver`) is pure; this module turns the unit's staff, approved leave,
the work calendar and existing rosters into its `Problem`, and its `Solution` into rows.

Leave and duty hours: an absence blocks a duty when it takes a half day the duty touches.
The morning half ends at noon and the afternoon half starts at noon, so a duty touches the
morning when its report time is before 12:00 and the afternoon when it ends after 12:00.
Noon duty (report 11:45, end 14:00) therefore touches both halves: any leave that day
excludes the person, which is also what a manager expects (nobody comes in over lunch on
their day off).

Long solves run synchronously within `time_limit_s` (at most MAX_TIME_LIMIT_S). Beyond one
machine the call belongs in a task queue; the solver's input and output are plain data so
that move needs no change here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta

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
from roster.models import DutyAssignment, DutyNotification, DutyType, Roster
from roster.services.duty_types import require_manager_of
from staffmgmt import selectors as staff_selectors

__all__ = [
    "MAX_ROSTER_DAYS",
    "MAX_TIME_LIMIT_S",
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


@transaction.atomic
def roster_generate(
    *,
    actor,
    duty_type: DutyType,
    start_date: date,
    end_date: date,
    time_limit_s: float = 20,
) -> Roster:
    """Generate a draft roster of `duty_type` for [start_date, end_date].

    Guarantees: the actor manages the unit; only active staff of the unit and of the units
    below it (a hall's duty draws on its sections), nobody on leave during the duty's
    hours, head-count and skills met every day, nobody twice on one day (other rosters,
    drafts included, count as busy), no holiday duty on consecutive days
    unless the unit is too small (then reported in the figures). Duties of this type earlier
    in the year count, so the year evens out. A draft of the same duty type overlapping the
    range is replaced; a published one is never overwritten. When the rules cannot be met,
    ValidationError says which day and which rule, and nothing is written.
    """
    require_manager_of(actor, duty_type.unit)
    _validate_range(duty_type, start_date, end_date, time_limit_s)
    duty_type = (
        DutyType.objects.select_for_update()
        .select_related("unit")
        .prefetch_related("required_skills__skill")
        .get(pk=duty_type.pk)
    )
    overlapping = Roster.objects.filter(
        duty_type=duty_type, start_date__lte=end_date, end_date__gte=start_date
    )
    published = overlapping.filter(status=Roster.Status.PUBLISHED).first()
    if published is not None:
        raise ValidationError(
            {
                "start_date": _(
                    "A published roster of %(duty)s already covers %(start)s to %(end)s; "
                    "choose dates outside it or edit that roster by hand."
                )
                % {
                    "duty": duty_type.name,
                    "start": formats.date_format(published.start_date, "DATE_FORMAT"),
                    "end": formats.date_format(published.end_date, "DATE_FORMAT"),
                }
            }
        )
    replaced_ids = list(overlapping.values_list("pk", flat=True))

    days = duty_days(duty_type, start_date, end_date)
    if not days:
        raise ValidationError(
            {
                "end_date": _("There is no day for %(duty)s between these dates.")
                % {"duty": duty_type.name}
            }
        )
    people = list(staff_selectors.active_staff_of_unit_unscoped(unit=duty_type.unit).order_by("pk"))
    if not people:
        raise ValidationError(
            {"duty_type": _("%(unit)s has no active staff.") % {"unit": duty_type.unit}}
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
    solution = solver.solve(problem)
    labels = _skill_labels(duty_type)
    names = {p.pk: p.name for p in people}
    if not solution.feasible:
        raise ValidationError(
            {
                "__all__": [
                    explanation_text(
                        e.code,
                        dict(e.params),
                        duty_name=duty_type.name,
                        skill_labels=labels,
                        staff_names=names,
                        fallback=e.message,
                    )
                    for e in solution.explanations
                ]
                or [_("No roster meets the rules.")]
            }
        )

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
            duty_type.leader_on_call
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
        raise ValidationError(
            _("Another change to these people's duties happened meanwhile; generate again.")
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
    the same duty type overlaps it.
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
    return roster
