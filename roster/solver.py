"""Fair duty roster generation: a pure CP-SAT model, free of Django.

The Django layer turns duty types, staff, absences and existing rosters into a `Problem`
(only active, eligible staff; approved leave as `unavailable`; other rosters as `busy`) and
stores the `Solution` it gets back. Nothing here touches the database, so the rules can be
tested and benchmarked on their own.

Hard rules (never broken by an assignment this module returns):
  * a person on leave (`unavailable`) or already on another roster (`busy`) that day is not
    assigned;
  * each slot gets exactly its head-count, with at least the required number of people of each
    skill (a leader on call is a slot requirement on the skill "leader");
  * nobody serves twice on the same day, across all duty types solved together;
  * nobody serves guarded (holiday) duty on two consecutive days, unless the unit is too small;
    then the rule is relaxed and every use of the relaxation is reported in `relaxations`.

Soft rules, in order of weight: fair totals over the year (prior duties included), fair share
of heavy days, no two duties of a person closer than `min_gap_days`, avoided dates kept free,
preferred dates and weekdays given.

Infeasible problems return no assignments and structured `explanations` (code + params for
translation, plus an English message) that name the day and the rule.
"""

from __future__ import annotations

import bisect
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from itertools import pairwise
from typing import NamedTuple, Protocol

from ortools.sat.python import cp_model

ONE_DAY = timedelta(days=1)

# Objective weights, largest first. True lexicographic weights overflow on a year of 300 staff,
# so these only approximate the priority order; optimality is proved per component instead
# (see `Solution.optimal`).
WEIGHT_CONSECUTIVE = 100_000
WEIGHT_SPREAD = 10_000
WEIGHT_DEVIATION = 1_000
WEIGHT_HEAVY_SPREAD = 500
WEIGHT_HEAVY_DEVIATION = 100
WEIGHT_SHORT_GAP = 10
WEIGHT_AVOIDED = 5
WEIGHT_PREFERRED = 1

CONSECUTIVE_RELAXED = "consecutive_duty_allowed"


# --- input -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """A staff member who may be rostered; the caller passes only active, eligible staff."""

    id: int
    skills: frozenset[str] = frozenset()
    prior_count: int = 0
    """Duties already served (or rostered) this year, so the new roster evens out the year."""
    prior_heavy: int = 0
    """Heavy-day duties (Spring Festival, National Day, ...) already served this year."""
    unavailable: frozenset[date] = frozenset()
    """Approved leave: hard."""
    busy: frozenset[date] = frozenset()
    """Days already on another existing roster: hard."""
    avoid: frozenset[date] = frozenset()
    """Soft unavailability: kept free where possible."""
    prefer: frozenset[date] = frozenset()
    prefer_weekdays: frozenset[int] = frozenset()
    """Preferred weekdays, Monday = 0."""


@dataclass(frozen=True)
class SlotDay:
    """One duty type on one day: who and how many are needed."""

    date: date
    duty: str
    headcount: int
    required_skills: Mapping[str, int] = field(default_factory=dict, hash=False)
    """Skill -> minimum number of people with it among the `headcount`."""
    heavy: bool = False
    consecutive_guard: bool = False
    """Holiday duty: nobody on guarded duty on two consecutive calendar days."""


@dataclass(frozen=True)
class Problem:
    people: Sequence[Person]
    slots: Sequence[SlotDay]
    min_gap_days: int = 3
    """Two duties of one person less than this many days apart are penalised."""
    time_limit_s: float = 10.0
    random_seed: int = 0
    num_workers: int = 2
    duty_labels: Mapping[str, str] = field(default_factory=dict, hash=False)
    """English names for messages, e.g. {"holiday": "holiday duty"}; the key is used otherwise."""
    skill_labels: Mapping[str, str] = field(default_factory=dict, hash=False)
    """Phrases completing "people ...", e.g. {"invoice": "who can issue invoices"}."""


# --- output ----------------------------------------------------------------------------------


class Assignment(NamedTuple):
    date: date
    duty: str
    person_id: int


@dataclass(frozen=True)
class Explanation:
    """A statement for a manager: `code` and `params` to translate, `message` in English.

    Params hold only JSON values (dates as ISO strings) so they survive a task queue.
    """

    code: str
    params: Mapping[str, object] = field(hash=False)
    message: str


@dataclass(frozen=True)
class Relaxation(Explanation):
    """A hard rule deliberately loosened, and where the roster uses that."""


@dataclass(frozen=True)
class Violation(Explanation):
    """A hard rule an assignment list breaks (see `check_hard_rules`)."""


class SolveStatus(StrEnum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    TIMEOUT = "timeout"
    """No roster found within the time limit, although the rules may allow one."""
    CANCELLED = "cancelled"
    """The observer asked to stop; no roster is returned, whatever was found so far."""


@dataclass(frozen=True)
class Solution:
    status: SolveStatus
    optimal: bool
    """True when CP-SAT proved optimality, or every objective component sits at a bound proved
    here: spread == `spread_lower_bound`, heavy spread == `heavy_spread_lower_bound`, no
    deviation from the fair bands, no consecutive relaxation used, no short gap, no avoided date
    used and every preferred date given. Each component is then at its own minimum, so the
    weighted sum is minimal whatever the weights."""
    assignments: tuple[Assignment, ...]
    counts: Mapping[int, int]
    """Person id -> total duties including `prior_count`."""
    heavy_counts: Mapping[int, int]
    spread: int | None
    """max - min of `counts` (None without a roster)."""
    heavy_spread: int | None
    spread_lower_bound: int
    heavy_spread_lower_bound: int
    short_gaps: int
    """Pairs of successive duties of one person less than `min_gap_days` apart."""
    avoided_dates_used: int
    preferred_dates_met: int
    seconds: float
    relaxations: tuple[Relaxation, ...] = ()
    explanations: tuple[Explanation, ...] = ()

    @property
    def feasible(self) -> bool:
        return self.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)


