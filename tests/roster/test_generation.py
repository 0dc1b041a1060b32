import contextlib
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kernel.roles import Role
from roster import services, solver
from roster.domain import duty_days, staff_skill_codes
from roster.models import DutyAssignment, DutyNotification, Roster
from staffmgmt import selectors as staff_selectors
from tests import factories

MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def generate(manager, duty_type, start=MARCH[0], end=MARCH[1], **kwargs):
    return services.roster_generate(
        actor=manager.user,
        duty_type=duty_type,
        start_date=start,
        end_date=end,
        time_limit_s=kwargs.pop("time_limit_s", 2),
        **kwargs,
    )


def team(hall, n, **kwargs):
    return [factories.staff(unit=hall, **kwargs) for _ in range(n)]


def test_generated_noon_roster_staffs_every_working_day_with_headcount(hall, manager):
    team(hall, 5)
    noon = factories.duty_type(unit=hall, headcount=2)

    roster = generate(manager, noon)

    days = [d.date for d in duty_days(noon, *MARCH)]
    per_day = {}
    for a in roster.assignments.all():
        per_day.setdefault(a.date, []).append(a.staff_id)
    assert sorted(per_day) == days
    assert all(len(ids) == 2 == len(set(ids)) for ids in per_day.values())
    assert roster.status == Roster.Status.DRAFT
    assert roster.figures["spread"] <= 1
    assert set(roster.figures) >= {"counts", "spread", "optimal", "seconds", "relaxations"}


def test_nobody_on_leave_is_rostered_on_their_leave_days(hall, manager):
    people = team(hall, 4)
    noon = factories.duty_type(unit=hall)
    factories.approved_absence(
        staff=people[0], approver=manager, start_date=date(2026, 3, 2), end_date=date(2026, 3, 13)
    )
    # A morning-only leave still touches noon duty (report time 11:45).
    factories.approved_absence(
        staff=people[1], approver=manager, start_date=date(2026, 3, 16), end_half="am"
    )

    roster = generate(manager, noon)

    on_duty = set(roster.assignments.values_list("staff_id", "date"))
    assert not {(people[0].pk, d) for d in [date(2026, 3, x) for x in range(2, 14)]} & on_duty
    assert (people[1].pk, date(2026, 3, 16)) not in on_duty


def test_required_skill_is_present_every_day(hall, manager):
    invoice = factories.skill()
    skilled = team(hall, 2, skills=[invoice])
    team(hall, 4)
    noon = factories.duty_type(unit=hall, headcount=2, required_skills={invoice: 1})

    roster = generate(manager, noon)

    skilled_ids = {p.pk for p in skilled}
    for day in {a.date for a in roster.assignments.all()}:
        assert roster.assignments.filter(date=day, staff_id__in=skilled_ids).exists()


def test_holiday_duty_with_leader_on_call_marks_a_leader_every_day(hall, manager):
    team(hall, 2, is_leader=True)
    team(hall, 6)
    holiday = factories.duty_type(unit=hall, kind="holiday", headcount=2, leader_on_call=True)

    roster = generate(manager, holiday, date(2025, 10, 1), date(2025, 10, 8))

    days = {a.date for a in roster.assignments.all()}
    assert len(days) == 8
    for day in days:
        assert (
            roster.assignments.filter(
                date=day, is_leader_on_call=True, staff__is_leader=True
            ).count()
            == 1
        )


def test_other_rosters_make_people_busy_so_nobody_serves_twice_a_day(hall, manager):
    team(hall, 4)
    noon = factories.duty_type(unit=hall, headcount=2)
    weekend_like = factories.duty_type(unit=hall, headcount=2, name="Second noon desk")

    generate(manager, noon)
    generate(manager, weekend_like)

    days = DutyAssignment.objects.values_list("staff_id", "date")
    assert len(list(days)) == len(set(days))


def test_infeasible_generation_is_explained_by_day_and_rule_and_saves_nothing(hall, manager):
    invoice = factories.skill()
    lone = factories.staff(unit=hall, skills=[invoice], name="Only Invoicer")
    team(hall, 3)
    noon = factories.duty_type(unit=hall, required_skills={invoice: 1})
    factories.approved_absence(staff=lone, approver=manager, start_date=date(2026, 3, 10))

    with pytest.raises(ValidationError) as error:
        generate(manager, noon)

    text = " ".join(error.value.messages)
    assert "10" in text and "Invoice issuing" in text and "on leave" in text
    assert not Roster.objects.exists()
    assert not DutyAssignment.objects.exists()


def test_generating_again_replaces_the_overlapping_draft(hall, manager):
    team(hall, 3)
    noon = factories.duty_type(unit=hall)
    first = generate(manager, noon)

    second = generate(manager, noon, date(2026, 3, 15), date(2026, 4, 15))

    assert not Roster.objects.filter(pk=first.pk).exists()
    assert list(Roster.objects.all()) == [second]
    assert second.figures["replaced_drafts"] == 1


