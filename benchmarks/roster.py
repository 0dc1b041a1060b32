"""Benchmark: one year (2026) of noon and holiday duty for a 60- and a 300-person unit.

Noon duty: every working day of the Chinese calendar (adjusted weekend working days
included), 2 people, at least 1 who can issue invoices. Holiday duty: every day of each
holiday period (a maximal run of non-working days holding a public holiday), 2 people, at
least 1 leader, nobody on two consecutive days; Spring Festival and National Day are heavy.
10% of staff take random leave blocks. Everything is seeded, so runs are comparable.

Run: `python benchmarks/roster.py [staff ...]` from the repository root. Prints one JSON line
per staff size: staff, days, seconds, spread, optimal, hard_violations and more figures.
Targets (2 cores): 60 staff <= 10 s, spread <= 1, optimal; 300 staff <= 60 s, spread <= 1.
"""

from __future__ import annotations

import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path

import holidays

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from roster.solver import Person, Problem, SlotDay, check_hard_rules, solve

YEAR = 2026
SEED = 20260101
HEAVY_HOLIDAYS = ("Spring Festival", "National Day")
TIME_LIMITS = {60: 10.0, 300: 60.0}


def year_slots(year: int) -> list[SlotDay]:
    calendar = holidays.China(years=year, language="en_US")
    days = [
        date(year, 1, 1) + timedelta(days=n)
        for n in range((date(year + 1, 1, 1) - date(year, 1, 1)).days)
    ]
    slots = [
        SlotDay(day, "noon", 2, {"invoice": 1}) for day in days if calendar.is_working_day(day)
    ]
    run: list[date] = []
    for day in [*days, date(year + 1, 1, 1)]:
        if day.year == year and not calendar.is_working_day(day):
            run.append(day)
            continue
        if any(d in calendar for d in run):
            heavy = any(name in calendar.get(d, "") for d in run for name in HEAVY_HOLIDAYS)
            slots += [
                SlotDay(d, "holiday", 2, {"leader": 1}, heavy=heavy, consecutive_guard=True)
                for d in run
            ]
        run = []
    return slots


def unit(staff: int, days: list[date], rng: random.Random) -> list[Person]:
    """60% can issue invoices, 20% lead; a random 10% take one or two leave blocks.

    The mix matters: with 40% invoice holders, 300 staff cannot reach spread 1 at all (the
    holders must absorb 250 invoice seats), and the solver proves a bound of 2 instead.
    """
    on_leave = set(rng.sample(range(staff), k=max(1, staff // 10)))
    people = []
    for n in range(staff):
        skills = set()
        if rng.random() < 0.6:
            skills.add("invoice")
        if rng.random() < 0.2:
            skills.add("leader")
        leave: set[date] = set()
        if n in on_leave:
            for _ in range(rng.randint(1, 2)):
                start = rng.choice(days)
                leave |= {start + timedelta(days=k) for k in range(rng.randint(3, 21))}
        people.append(Person(id=n + 1, skills=frozenset(skills), unavailable=frozenset(leave)))
    return people


def run(staff: int) -> dict[str, object]:
    rng = random.Random(SEED + staff)
    slots = year_slots(YEAR)
    days = sorted({slot.date for slot in slots})
    people = unit(staff, days, rng)
    problem = Problem(
        people=people,
        slots=slots,
        min_gap_days=3,
        time_limit_s=TIME_LIMITS.get(staff, 60.0),
        random_seed=0,
        num_workers=2,
    )
    solution = solve(problem)
    violations = check_hard_rules(problem, solution.assignments, relaxations=solution.relaxations)
    return {
        "benchmark": "roster_year",
        "year": YEAR,
        "staff": staff,
        "days": len(days),
        "slots": len(slots),
        "duties": len(solution.assignments),
        "seconds": solution.seconds,
        "status": str(solution.status),
        "optimal": solution.optimal,
        "spread": solution.spread,
        "spread_lower_bound": solution.spread_lower_bound,
        "heavy_spread": solution.heavy_spread,
        "heavy_spread_lower_bound": solution.heavy_spread_lower_bound,
        "short_gaps": solution.short_gaps,
        "relaxations": len(solution.relaxations),
        "hard_violations": len(violations),
    }


def main(argv: list[str]) -> None:
    for staff in [int(arg) for arg in argv] or [60, 300]:
        print(json.dumps(run(staff)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