@dataclass(frozen=True)
class SolveProgress:
    """Where a solve stands, for a person watching it (plain values: they go into JSON)."""

    phase: str
    """"checking" (pre-checks and the fair-turn hint), "solving" (CP-SAT searching)."""
    elapsed_s: float
    time_limit_s: float
    solutions: int = 0
    """Rosters CP-SAT has found so far, each better than the one before."""
    best_spread: int | None = None
    """Spread (most minus fewest duties over the year) of the best roster found so far."""
    spread_lower_bound: int | None = None
    """No roster can have a smaller spread (proved before the search)."""
    objective: float | None = None
    objective_bound: float | None = None
    """CP-SAT's proven bound on the weighted objective: the best still possible."""

    def as_dict(self) -> dict[str, object]:
        return {
            "phase": self.phase,
            "elapsed_s": round(self.elapsed_s, 1),
            "time_limit_s": self.time_limit_s,
            "solutions": self.solutions,
            "best_spread": self.best_spread,
            "spread_lower_bound": self.spread_lower_bound,
            "objective": self.objective,
            "objective_bound": self.objective_bound,
        }


class SolveObserver(Protocol):
    """Watches a solve: told of progress, asked whether to stop.

    Both are called from CP-SAT's or the solver's own threads: keep them quick and free of
    database work (the job runner writes what they record on its heartbeat thread).
    """

    def progress(self, progress: SolveProgress) -> None: ...

    def should_stop(self) -> bool: ...


TICK_S = 0.25
"""How often a running search reports its elapsed time and checks for a stop request."""


# --- public functions ------------------------------------------------------------------------


def solve(problem: Problem, *, observer: SolveObserver | None = None) -> Solution:
    """Roster every slot of `problem` fairly, or explain in manager's words why it cannot be.

    With an `observer`, progress is reported while the search runs (each better roster, and
    the elapsed time every TICK_S), and the search stops as soon as `should_stop()` says so:
    the solution is then CANCELLED and carries no roster.
    """
    started = time.perf_counter()
    _validate(problem)
    index = _Index(problem)
    watch = _Watch(observer, problem, index, started)
    watch.tell("checking")

    blocking = _precheck(index)
    if blocking:
        return _no_roster(index, SolveStatus.INFEASIBLE, blocking, started)

    small_pairs = _too_small_for_guard(index)
    hint = _greedy(index, relaxed=set(small_pairs))
    if watch.stopped():
        return _cancelled(index, started)
    outcome = _solve_model(index, small_pairs, hint, _time_left(problem, started), watch)
    if watch.stopped():
        return _cancelled(index, started)
    reasons = small_pairs
    if outcome.status == cp_model.INFEASIBLE and index.guarded_pairs:
        # The pair pre-check only sees two days at a time; longer holiday runs or skill mixes can
        # still need a repeat. Allowed because the unit is too small, and reported as such.
        reasons = {
            pair: small_pairs.get(pair, {"reason": "no_roster_without"})
            for pair in index.guarded_pairs
        }
        outcome = _solve_model(index, reasons, hint, _time_left(problem, started), watch)
        if watch.stopped():
            return _cancelled(index, started)

    if outcome.status == cp_model.INFEASIBLE:
        explanations = _explain_days(index) or [_rules_conflict()]
        return _no_roster(index, SolveStatus.INFEASIBLE, explanations, started)

    notes: list[Explanation] = []
    if outcome.chosen is None:
        greedy = [_assignment(index, pair) for pair in hint]
        greedy_relaxations = _used_relaxations(index, greedy, small_pairs)
        if not check_hard_rules(problem, greedy, relaxations=greedy_relaxations):
            outcome = _Outcome(status=cp_model.FEASIBLE, chosen=set(hint), proved=False)
            reasons = small_pairs
            notes.append(
                Explanation(
                    "greedy_fallback",
                    {"time_limit_s": problem.time_limit_s},
                    f"The optimiser found no roster within {problem.time_limit_s:g} s; a simple "
                    "fair-turn roster is returned instead. A longer time limit may balance it "
                    "better.",
                )
            )
        else:
            return _no_roster(index, SolveStatus.TIMEOUT, [_timeout(problem)], started)

    assignments = sorted(_assignment(index, pair) for pair in outcome.chosen)
    relaxations = _used_relaxations(index, assignments, reasons)
    figures = _figures(index, assignments)
    proved_by_bounds = (
        figures.spread == index.band.least_spread
        and figures.heavy_spread == index.heavy_band.least_spread
        and figures.deviation == index.band.least_deviation
        and figures.heavy_deviation == index.heavy_band.least_deviation
        and not relaxations
        and figures.short_gaps == 0
        and figures.avoided == 0
        and figures.preferred == index.preferable
    )
    optimal = outcome.proved or proved_by_bounds
    return Solution(
        status=SolveStatus.OPTIMAL if optimal else SolveStatus.FEASIBLE,
        optimal=optimal,
        assignments=tuple(assignments),
        counts=figures.counts,
        heavy_counts=figures.heavy_counts,
        spread=figures.spread,
        heavy_spread=figures.heavy_spread,
        spread_lower_bound=index.band.least_spread,
        heavy_spread_lower_bound=index.heavy_band.least_spread,
        short_gaps=figures.short_gaps,
        avoided_dates_used=figures.avoided,
        preferred_dates_met=figures.preferred,
        seconds=round(time.perf_counter() - started, 3),
        relaxations=tuple(relaxations),
        explanations=tuple(notes),
    )


