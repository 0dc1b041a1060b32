"""Roster's domain rules as plain functions: duty hours, duty days, skills, explanations.

Below services and selectors (both import from here, this imports neither), so the rules
they share no longer drag one layer into the other. Nothing here writes; `duty_days` reads
the work calendar through staffmgmt's selectors, everything else is pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from roster import solver
from roster.models import DutyAssignment, DutyType
from staffmgmt import selectors as staff_selectors
from staffmgmt.models import Staff

__all__ = [
    "HEAVY_HOLIDAY_NAMES",
    "LEADER_SKILL",
    "NOON",
    "DutyDay",
    "duty_days",
    "duty_halves",
    "explanation_text",
    "report_datetime",
    "report_time",
    "required_skill_codes",
    "skill_labels",
    "staff_skill_codes",
]

LEADER_SKILL = "__leader__"
# Heavy days: the two long holidays everybody wants off. Names in English and Chinese, so a
# bureau's own calendar override named in either language counts.
HEAVY_HOLIDAY_NAMES = frozenset({"Spring Festival", "National Day", "春节", "国庆节"})
NOON = time(12, 0)


@dataclass(frozen=True)
class DutyDay:
    date: date
    holiday_name: str
    heavy: bool


def report_time(duty_type: DutyType) -> time:
    """When the person on duty must be there: the start minus `report_minutes_before`."""
    start = datetime.combine(date(2000, 1, 2), duty_type.start_time)
    return (start - timedelta(minutes=duty_type.report_minutes_before)).time()


def report_datetime(assignment: DutyAssignment) -> datetime:
    """When the person on `assignment` must be there, as an aware datetime."""
    naive = datetime.combine(assignment.date, report_time(assignment.duty_type))
    return timezone.make_aware(naive, timezone.get_default_timezone())


def duty_halves(duty_type: DutyType) -> frozenset[str]:
    """The absence halves ("am", "pm") the duty's hours, from report time to end, touch."""
    halves = set()
    if report_time(duty_type) < NOON:
        halves.add("am")
    if duty_type.end_time > NOON:
        halves.add("pm")
    return frozenset(halves)


def duty_days(duty_type: DutyType, start: date, end: date) -> list[DutyDay]:
    """The days `duty_type` is staffed in [start, end]: working days for noon duty, plain
    weekends for weekend opening, every day of each holiday period for holiday duty."""
    with translation.override("en"):
        days = staff_selectors.calendar_days(start=start, end=end)
    wanted = {
        DutyType.Kind.NOON: "working",
        DutyType.Kind.WEEKEND: "weekend",
        DutyType.Kind.HOLIDAY: "holiday",
    }[DutyType.Kind(duty_type.kind)]
    return [
        DutyDay(
            date=day.date,
            holiday_name=day.name if day.kind == "holiday" else "",
            heavy=day.kind == "holiday" and day.name in HEAVY_HOLIDAY_NAMES,
        )
        for day in days
        if day.kind == wanted
    ]


def staff_skill_codes(person: Staff) -> frozenset[str]:
    """Skill codes of a person (skills prefetched), with the leader mark for leaders."""
    codes = {skill.code for skill in person.skills.all()}
    if person.is_leader:
        codes.add(LEADER_SKILL)
    return frozenset(codes)


def required_skill_codes(duty_type: DutyType) -> dict[str, int]:
    required = {r.skill.code: r.min_count for r in duty_type.required_skills.all()}
    if duty_type.leader_on_call:
        required[LEADER_SKILL] = 1
    return required


def skill_labels(duty_type: DutyType) -> dict[str, str]:
    """Skill code -> the name a manager reads (required skills prefetched), leader included."""
    labels = {r.skill.code: r.skill.display_name for r in duty_type.required_skills.all()}
    labels[LEADER_SKILL] = _("leader")
    return labels


def _fmt_day(value: object) -> str:
    try:
        return formats.date_format(date.fromisoformat(str(value)), "DATE_FORMAT")
    except ValueError:
        return str(value)


def explanation_text(
    code: str,
    params: dict,
    *,
    duty_name: str = "",
    skill_labels: dict[str, str] | None = None,
    staff_names: dict[int, str] | None = None,
    fallback: str = "",
) -> str:
    """A solver explanation (or relaxation) in the active language, in a manager's words."""
    skill_labels = skill_labels or {}
    staff_names = staff_names or {}
    skill = str(params.get("skill", ""))
    values = {
        **{k: v for k, v in params.items() if isinstance(v, int | float | str)},
        "date": _fmt_day(params.get("date", "")),
        "next_date": _fmt_day(params.get("next_date", "")),
        "duty": duty_name or params.get("duty", ""),
        "skill": skill_labels.get(skill, skill) if skill != LEADER_SKILL else _("leader"),
        "people": ", ".join(
            staff_names.get(int(i), str(i)) for i in params.get("person_ids", []) or []
        ),
    }
    messages = {
        "not_enough_staff": _(
            "%(date)s, %(duty)s: %(needed)s people are needed but only %(available)s are "
            "available (%(on_leave)s on leave, %(busy)s on another duty)."
        ),
        "skill_exceeds_headcount": _(
            "%(date)s, %(duty)s: %(needed)s people with the skill “%(skill)s” are required but "
            "only %(headcount)s are on duty."
        ),
        "not_enough_skilled_staff": _(
            "%(date)s, %(duty)s: %(needed)s people with the skill “%(skill)s” are needed but "
            "only %(available)s of them are available (%(on_leave)s on leave, %(busy)s on "
            "another duty)."
        ),
        "not_enough_staff_for_day": _(
            "%(date)s: %(needed)s different people are needed for that day's duties but only "
            "%(available)s are available."
        ),
        "not_enough_skilled_staff_for_day": _(
            "%(date)s: %(needed)s different people with the skill “%(skill)s” are needed for "
            "that day's duties but only %(available)s are available."
        ),
        "slot_rules_conflict": _(
            "%(date)s, %(duty)s: %(headcount)s people with all the required skills cannot be "
            "found among those available (too few of them combine the skills)."
        ),
        "day_rules_conflict": _(
            "%(date)s: the duties can each be staffed alone but not together, because nobody "
            "may serve twice on one day."
        ),
        "rules_conflict": _(
            "Every day can be staffed on its own, but no roster meets all rules together. "
            "Check long holiday runs against the number of people with the required skills."
        ),
        "no_solution_in_time": _(
            "No roster was found within %(time_limit_s)s seconds; try a longer time limit or a "
            "shorter date range."
        ),
        "greedy_fallback": _(
            "The optimiser found no roster within %(time_limit_s)s seconds; a simple fair-turn "
            "roster is shown instead. A longer time limit may balance it better."
        ),
        solver.CONSECUTIVE_RELAXED: _(
            "Holiday duty on two consecutive days (%(date)s and %(next_date)s) for %(people)s, "
            "because the unit is too small to avoid it."
        ),
    }
    template = messages.get(code)
    if template is None:
        return fallback or code
    try:
        return template % _Blank(values)
    except (TypeError, ValueError):
        return fallback or code


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "?"