def test_a_published_roster_is_never_overwritten(hall, manager):
    team(hall, 3)
    noon = factories.duty_type(unit=hall)
    published = services.roster_publish(actor=manager.user, roster=generate(manager, noon))
    before = list(published.assignments.values_list("staff_id", "date"))

    with pytest.raises(ValidationError) as error:
        generate(manager, noon, date(2026, 3, 20), date(2026, 4, 10))

    assert "start_date" in error.value.message_dict
    assert list(published.assignments.values_list("staff_id", "date")) == before


def test_prior_duties_of_the_year_even_out_in_the_next_roster(hall, manager):
    people = [manager, *team(hall, 4)]
    noon = factories.duty_type(unit=hall)
    # The first roster (3 working days for 5 people) leaves somebody with no duty this year.
    first = generate(manager, noon, date(2026, 3, 2), date(2026, 3, 4))
    services.roster_publish(actor=manager.user, roster=first)
    without = [p for p in people if not first.assignments.filter(staff=p).exists()]
    assert without

    second = generate(manager, noon, date(2026, 3, 5), date(2026, 3, 5))

    # The one day goes to someone who had nothing yet.
    assert second.assignments.get().staff in without
    assert max(second.figures["year_counts"].values()) == 1


def test_cadre_cannot_generate(hall, cadre):
    noon = factories.duty_type(unit=hall)
    with pytest.raises(PermissionDenied):
        generate(cadre, noon)


def test_publish_notifies_everyone_on_the_roster_and_needs_a_manager(hall, manager, cadre):
    team(hall, 2)
    noon = factories.duty_type(unit=hall)
    roster = generate(manager, noon, date(2026, 3, 2), date(2026, 3, 6))
    other_manager = factories.staff(roles=(Role.CADRE, Role.MANAGER))

    with pytest.raises(PermissionDenied):
        services.roster_publish(actor=other_manager.user, roster=roster)
    services.roster_publish(actor=manager.user, roster=roster)

    roster.refresh_from_db()
    assert roster.status == Roster.Status.PUBLISHED and roster.published_at
    assert DutyNotification.objects.filter(kind="published").count() == 5
    with pytest.raises(ValidationError):
        services.roster_publish(actor=manager.user, roster=roster)


def test_bad_ranges_are_refused(hall, manager):
    team(hall, 2)
    noon = factories.duty_type(unit=hall)
    with pytest.raises(ValidationError) as backwards:
        generate(manager, noon, date(2026, 3, 5), date(2026, 3, 1))
    with pytest.raises(ValidationError) as too_long:
        generate(manager, noon, date(2026, 1, 1), date(2027, 1, 5))
    assert "end_date" in backwards.value.message_dict
    assert "end_date" in too_long.value.message_dict


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    size=st.integers(min_value=3, max_value=7),
    headcount=st.integers(min_value=1, max_value=2),
    leave=st.lists(st.tuples(st.integers(0, 6), st.integers(2, 27)), max_size=6),
)
@pytest.mark.django_db
def test_generated_rosters_never_break_a_hard_rule(size, headcount, leave):
    hall = factories.unit()
    manager = factories.staff(unit=hall, roles=(Role.CADRE, Role.MANAGER))
    invoice = factories.skill()
    people = [factories.staff(unit=hall, skills=[invoice] if i % 2 else []) for i in range(size)]
    noon = factories.duty_type(unit=hall, headcount=headcount, required_skills={invoice: 1})
    for index, day in leave:
        person = people[index % size]
        with contextlib.suppress(ValidationError):  # already on leave that day
            factories.approved_absence(
                staff=person, approver=manager, start_date=date(2026, 3, day)
            )
    try:
        roster = generate(manager, noon, date(2026, 3, 1), date(2026, 3, 31), time_limit_s=2)
    except ValidationError:
        assert not Roster.objects.filter(duty_type=noon).exists()
        return

    # Re-check from scratch with the solver's independent checker, against the database.
    absent = {
        (a.staff_id, d)
        for a in staff_selectors.approved_absence_list_unscoped(
            staff_ids=[p.pk for p in people], start=MARCH[0], end=MARCH[1]
        )
        for d in [date(2026, 3, x) for x in range(1, 32)]
        if a.halves_on(d)
    }
    problem = solver.Problem(
        people=[
            solver.Person(
                id=p.pk,
                skills=staff_skill_codes(p),
                unavailable=frozenset(d for (s, d) in absent if s == p.pk),
            )
            for p in [*people, manager]
        ],
        slots=[
            solver.SlotDay(
                date=d.date, duty="noon", headcount=headcount, required_skills={invoice.code: 1}
            )
            for d in duty_days(noon, *MARCH)
        ],
    )
    rows = [(a.date, "noon", a.staff_id) for a in roster.assignments.all()]
    assert solver.check_hard_rules(problem, rows) == []