def check_hard_rules(
    problem: Problem,
    assignments: Iterable[tuple[date, str, int]],
    *,
    relaxations: Iterable[Explanation] = (),
) -> list[Violation]:
    """Every hard rule `assignments` break, checked from scratch (independent of the model).

    Consecutive guarded duty is accepted only for the person and pair of days that one of the
    given `relaxations` names.
    """
    people = {person.id: person for person in problem.people}
    slots = {(slot.date, slot.duty): slot for slot in problem.slots}
    allowed_repeats = {
        (rel.params["date"], person_id)
        for rel in relaxations
        if rel.code == CONSECUTIVE_RELAXED
        for person_id in rel.params["person_ids"]  # type: ignore[union-attr]
    }
    violations: list[Violation] = []
    on_slot: dict[tuple[date, str], list[Person]] = defaultdict(list)
    on_day: dict[tuple[date, int], list[str]] = defaultdict(list)
    seen: set[tuple[date, str, int]] = set()

    for day, duty, person_id in assignments:
        where = {"date": day.isoformat(), "duty": duty, "person_id": person_id}
        if (day, duty) not in slots:
            violations.append(Violation("unknown_slot", where, f"{day} has no {duty} to staff"))
            continue
        person = people.get(person_id)
        if person is None:
            violations.append(
                Violation("unknown_person", where, f"Person {person_id} is not eligible staff")
            )
            continue
        if (day, duty, person_id) in seen:
            violations.append(
                Violation("assigned_twice", where, f"Person {person_id} is listed twice on {day}")
            )
            continue
        seen.add((day, duty, person_id))
        if day in person.unavailable:
            violations.append(
                Violation("on_leave", where, f"Person {person_id} is on leave on {day}")
            )
        if day in person.busy:
            violations.append(
                Violation("busy", where, f"Person {person_id} is on another roster on {day}")
            )
        on_slot[day, duty].append(person)
        on_day[day, person_id].append(duty)

    for (day, person_id), duties in sorted(on_day.items()):
        if len(duties) > 1:
            violations.append(
                Violation(
                    "twice_same_day",
                    {"date": day.isoformat(), "person_id": person_id, "duties": sorted(duties)},
                    f"Person {person_id} has {len(duties)} duties on {day}",
                )
            )

    for (day, duty), slot in sorted(slots.items()):
        staff = on_slot.get((day, duty), [])
        where = {"date": day.isoformat(), "duty": duty}
        if len(staff) != slot.headcount:
            violations.append(
                Violation(
                    "headcount_not_met",
                    {**where, "needed": slot.headcount, "assigned": len(staff)},
                    f"{day} {_duty(problem, duty)} needs {slot.headcount}, has {len(staff)}",
                )
            )
        for skill, needed in sorted(slot.required_skills.items()):
            have = sum(1 for person in staff if skill in person.skills)
            if have < needed:
                violations.append(
                    Violation(
                        "skill_not_met",
                        {**where, "skill": skill, "needed": needed, "assigned": have},
                        f"{day} {_duty(problem, duty)} needs {needed} {_skilled(problem, skill)}"
                        f", has {have}",
                    )
                )

    guarded_days: dict[int, set[date]] = defaultdict(set)
    for (day, duty), staff in on_slot.items():
        if slots[day, duty].consecutive_guard:
            for person in staff:
                guarded_days[person.id].add(day)
    for person_id, days in sorted(guarded_days.items()):
        for day in sorted(days):
            if day + ONE_DAY in days and (day.isoformat(), person_id) not in allowed_repeats:
                violations.append(
                    Violation(
                        "consecutive_duty",
                        {
                            "date": day.isoformat(),
                            "next_date": (day + ONE_DAY).isoformat(),
                            "person_id": person_id,
                        },
                        f"Person {person_id} has holiday duty on both {day} and {day + ONE_DAY}",
                    )
                )
    return violations


# --- indexing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Band:
    """The most even totals possible, ignoring day-level rules, and bounds no roster can beat.

    `lower[i]..upper[i]` is person i's fair band from integer water-filling: it maximises the
    minimum and minimises the maximum at once (the least majorised point of the totals'
    polymatroid); the caps (days a person is free) only over-estimate what a person can take.
    Skills tighten the bounds: the holders of a skill must absorb every slot's minimum of it,
    and everybody else at most the rest.
    """

    lower: list[int]
    upper: list[int]
    least_max: int
    greatest_min: int
    least_deviation: int = 0
    """Sum of distances outside the bands that any roster has."""

    @property
    def least_spread(self) -> int:
        return max(0, self.least_max - self.greatest_min)


def _water_fill(prior: Sequence[int], cap: Sequence[int], new: int) -> _Band:
    if not prior:
        return _Band([], [], 0, 0)
    new = min(new, sum(cap))  # more than that is infeasible anyway; the model will say so

    def filled(level: int) -> int:
        return sum(min(max(level - p, 0), c) for p, c in zip(prior, cap, strict=True))

    low, high = min(prior), max(p + c for p, c in zip(prior, cap, strict=True))
    while low < high:
        mid = (low + high + 1) // 2
        if filled(mid) <= new:
            low = mid
        else:
            high = mid - 1
    lower = [p + min(max(low - p, 0), c) for p, c in zip(prior, cap, strict=True)]
    upper = [p + min(max(low + 1 - p, 0), c) for p, c in zip(prior, cap, strict=True)]
    final = list(lower)
    rest = new - filled(low)
    for i in [i for i in range(len(prior)) if upper[i] > lower[i]][:rest]:
        final[i] += 1
    return _Band(lower, upper, max(final), min(final))


def _fair_band(
    prior: Sequence[int], cap: Sequence[int], new: int, demands: Iterable[tuple[set[int], int]]
) -> _Band:
    """Water-filling bands, with bounds tightened by each (skill holders, duties they must take)."""
    band = _water_fill(prior, cap, new)
    least_max, greatest_min, least_deviation = band.least_max, band.greatest_min, 0
    for holders, needed in demands:
        if needed <= 0 or not holders:
            continue
        others = [i for i in range(len(prior)) if i not in holders]
        inside = _water_fill([prior[i] for i in holders], [cap[i] for i in holders], needed)
        least_max = max(least_max, inside.least_max)
        if others:
            rest = max(0, new - needed)
            outside = _water_fill([prior[i] for i in others], [cap[i] for i in others], rest)
            greatest_min = min(greatest_min, outside.greatest_min)
        over = needed - sum(band.upper[i] - prior[i] for i in holders)
        under = sum(band.lower[i] - prior[i] for i in others) - (new - needed)
        least_deviation = max(least_deviation, max(0, over) + max(0, under))
    return _Band(band.lower, band.upper, least_max, greatest_min, least_deviation)


