"""The roster solver core: hard rules always hold, fairness where achievable, clear refusals.

Plain pytest, no Django and no database: `roster.solver` is pure.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roster.solver import (
    CONSECUTIVE_RELAXED,
    Assignment,
    Person,
    Problem,
    SlotDay,
    SolveStatus,
    check_hard_rules,
    solve,
)

START = date(2026, 3, 2)  # a Monday
SPRING_FESTIVAL = date(2026, 2, 17)


def days(n: int, start: date = START) -> list[date]:
    return [start + timedelta(days=k) for k in range(n)]


def staff(n: int, **fields: object) -> list[Person]:
    return [Person(id=k + 1, **fields) for k in range(n)]  # type: ignore[arg-type]


def noon(day: date, headcount: int = 1, **fields: object) -> SlotDay:
    return SlotDay(day, "noon", headcount, **fields)  # type: ignore[arg-type]


def holiday(day: date, headcount: int = 2, **fields: object) -> SlotDay:
    return SlotDay(day, "holiday", headcount, consecutive_guard=True, **fields)  # type: ignore[arg-type]


def duty_days(solution, person_id: int) -> list[date]:
    return sorted(a.date for a in solution.assignments if a.person_id == person_id)


# --- hard rules, for all inputs --------------------------------------------------------------


@st.composite
def small_problems(draw: st.DrawFn) -> Problem:
    n_days = draw(st.integers(10, 40))
    dates = days(n_days)
    people = []
    for k in range(draw(st.integers(4, 12))):
        skills = draw(st.frozensets(st.sampled_from(["invoice", "leader"])))
        leave = draw(st.frozensets(st.sampled_from(dates), max_size=n_days // 3))
        busy = draw(st.frozensets(st.sampled_from(dates), max_size=2))
        avoid = draw(st.frozensets(st.sampled_from(dates), max_size=3))
        prior = draw(st.integers(0, 3))
        people.append(Person(k + 1, skills, prior, unavailable=leave, busy=busy, avoid=avoid))
    slots = []
    for day in dates:
        kind = draw(st.sampled_from(["noon", "holiday", "both", "none"]))
        if kind in ("noon", "both"):
            headcount = draw(st.integers(1, 3))
            skills = {"invoice": draw(st.integers(0, min(1, headcount)))}
            slots.append(noon(day, headcount, required_skills=skills))
        if kind in ("holiday", "both"):
            headcount = draw(st.integers(1, 3))
            skills = {"leader": draw(st.integers(0, 1))}
            slots.append(holiday(day, headcount, required_skills=skills, heavy=draw(st.booleans())))
    return Problem(people, slots, min_gap_days=draw(st.integers(1, 4)), time_limit_s=2.0)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_problems())
def test_every_roster_returned_keeps_all_hard_rules_or_is_refused_with_reasons(problem):
    solution = solve(problem)

    if solution.feasible:
        violations = check_hard_rules(
            problem, solution.assignments, relaxations=solution.relaxations
        )
        assert violations == []
        assert all(r.code == CONSECUTIVE_RELAXED for r in solution.relaxations)
        assert solution.spread is not None
        assert solution.spread >= solution.spread_lower_bound
    else:
        assert solution.assignments == ()
        assert solution.explanations
        assert all(e.code and e.message for e in solution.explanations)


# --- fairness --------------------------------------------------------------------------------


def test_duties_are_spread_within_one_when_staff_are_interchangeable():
    problem = Problem(staff(7), [noon(d, 2) for d in days(20)], time_limit_s=5)

    solution = solve(problem)

    assert solution.status is SolveStatus.OPTIMAL
    assert solution.spread == 1 == solution.spread_lower_bound
    assert sorted(solution.counts.values()) == [5, 5, 6, 6, 6, 6, 6]


def test_prior_duties_of_the_year_count_so_a_busy_person_gets_fewer_new_ones():
    people = [Person(1, prior_count=5), *staff(5, prior_count=0)[1:], Person(6)]
    problem = Problem(people, [noon(d) for d in days(10)], time_limit_s=5)

    solution = solve(problem)

    assert duty_days(solution, 1) == []
    assert solution.counts == {1: 5, 2: 2, 3: 2, 4: 2, 5: 2, 6: 2}
    assert solution.spread == 3 == solution.spread_lower_bound
    assert solution.optimal


def test_heavy_days_are_shared_out_before_anyone_gets_a_second():
    heavy_days = days(3, SPRING_FESTIVAL)
    people = [Person(1, prior_heavy=1), *staff(7)[1:]]
    slots = [holiday(d, 2, heavy=True) for d in heavy_days]

    solution = solve(Problem(people, slots, time_limit_s=5))

    assert duty_days(solution, 1) == []
    assert set(solution.heavy_counts.values()) == {1}
    assert solution.heavy_spread == 0


def test_skill_scarcity_raises_the_proved_spread_bound_and_is_still_met():
    # Two invoice holders for six invoice seats must take three duties each, while the other
    # four share the remaining six: no roster beats a spread of 2, though 12 duties for 6
    # people would otherwise allow 0.
    people = [Person(1, frozenset({"invoice"})), Person(2, frozenset({"invoice"})), *staff(6)[2:]]
    slots = [noon(d, 2, required_skills={"invoice": 1}) for d in days(6)]

    solution = solve(Problem(people, slots, min_gap_days=1, time_limit_s=5))

    assert solution.spread_lower_bound == 2
    assert solution.counts[1] == solution.counts[2] == 3
    assert solution.spread == 2
    assert solution.optimal


# --- refusals explained ----------------------------------------------------------------------


def test_too_few_people_on_a_day_names_the_date_the_duty_and_the_numbers():
    people = [
        Person(1),
        Person(2, unavailable=frozenset({SPRING_FESTIVAL})),
        Person(3, unavailable=frozenset({SPRING_FESTIVAL})),
    ]
    slots = [holiday(SPRING_FESTIVAL - timedelta(days=1), 1), holiday(SPRING_FESTIVAL, 2)]
    problem = Problem(people, slots, duty_labels={"holiday": "holiday duty"})

    solution = solve(problem)

    assert solution.status is SolveStatus.INFEASIBLE
    assert solution.assignments == ()
    [reason] = solution.explanations
    assert reason.code == "not_enough_staff"
    assert reason.params == {
        "date": "2026-02-17",
        "duty": "holiday",
        "needed": 2,
        "available": 1,
        "on_leave": 2,
        "busy": 0,
    }
    assert reason.message == (
        "2026-02-17 holiday duty needs 2 people but only 1 is available (2 on leave)"
    )


def test_missing_skill_names_the_date_and_the_skill_in_a_managers_words():
    people = [
        Person(1, frozenset({"invoice"})),
        Person(2, frozenset({"invoice"}), unavailable=frozenset({SPRING_FESTIVAL})),
        Person(3),
    ]
    problem = Problem(
        people,
        [holiday(SPRING_FESTIVAL, 2, required_skills={"invoice": 2})],
        duty_labels={"holiday": "holiday duty"},
        skill_labels={"invoice": "who can issue invoices"},
    )

    solution = solve(problem)

    [reason] = solution.explanations
    assert reason.code == "not_enough_skilled_staff"
    assert reason.params["skill"] == "invoice"
    assert (reason.params["needed"], reason.params["available"]) == (2, 1)
    assert reason.message == (
        "2026-02-17 holiday duty needs 2 people who can issue invoices but only 1 such person "
        "is available (1 on leave)"
    )
    assert solution.assignments == ()


def test_skills_that_no_two_people_combine_are_found_by_the_exact_day_check():
    # Enough invoice holders, leaders and heads each, but 2 seats cannot hold 2 invoice
    # holders and a leader when nobody has both skills.
    people = [
        Person(1, frozenset({"invoice"})),
        Person(2, frozenset({"invoice"})),
        Person(3, frozenset({"leader"})),
    ]
    slot = holiday(SPRING_FESTIVAL, 2, required_skills={"invoice": 2, "leader": 1})

    solution = solve(Problem(people, [slot]))

    assert solution.status is SolveStatus.INFEASIBLE
    [reason] = solution.explanations
    assert reason.code == "slot_rules_conflict"
    assert reason.params["date"] == "2026-02-17"
    assert "2026-02-17" in reason.message


# --- consecutive holiday duty ----------------------------------------------------------------


def test_nobody_serves_holiday_duty_on_consecutive_days_when_the_unit_is_large_enough():
    problem = Problem(staff(4), [holiday(d, 2) for d in days(7, SPRING_FESTIVAL)])

    solution = solve(problem)

    assert solution.relaxations == ()
    for person_id in solution.counts:
        served = duty_days(solution, person_id)
        assert all((b - a).days > 1 for a, b in pairwise(served))
    assert check_hard_rules(problem, solution.assignments) == []


def test_too_small_unit_serves_consecutive_holidays_and_the_relaxation_is_reported():
    problem = Problem(staff(3), [holiday(d, 2) for d in days(3, SPRING_FESTIVAL)])

    solution = solve(problem)

    assert solution.feasible
    assert solution.relaxations
    relaxation = solution.relaxations[0]
    assert relaxation.code == CONSECUTIVE_RELAXED
    assert relaxation.params["reason"] == "too_few_people"
    assert "too small" in relaxation.message
    assert check_hard_rules(problem, solution.assignments, relaxations=solution.relaxations) == []
    unexcused = check_hard_rules(problem, solution.assignments)
    assert unexcused and {v.code for v in unexcused} == {"consecutive_duty"}


# --- one duty a day, busy dates, leave -------------------------------------------------------


def test_nobody_is_on_two_duty_types_the_same_day():
    dates = days(5, SPRING_FESTIVAL)
    slots = [holiday(d, 2) for d in dates] + [noon(d, 2) for d in dates]
    problem = Problem(staff(8), slots, time_limit_s=5)

    solution = solve(problem)

    assert solution.feasible
    for day in dates:
        on_duty = [a.person_id for a in solution.assignments if a.date == day]
        assert len(on_duty) == 4 == len(set(on_duty))


def test_dates_busy_on_another_roster_are_kept_free():
    busy = frozenset(days(10)[::2])
    people = [Person(1, busy=busy), *staff(3)[1:]]

    solution = solve(Problem(people, [noon(d) for d in days(10)]))

    assert not set(duty_days(solution, 1)) & busy
    assert duty_days(solution, 1)  # still rostered on free days


def test_approved_leave_is_respected():
    leave = frozenset(days(7))
    people = [Person(1, unavailable=leave), *staff(4)[1:]]

    solution = solve(Problem(people, [noon(d, 2) for d in days(14)]))

    assert not set(duty_days(solution, 1)) & leave


# --- soft wishes -----------------------------------------------------------------------------


def test_avoided_dates_are_kept_free_when_someone_else_can_serve():
    avoid = frozenset(days(12)[:6])
    people = [Person(1, avoid=avoid), *staff(4)[1:]]

    solution = solve(Problem(people, [noon(d) for d in days(12)], min_gap_days=1))

    assert solution.avoided_dates_used == 0
    assert duty_days(solution, 1)  # fairness still gives them their share elsewhere


def test_preferred_dates_and_weekdays_are_given_when_free_to():
    dates = days(14)
    fridays = [d for d in dates if d.weekday() == 4]
    people = [
        Person(1, prefer=frozenset({dates[3]})),
        Person(2, prefer_weekdays=frozenset({4})),
        *staff(5)[2:],
    ]

    solution = solve(Problem(people, [noon(d) for d in dates], min_gap_days=1))

    assert dates[3] in duty_days(solution, 1)
    assert set(fridays) <= set(duty_days(solution, 2))
    assert solution.preferred_dates_met == 1 + len(fridays)


def test_duties_of_one_person_are_kept_min_gap_days_apart_when_possible():
    problem = Problem(staff(6), [noon(d) for d in days(24)], min_gap_days=5)

    solution = solve(problem)

    assert solution.short_gaps == 0
    assert solution.spread == 0
    assert solution.optimal


# --- the independent checker -----------------------------------------------------------------


def test_check_hard_rules_reports_each_broken_rule():
    day = SPRING_FESTIVAL
    people = [
        Person(1, frozenset({"leader"}), unavailable=frozenset({day})),
        Person(2, busy=frozenset({day})),
        Person(3),
    ]
    slots = [
        holiday(day, 2, required_skills={"leader": 1}),
        noon(day, 1),
        holiday(day + timedelta(1), 1),
    ]
    broken = [
        Assignment(day, "holiday", 1),  # on leave
        Assignment(day, "holiday", 3),
        Assignment(day, "noon", 3),  # twice that day
        Assignment(day + timedelta(1), "holiday", 3),  # consecutive holiday duty
        Assignment(day, "noon", 2),  # busy elsewhere; noon now has 2 of 1
        Assignment(day, "evening", 3),  # no such duty
    ]

    codes = {v.code for v in check_hard_rules(Problem(people, slots), broken)}

    assert codes == {
        "on_leave",
        "busy",
        "twice_same_day",
        "consecutive_duty",
        "headcount_not_met",
        "unknown_slot",
    }


def test_check_hard_rules_accepts_a_correct_roster():
    people = [Person(1, frozenset({"leader"})), Person(2)]
    slots = [holiday(SPRING_FESTIVAL, 2, required_skills={"leader": 1})]
    roster = [Assignment(SPRING_FESTIVAL, "holiday", 1), Assignment(SPRING_FESTIVAL, "holiday", 2)]

    assert check_hard_rules(Problem(people, slots), roster) == []