class _Index:
    """The problem re-indexed for the model: people and slots by position, eligibility lists."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.people = list(problem.people)
        self.slots = sorted(problem.slots, key=lambda s: (s.date, s.duty))
        self.slots_by_date: dict[date, list[int]] = defaultdict(list)
        for j, slot in enumerate(self.slots):
            self.slots_by_date[slot.date].append(j)
        self.dates = sorted(self.slots_by_date)
        self.eligible: list[list[int]] = [
            [
                i
                for i, person in enumerate(self.people)
                if slot.date not in person.unavailable and slot.date not in person.busy
            ]
            for slot in self.slots
        ]
        free_dates: list[set[date]] = [set() for _ in self.people]
        heavy_dates: list[set[date]] = [set() for _ in self.people]
        for j, slot in enumerate(self.slots):
            for i in self.eligible[j]:
                free_dates[i].add(slot.date)
                if slot.heavy:
                    heavy_dates[i].add(slot.date)
        self.free_dates = [sorted(days) for days in free_dates]
        self.guarded_pairs = [
            (day, day + ONE_DAY)
            for day in self.dates
            if self._guarded(day) and self._guarded(day + ONE_DAY)
        ]
        self.preferred = [
            {d for d in days if d in p.prefer or d.weekday() in p.prefer_weekdays}
            for p, days in zip(self.people, free_dates, strict=True)
        ]
        self.preferable = sum(len(days) for days in self.preferred)
        prior = [p.prior_count for p in self.people]
        prior_heavy = [p.prior_heavy for p in self.people]
        self.band = _fair_band(
            prior, [len(days) for days in free_dates], *self._demands(self.slots)
        )
        heavy_slots = [slot for slot in self.slots if slot.heavy]
        self.heavy_band = _fair_band(
            prior_heavy, [len(days) for days in heavy_dates], *self._demands(heavy_slots)
        )

    def _demands(self, slots: list[SlotDay]) -> tuple[int, list[tuple[set[int], int]]]:
        """Duties in `slots`, and per skill (its holders, how many duties they must take)."""
        needed: dict[str, int] = defaultdict(int)
        for slot in slots:
            for skill, n in slot.required_skills.items():
                needed[skill] += min(n, slot.headcount)
        demands = [
            ({i for i, p in enumerate(self.people) if skill in p.skills}, n)
            for skill, n in sorted(needed.items())
        ]
        return sum(slot.headcount for slot in slots), demands

    def _guarded(self, day: date) -> bool:
        return any(self.slots[j].consecutive_guard for j in self.slots_by_date.get(day, ()))

    def guarded_slots(self, day: date) -> list[int]:
        return [j for j in self.slots_by_date[day] if self.slots[j].consecutive_guard]


def _validate(problem: Problem) -> None:
    ids = [person.id for person in problem.people]
    if len(set(ids)) != len(ids):
        raise ValueError("person ids must be unique")
    keys = [(slot.date, slot.duty) for slot in problem.slots]
    if len(set(keys)) != len(keys):
        raise ValueError("each duty may appear once per date")
    if any(
        slot.headcount < 0 or min(slot.required_skills.values(), default=0) < 0
        for slot in problem.slots
    ):
        raise ValueError("head-counts and skill minimums must not be negative")
    if problem.min_gap_days < 1 or problem.time_limit_s <= 0:
        raise ValueError("min_gap_days must be >= 1 and time_limit_s > 0")


def _time_left(problem: Problem, started: float) -> float:
    return max(0.5, problem.time_limit_s - (time.perf_counter() - started))


# --- pre-checks and explanations -------------------------------------------------------------


def _duty(problem: Problem, duty: str) -> str:
    return problem.duty_labels.get(duty, duty)


def _skilled(problem: Problem, skill: str) -> str:
    return problem.skill_labels.get(skill, f"with skill '{skill}'")


def _people(n: int) -> str:
    return "person" if n == 1 else "people"


def _is_are(n: int) -> str:
    return "is" if n == 1 else "are"


def _absent_note(on_leave: int, busy: int) -> str:
    parts = [f"{on_leave} on leave"] if on_leave else []
    if busy:
        parts.append(f"{busy} on another duty")
    return f" ({', '.join(parts)})" if parts else ""


def _precheck(index: _Index) -> list[Explanation]:
    """Cheap per-day counting: head-count and skilled people free, per slot and per day."""
    problem = index.problem
    found: list[Explanation] = []
    for day in index.dates:
        on_leave = [p for p in index.people if day in p.unavailable]
        busy = [p for p in index.people if day in p.busy and day not in p.unavailable]
        free = [p for p in index.people if day not in p.unavailable and day not in p.busy]
        day_slots = [index.slots[j] for j in index.slots_by_date[day]]
        for slot in day_slots:
            where = {"date": day.isoformat(), "duty": slot.duty}
            label = f"{day} {_duty(problem, slot.duty)}"
            if len(free) < slot.headcount:
                found.append(
                    Explanation(
                        "not_enough_staff",
                        {
                            **where,
                            "needed": slot.headcount,
                            "available": len(free),
                            "on_leave": len(on_leave),
                            "busy": len(busy),
                        },
                        f"{label} needs {slot.headcount} {_people(slot.headcount)} but only "
                        f"{len(free)} {_is_are(len(free))} available"
                        f"{_absent_note(len(on_leave), len(busy))}",
                    )
                )
            for skill, needed in sorted(slot.required_skills.items()):
                if needed > slot.headcount:
                    found.append(
                        Explanation(
                            "skill_exceeds_headcount",
                            {
                                **where,
                                "skill": skill,
                                "needed": needed,
                                "headcount": slot.headcount,
                            },
                            f"{label} asks for {needed} {_people(needed)} "
                            f"{_skilled(problem, skill)} but only {slot.headcount} "
                            f"{_is_are(slot.headcount)} on duty",
                        )
                    )
                    continue
                skilled = sum(1 for p in free if skill in p.skills)
                if skilled < needed:
                    away = sum(1 for p in on_leave if skill in p.skills)
                    elsewhere = sum(1 for p in busy if skill in p.skills)
                    found.append(
                        Explanation(
                            "not_enough_skilled_staff",
                            {
                                **where,
                                "skill": skill,
                                "needed": needed,
                                "available": skilled,
                                "on_leave": away,
                                "busy": elsewhere,
                            },
                            f"{label} needs {needed} {_people(needed)} {_skilled(problem, skill)}"
                            f" but only {skilled} such {_people(skilled)} {_is_are(skilled)} "
                            f"available{_absent_note(away, elsewhere) or ' (nobody else has it)'}",
                        )
                    )
        if len(day_slots) > 1:
            found.extend(_precheck_day_together(problem, day, day_slots, free))
    return found


def _precheck_day_together(
    problem: Problem, day: date, day_slots: list[SlotDay], free: list[Person]
) -> list[Explanation]:
    duties = [slot.duty for slot in day_slots]
    names = " and ".join(_duty(problem, duty) for duty in duties)
    where = {"date": day.isoformat(), "duties": duties}
    found = []
    needed = sum(slot.headcount for slot in day_slots)
    if needed > len(free) and all(slot.headcount <= len(free) for slot in day_slots):
        found.append(
            Explanation(
                "not_enough_staff_for_day",
                {**where, "needed": needed, "available": len(free)},
                f"{day} needs {needed} different people for {names} together but only "
                f"{len(free)} {_is_are(len(free))} available",
            )
        )
    skills = sorted({skill for slot in day_slots for skill in slot.required_skills})
    for skill in skills:
        wanted = sum(slot.required_skills.get(skill, 0) for slot in day_slots)
        have = sum(1 for p in free if skill in p.skills)
        if have < wanted and all(slot.required_skills.get(skill, 0) <= have for slot in day_slots):
            found.append(
                Explanation(
                    "not_enough_skilled_staff_for_day",
                    {**where, "skill": skill, "needed": wanted, "available": have},
                    f"{day} needs {wanted} different people {_skilled(problem, skill)} for "
                    f"{names} together but only {have} such {_people(have)} "
                    f"{_is_are(have)} available",
                )
            )
    return found


def _too_small_for_guard(index: _Index) -> dict[tuple[date, date], dict[str, object]]:
    """Pairs of guarded days that two disjoint teams cannot staff; the reason for each.

    For two days, disjoint teams exist iff each day alone is staffable and the union of people
    free on either day covers both head-counts (Hall's condition for two days); the same test
    per skill. Longer runs are left to the model.
    """
    too_small: dict[tuple[date, date], dict[str, object]] = {}
    for first, second in index.guarded_pairs:
        teams = [index.guarded_slots(first), index.guarded_slots(second)]
        free = [{i for j in slots for i in index.eligible[j]} for slots in teams]
        union = free[0] | free[1]
        needed = sum(index.slots[j].headcount for slots in teams for j in slots)
        if len(union) < needed:
            too_small[first, second] = {
                "reason": "too_few_people",
                "needed": needed,
                "available": len(union),
            }
            continue
        skills = {s for slots in teams for j in slots for s in index.slots[j].required_skills}
        for skill in sorted(skills):
            wanted = sum(index.slots[j].required_skills.get(skill, 0) for s in teams for j in s)
            have = sum(1 for i in union if skill in index.people[i].skills)
            if have < wanted:
                too_small[first, second] = {
                    "reason": "too_few_skilled_people",
                    "skill": skill,
                    "needed": wanted,
                    "available": have,
                }
                break
    return too_small


def _explain_days(index: _Index) -> list[Explanation]:
    """Find the days whose own rules conflict, solving each day (and each slot) alone."""
    problem = index.problem
    found = []
    for day in index.dates:
        slots = index.slots_by_date[day]
        if _day_feasible(index, slots):
            continue
        lonely = [j for j in slots if not _day_feasible(index, [j])]
        for j in lonely or []:
            slot = index.slots[j]
            needs = ", ".join(
                f"{n} {_skilled(problem, s)}" for s, n in sorted(slot.required_skills.items())
            )
            found.append(
                Explanation(
                    "slot_rules_conflict",
                    {
                        "date": day.isoformat(),
                        "duty": slot.duty,
                        "headcount": slot.headcount,
                        "required_skills": dict(slot.required_skills),
                    },
                    f"{day} {_duty(problem, slot.duty)} cannot get {slot.headcount} "
                    f"{_people(slot.headcount)} including {needs} from the people available "
                    "that day (too few of them combine the skills)",
                )
            )
        if not lonely:
            duties = [index.slots[j].duty for j in slots]
            names = " and ".join(_duty(problem, d) for d in duties)
            found.append(
                Explanation(
                    "day_rules_conflict",
                    {"date": day.isoformat(), "duties": duties},
                    f"{day}: {names} can each be staffed alone but not together, because "
                    "nobody may serve twice that day",
                )
            )
    return found


def _day_feasible(index: _Index, slot_ids: list[int]) -> bool:
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    for j in slot_ids:
        for i in index.eligible[j]:
            x[i, j] = model.new_bool_var("")
    _add_slot_rules(index, model, x, slot_ids)
    per_person: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    for (i, _), var in x.items():
        per_person[i].append(var)
    for lits in per_person.values():
        if len(lits) > 1:
            model.add_at_most_one(lits)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 5
    return solver.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def _rules_conflict() -> Explanation:
    return Explanation(
        "rules_conflict",
        {},
        "Every day can be staffed on its own, but no roster meets all rules together. "
        "Check long holiday runs against the number of people with the required skills.",
    )


def _timeout(problem: Problem) -> Explanation:
    return Explanation(
        "no_solution_in_time",
        {"time_limit_s": problem.time_limit_s},
        f"No roster was found within {problem.time_limit_s:g} s; try a longer time limit or a "
        "shorter date range.",
    )


def _used_relaxations(
    index: _Index,
    assignments: Iterable[Assignment],
    reasons: Mapping[tuple[date, date], Mapping[str, object]],
) -> list[Relaxation]:
    problem = index.problem
    guarded: dict[date, set[int]] = defaultdict(set)
    duties: dict[date, set[str]] = defaultdict(set)
    guard = {(s.date, s.duty) for s in index.slots if s.consecutive_guard}
    for day, duty, person_id in assignments:
        if (day, duty) in guard:
            guarded[day].add(person_id)
            duties[day].add(duty)
    found = []
    for (first, second), reason in sorted(reasons.items()):
        repeated = sorted(guarded[first] & guarded[second])
        if not repeated:
            continue
        names = " and ".join(_duty(problem, d) for d in sorted(duties[first] | duties[second]))
        if "needed" in reason:
            skill = reason.get("skill")
            who = f"people {_skilled(problem, str(skill))}" if skill else "different people"
            why = (
                f"the unit is too small: the two days need {reason['needed']} {who} but only "
                f"{reason['available']} {_is_are(int(reason['available']))} available"  # type: ignore[call-overload]
            )
        else:
            why = "the unit is too small to staff the holiday run without a repeat"
        ids = ", ".join(str(i) for i in repeated)
        found.append(
            Relaxation(
                CONSECUTIVE_RELAXED,
                {
                    "date": first.isoformat(),
                    "next_date": second.isoformat(),
                    "duties": sorted(duties[first] | duties[second]),
                    "person_ids": repeated,
                    **reason,
                },
                f"{names.capitalize()} on two consecutive days allowed on {first} and "
                f"{second} for {_people(len(repeated))} {ids}, because {why}.",
            )
        )
    return found


# --- greedy hint -----------------------------------------------------------------------------


def _greedy(index: _Index, relaxed: set[tuple[date, date]]) -> set[tuple[int, int]]:
    """A fair-turn roster, day by day: the person furthest behind their fair band goes next.

    Used as the solver's hint (it makes the first solution nearly free) and as a fallback.
    Slots it cannot fill are left short; the model repairs them.
    """
    people = index.people
    gap = index.problem.min_gap_days
    totals = [p.prior_count for p in people]
    heavy = [p.prior_heavy for p in people]
    last: list[date | None] = [None] * len(people)
    target = [(lo + hi) / 2 for lo, hi in zip(index.band.lower, index.band.upper, strict=True)]
    chosen: set[tuple[int, int]] = set()
    guarded_on: dict[date, set[int]] = defaultdict(set)

    for day in index.dates:
        today: set[int] = set()
        yesterday = guarded_on.get(day - ONE_DAY, set())
        may_repeat = (day - ONE_DAY, day) in relaxed
        slot_ids = sorted(
            index.slots_by_date[day], key=lambda j: -sum(index.slots[j].required_skills.values())
        )
        for j in slot_ids:
            slot = index.slots[j]

            candidates = [i for i in index.eligible[j] if i not in today]
            turn: dict[int, tuple] = {}
            for i in candidates:
                left = len(index.free_dates[i]) - bisect.bisect_left(index.free_dates[i], day)
                urgency = (target[i] - totals[i]) / max(left, 1)
                turn[i] = (
                    totals[i] >= index.band.upper[i],
                    slot.consecutive_guard and not may_repeat and i in yesterday,
                    slot.heavy and heavy[i] >= index.heavy_band.upper[i],
                    last[i] is not None and (day - last[i]).days < gap,
                    -urgency,
                    day in people[i].avoid,
                    day not in index.preferred[i],
                    (i + day.toordinal()) % len(people),
                )
            picks: list[int] = []
            picks: list[int] = []
            for skill, needed in sorted(slot.required_skills.items()):
                have = sum(1 for i in picks if skill in people[i].skills)
                pool = [i for i in candidates if skill in people[i].skills and i not in picks]
                picks += sorted(pool, key=turn.__getitem__)[: max(0, needed - have)]
            pool = [i for i in candidates if i not in picks]
            picks += sorted(pool, key=turn.__getitem__)[: max(0, slot.headcount - len(picks))]
            for i in picks[: slot.headcount]:
                chosen.add((i, j))
                today.add(i)
                totals[i] += 1
                heavy[i] += slot.heavy
                last[i] = day
                if slot.consecutive_guard:
                    guarded_on[day].add(i)
    return chosen


# --- the CP-SAT model ------------------------------------------------------------------------


@dataclass
class _Outcome:
    status: int
    chosen: set[tuple[int, int]] | None
    proved: bool


def _add_slot_rules(
    index: _Index,
    model: cp_model.CpModel,
    x: Mapping[tuple[int, int], cp_model.IntVar],
    slot_ids: Iterable[int],
) -> None:
    for j in slot_ids:
        slot = index.slots[j]
        lits = [x[i, j] for i in index.eligible[j]]
        model.add(cp_model.LinearExpr.sum(lits) == slot.headcount)
        for skill, needed in slot.required_skills.items():
            if needed:
                skilled = [x[i, j] for i in index.eligible[j] if skill in index.people[i].skills]
                model.add(cp_model.LinearExpr.sum(skilled) >= needed)


class _HintedModel(cp_model.CpModel):
    """A CpModel whose every variable carries a hint value, so the greedy roster enters the
    search as a complete solution instead of a partial guess CP-SAT must first repair."""

    def __init__(self) -> None:
        super().__init__()
        self.hints: list[tuple[cp_model.IntVar, int]] = []

    def hinted_int(self, low: int, high: int, value: int) -> cp_model.IntVar:
        var = self.new_int_var(low, max(high, low), "")
        self.hints.append((var, min(max(value, low), max(high, low))))
        return var

    def hinted_bool(self, value: bool) -> cp_model.IntVar:
        var = self.new_bool_var("")
        self.hints.append((var, int(value)))
        return var

    def apply_hints(self) -> None:
        for var, value in self.hints:
            self.add_hint(var, value)


def _solve_model(
    index: _Index,
    relaxed: Mapping[tuple[date, date], object],
    hint: set[tuple[int, int]],
    seconds: float,
    watch: _Watch | None = None,
) -> _Outcome:
    problem = index.problem
    people = range(len(index.people))
    model = _HintedModel()
    x = {
        (i, j): model.hinted_bool((i, j) in hint)
        for j in range(len(index.slots))
        for i in index.eligible[j]
    }
    _add_slot_rules(index, model, x, range(len(index.slots)))

    # on[i][day]: person i's duty literals that day, with their hint values.
    on: list[dict[date, list[cp_model.IntVar]]] = [defaultdict(list) for _ in people]
    hinted_on: list[dict[date, int]] = [defaultdict(int) for _ in people]
    guarded_on: list[dict[date, list[cp_model.IntVar]]] = [defaultdict(list) for _ in people]
    hinted_guarded: list[dict[date, int]] = [defaultdict(int) for _ in people]
    totals_of: list[list[cp_model.IntVar]] = [[] for _ in people]
    heavy_of: list[list[cp_model.IntVar]] = [[] for _ in people]
    for (i, j), var in x.items():
        slot, value = index.slots[j], int((i, j) in hint)
        on[i][slot.date].append(var)
        hinted_on[i][slot.date] += value
        totals_of[i].append(var)
        if slot.heavy:
            heavy_of[i].append(var)
        if slot.consecutive_guard:
            guarded_on[i][slot.date].append(var)
            hinted_guarded[i][slot.date] += value
    for days in on:
        for lits in days.values():
            if len(lits) > 1:
                model.add_at_most_one(lits)

    penalties: list[tuple[cp_model.LinearExprT, int]] = []
    repeats = []
    for i in people:
        for first, second in index.guarded_pairs:
            lits = guarded_on[i].get(first, []) + guarded_on[i].get(second, [])
            if len(lits) < 2:
                continue
            if (first, second) in relaxed:
                both = hinted_guarded[i][first] + hinted_guarded[i][second]
                repeat = model.hinted_bool(both > 1)
                model.add(cp_model.LinearExpr.sum(lits) <= 1 + repeat)
                repeats.append(repeat)
            else:
                model.add_at_most_one(lits)
    penalties.append((cp_model.LinearExpr.sum(repeats), WEIGHT_CONSECUTIVE))

    # Fairness over the year: totals include prior duties. The proved bounds go into domains
    # and constraints, so CP-SAT's own bound reaches them and it can stop with OPTIMAL.
    hinted_totals = [p.prior_count for p in index.people]
    hinted_heavy = [p.prior_heavy for p in index.people]
    spread_of_totals: tuple[cp_model.IntVar, cp_model.IntVar] | None = None
    for i, j in hint:
        hinted_totals[i] += 1
        hinted_heavy[i] += index.slots[j].heavy
    for band, weights, lits_of, prior, hinted in (
        (index.band, (WEIGHT_SPREAD, WEIGHT_DEVIATION), totals_of, "prior_count", hinted_totals),
        (
            index.heavy_band,
            (WEIGHT_HEAVY_SPREAD, WEIGHT_HEAVY_DEVIATION),
            heavy_of,
            "prior_heavy",
            hinted_heavy,
        ),
    ):
        if not index.people:
            break
        top = max([*band.upper, *hinted, band.least_max]) + len(index.dates)
        most = model.hinted_int(band.least_max, top, max(hinted))
        least = model.hinted_int(0, band.greatest_min, min(hinted))
        deviations = []
        for i, person in enumerate(index.people):
            base = getattr(person, prior)
            total = model.hinted_int(base, base + len(lits_of[i]), hinted[i])
            model.add(total == base + cp_model.LinearExpr.sum(lits_of[i]))
            model.add(most >= total)
            model.add(least <= total)
            over = model.hinted_int(0, top, hinted[i] - band.upper[i])
            under = model.hinted_int(0, band.lower[i], band.lower[i] - hinted[i])
            model.add(over >= total - band.upper[i])
            model.add(under >= band.lower[i] - total)
            deviations += [over, under]
        deviation = cp_model.LinearExpr.sum(deviations)
        model.add(deviation >= band.least_deviation)
        if spread_of_totals is None:
            spread_of_totals = (most, least)
        penalties.append((most - least, weights[0]))
        penalties.append((deviation, weights[1]))

    # Short gaps as sliding windows of `min_gap_days` calendar days (linear in days, where
    # pairwise terms would be quadratic): duties in a window above one cost a slack unit.
    gap = timedelta(days=problem.min_gap_days)
    slacks = []
    for i in people:
        days = index.free_dates[i]
        for k, start in enumerate(days):
            end = bisect.bisect_left(days, start + gap, lo=k)
            if end - k < 2:
                continue
            lits = [var for day in days[k:end] for var in on[i][day]]
            hinted = sum(hinted_on[i][day] for day in days[k:end])
            slack = model.hinted_int(0, end - k - 1, hinted - 1)
            model.add(cp_model.LinearExpr.sum(lits) <= 1 + slack)
            slacks.append(slack)
    penalties.append((cp_model.LinearExpr.sum(slacks), WEIGHT_SHORT_GAP))

    avoided = [
        var
        for i, person in enumerate(index.people)
        for day in person.avoid
        for var in on[i].get(day, [])
    ]
    preferred = [var for i in people for day in index.preferred[i] for var in on[i][day]]
    penalties.append((cp_model.LinearExpr.sum(avoided), WEIGHT_AVOIDED))
    # A missed preference costs, rather than a met one earning, so every term is >= 0.
    penalties.append((len(preferred) - cp_model.LinearExpr.sum(preferred), WEIGHT_PREFERRED))

    model.minimize(
        cp_model.LinearExpr.weighted_sum(
            [expr for expr, _ in penalties], [weight for _, weight in penalties]
        )
    )
    model.apply_hints()

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = problem.num_workers
    solver.parameters.random_seed = problem.random_seed
    # Default presolve repeats dual reductions that buy nothing here and took 20 s of a year
    # for 300 staff; one pass keeps the useful reductions at a third of the cost.
    solver.parameters.max_presolve_iterations = 1
    if watch is not None and watch.observer is not None:
        status = watch.search(solver, model, spread_of_totals)
    else:
        status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _Outcome(status=status, chosen=None, proved=False)
    chosen = {key for key, var in x.items() if solver.boolean_value(var)}
    return _Outcome(status=status, chosen=chosen, proved=status == cp_model.OPTIMAL)


class _Watch:
    """The observer's side of a solve: progress out, stop requests in (observer optional)."""

    def __init__(
        self, observer: SolveObserver | None, problem: Problem, index: _Index, started: float
    ) -> None:
        self.observer = observer
        self.problem = problem
        self.started = started
        self.spread_lower_bound = index.band.least_spread if index.people else None
        self.solutions = 0
        self.best_spread: int | None = None
        self.objective: float | None = None
        self.bound: float | None = None
        self._stopped = False

    def stopped(self) -> bool:
        if self.observer is not None and not self._stopped:
            self._stopped = bool(self.observer.should_stop())
        return self._stopped

    def tell(self, phase: str) -> None:
        if self.observer is None:
            return
        self.observer.progress(
            SolveProgress(
                phase=phase,
                elapsed_s=time.perf_counter() - self.started,
                time_limit_s=self.problem.time_limit_s,
                solutions=self.solutions,
                best_spread=self.best_spread,
                spread_lower_bound=self.spread_lower_bound,
                objective=self.objective,
                objective_bound=self.bound,
            )
        )

    def search(
        self,
        solver: cp_model.CpSolver,
        model: cp_model.CpModel,
        spread: tuple[cp_model.IntVar, cp_model.IntVar] | None,
    ) -> int:
        """solver.solve with a solution callback and a ticker that can stop the search."""
        watch = self

        class Callback(cp_model.CpSolverSolutionCallback):
            def on_solution_callback(self) -> None:
                watch.solutions += 1
                if spread is not None:
                    watch.best_spread = int(self.value(spread[0]) - self.value(spread[1]))
                watch.objective = float(self.objective_value)
                watch.bound = float(self.best_objective_bound)
                watch.tell("solving")
                if watch.stopped():
                    self.stop_search()

        done = threading.Event()

        def tick() -> None:
            # CP-SAT may search long between two better rosters; the ticker keeps the
            # elapsed time moving and hears a cancellation within TICK_S.
            while not done.wait(TICK_S):
                if watch.stopped():
                    solver.stop_search()
                    return
                watch.tell("solving")

        ticker = threading.Thread(target=tick, name="solve-ticker", daemon=True)
        self.tell("solving")
        ticker.start()
        try:
            return solver.solve(model, Callback())
        finally:
            done.set()
            ticker.join(timeout=5)
            if self.solutions:
                self.bound = float(solver.best_objective_bound)


def _cancelled(index: _Index, started: float) -> Solution:
    return _no_roster(
        index,
        SolveStatus.CANCELLED,
        [Explanation("cancelled", {}, "The solve was stopped on request.")],
        started,
    )


# --- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Figures:
    counts: dict[int, int]
    heavy_counts: dict[int, int]
    spread: int | None
    heavy_spread: int | None
    deviation: int
    heavy_deviation: int
    short_gaps: int
    avoided: int
    preferred: int


def _assignment(index: _Index, pair: tuple[int, int]) -> Assignment:
    i, j = pair
    slot = index.slots[j]
    return Assignment(slot.date, slot.duty, index.people[i].id)


def _figures(index: _Index, assignments: Sequence[Assignment]) -> _Figures:
    """Fairness and soft-rule figures, recomputed from the assignments themselves."""
    heavy_slots = {(s.date, s.duty) for s in index.slots if s.heavy}
    counts = {p.id: p.prior_count for p in index.people}
    heavy_counts = {p.id: p.prior_heavy for p in index.people}
    days: dict[int, list[date]] = defaultdict(list)
    for day, duty, person_id in assignments:
        counts[person_id] += 1
        heavy_counts[person_id] += (day, duty) in heavy_slots
        days[person_id].append(day)

    def deviation(band: _Band, totals: Mapping[int, int]) -> int:
        return sum(
            max(0, totals[p.id] - band.upper[i]) + max(0, band.lower[i] - totals[p.id])
            for i, p in enumerate(index.people)
        )

    gap = index.problem.min_gap_days
    short_gaps = sum(
        1
        for person_days in days.values()
        for a, b in pairwise(sorted(person_days))
        if (b - a).days < gap
    )
    by_id = {p.id: i for i, p in enumerate(index.people)}
    avoided = sum(1 for a in assignments if a.date in index.people[by_id[a.person_id]].avoid)
    preferred = len(
        {
            (a.person_id, a.date)
            for a in assignments
            if a.date in index.preferred[by_id[a.person_id]]
        }
    )
    return _Figures(
        counts=counts,
        heavy_counts=heavy_counts,
        spread=max(counts.values()) - min(counts.values()) if counts else None,
        heavy_spread=max(heavy_counts.values()) - min(heavy_counts.values())
        if heavy_counts
        else None,
        deviation=deviation(index.band, counts),
        heavy_deviation=deviation(index.heavy_band, heavy_counts),
        short_gaps=short_gaps,
        avoided=avoided,
        preferred=preferred,
    )


def _no_roster(
    index: _Index, status: SolveStatus, explanations: Sequence[Explanation], started: float
) -> Solution:
    return Solution(
        status=status,
        optimal=False,
        assignments=(),
        counts={p.id: p.prior_count for p in index.people},
        heavy_counts={p.id: p.prior_heavy for p in index.people},
        spread=None,
        heavy_spread=None,
        spread_lower_bound=index.band.least_spread,
        heavy_spread_lower_bound=index.heavy_band.least_spread,
        short_gaps=0,
        avoided_dates_used=0,
        preferred_dates_met=0,
        seconds=round(time.perf_counter() - started, 3),
        explanations=tuple(explanations),
    )
