"""The demo hall's rosters: what `seed_demo` adds through roster's registered demo builder."""

import ast
from collections import Counter
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from roster import demo as roster_demo
from roster import selectors
from roster.models import (
    CheckIn,
    DutyAssignment,
    DutyNotification,
    DutyType,
    Roster,
    SwapRequest,
)
from staffmgmt import demo
from staffmgmt import extensions as staff_extensions
from staffmgmt.models import Staff

pytestmark = pytest.mark.django_db

User = get_user_model()
# A Friday with past noon duties this month and New Year's Day 2027 five weeks ahead.
FRIDAY = date(2026, 11, 27)


def seed() -> None:
    call_command("seed_demo", stdout=StringIO())


def roster_counts() -> dict[str, int]:
    models = (DutyType, Roster, DutyAssignment, SwapRequest, CheckIn, DutyNotification)
    counts = {model.__name__: model.objects.count() for model in models}
    counts |= {f"history of {model.__name__}": model.history.count() for model in models}
    counts["history of Staff"] = Staff.history.count()
    return counts


def user(username: str):
    return User.objects.get(username=username)


def test_staffmgmt_demo_does_not_import_roster():
    source = Path(settings.BASE_DIR, "staffmgmt", "demo.py").read_text(encoding="utf-8")

    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")

    assert not any(name == "roster" or name.startswith("roster.") for name in imported)
    assert roster_demo.build_roster_demo in staff_extensions.demo_builders


def test_seeding_twice_adds_no_roster_content_the_second_time():
    seed()
    before = roster_counts()

    report = demo.build_demo()

    assert roster_counts() == before
    assert report.nothing_created
    assert report.existing["duty_types"] == 2
    assert report.existing["rosters"] == 2


def test_first_build_reports_the_roster_content_it_created():
    report = demo.build_demo(today=FRIDAY)

    assert report.created["duty_types"] == 2
    assert report.created["rosters"] == 2
    assert report.created["checkins"] == 2
    lines = "\n".join(report.lines())
    assert str(demo.ROW_LABELS["rosters"]) in lines


def test_cadre_has_upcoming_duties_on_the_home_page():
    seed()

    upcoming = list(selectors.upcoming_duty_list(user=user("cadre"), days=30))
    client = Client()
    client.force_login(user("cadre"))
    page = client.get("/").content.decode()

    assert upcoming
    assert all(duty.duty_type.name == roster_demo.NOON_DUTY_NAME for duty in upcoming)
    assert roster_demo.NOON_DUTY_NAME in page


def test_manager_sees_a_published_noon_roster_and_a_holiday_draft():
    demo.build_demo(today=FRIDAY)

    rosters = {r.duty_type.name: r for r in selectors.roster_list(user=user("manager"))}

    assert set(rosters) == {roster_demo.NOON_DUTY_NAME, roster_demo.HOLIDAY_DUTY_NAME}
    noon = rosters[roster_demo.NOON_DUTY_NAME]
    holiday = rosters[roster_demo.HOLIDAY_DUTY_NAME]
    assert noon.status == Roster.Status.PUBLISHED
    assert (noon.start_date, noon.end_date) == (date(2026, 11, 1), date(2026, 12, 31))
    assert holiday.status == Roster.Status.DRAFT
    assert (holiday.start_date, holiday.end_date) == (date(2027, 1, 1), date(2027, 1, 3))
    # Only published rosters reach a cadre.
    assert [r.pk for r in selectors.roster_list(user=user("cadre"))] == [noon.pk]


def test_demo_duty_types_carry_the_hall_rules():
    demo.build_demo(today=FRIDAY)

    noon = DutyType.objects.get(name=roster_demo.NOON_DUTY_NAME)
    holiday = DutyType.objects.get(name=roster_demo.HOLIDAY_DUTY_NAME)

    assert noon.unit.code == holiday.unit.code == demo.HALL_CODE
    assert (noon.kind, noon.headcount, str(noon.start_time), str(noon.end_time)) == (
        "noon",
        2,
        "12:00:00",
        "14:00:00",
    )
    assert [(r.skill.code, r.min_count) for r in noon.required_skills.all()] == [("invoice", 1)]
    assert (holiday.kind, holiday.headcount, holiday.leader_on_call) == ("holiday", 2, True)
    assert holiday.comp_days_per_duty == 1


def test_noon_roster_is_fair_and_has_an_invoice_holder_every_day():
    demo.build_demo(today=FRIDAY)
    roster = Roster.objects.get(duty_type__name=roster_demo.NOON_DUTY_NAME)

    duties = list(roster.assignments.select_related("staff").prefetch_related("staff__skills"))
    per_day: dict[date, list[Staff]] = {}
    for duty in duties:
        per_day.setdefault(duty.date, []).append(duty.staff)

    assert roster.figures["optimal"] is True
    assert roster.figures["spread"] <= 1
    assert all(len(people) == 2 for people in per_day.values())
    assert all(
        any(s.code == "invoice" for p in people for s in p.skills.all())
        for people in per_day.values()
    )
    counts = Counter(duty.staff_id for duty in duties)
    assert max(counts.values()) - min(counts.values()) <= 1


def test_noon_roster_draws_on_every_section_of_the_hall_with_invoice_grants_up_to_half():
    demo.build_demo(today=FRIDAY)
    roster = Roster.objects.get(duty_type__name=roster_demo.NOON_DUTY_NAME)
    hall_people = list(
        Staff.objects.filter(unit__path__startswith=roster.unit.path, is_active=True)
        .select_related("unit")
        .prefetch_related("skills")
    )

    on_duty = set(roster.assignments.values_list("staff_id", flat=True))
    section_codes = {p.unit.code for p in hall_people if p.unit_id != roster.unit_id}
    invoice_holders = [p for p in hall_people if any(s.code == "invoice" for s in p.skills.all())]
    trained = Staff.history.filter(history_change_reason__startswith="一窗通办").values("id")

    assert on_duty == {p.pk for p in hall_people}
    assert len(hall_people) == 40 and len(section_codes) == len(demo.SECTIONS)
    assert len(invoice_holders) == len(hall_people) // 2
    # Only the shortfall is trained: the invoice section and the others already hold it.
    assert trained.distinct().count() == 5
    # No deputy is made: the director and the section chiefs lead on holidays.
    assert sum(p.is_leader for p in hall_people) == 1 + len(demo.SECTIONS)


def test_holiday_draft_has_a_leader_on_call_each_day_and_no_one_on_consecutive_days():
    demo.build_demo(today=FRIDAY)
    roster = Roster.objects.get(duty_type__name=roster_demo.HOLIDAY_DUTY_NAME)

    duties = list(roster.assignments.all())

    assert {d.date for d in duties if d.is_leader_on_call} == {
        date(2027, 1, 1),
        date(2027, 1, 2),
        date(2027, 1, 3),
    }
    assert roster.figures["relaxations"] == []
    days_of: dict[int, set[date]] = {}
    for duty in duties:
        days_of.setdefault(duty.staff_id, set()).add(duty.date)
    assert all(
        date.fromordinal(day.toordinal() + 1) not in days
        for days in days_of.values()
        for day in days
    )


def test_cadre_has_a_pending_swap_the_manager_sees():
    seed()
    cadre = Staff.objects.get(user__username="cadre")

    swaps = list(selectors.swap_list(user=user("manager")))

    assert len(swaps) == 1
    swap = swaps[0]
    assert swap.requester == cadre
    assert swap.status == SwapRequest.Status.REQUESTED
    assert swap.counterpart.unit_id == cadre.unit_id
    assert [s.pk for s in selectors.swap_list(user=user("cadre"))] == [swap.pk]


def test_two_past_duties_of_this_month_are_checked_in_the_later_one_late():
    demo.build_demo(today=FRIDAY)
    cadre = Staff.objects.get(user__username="cadre")

    checkins = sorted(selectors.checkin_list(user=user("manager")), key=lambda c: c.assignment.date)

    assert len(checkins) == 2
    assert all(date(2026, 11, 1) <= c.assignment.date < FRIDAY for c in checkins)
    assert [c.is_late for c in checkins] == [False, True]
    assert checkins[1].minutes_late == 7
    assert any(c.assignment.staff_id == cadre.pk for c in checkins)


def test_no_check_in_is_invented_on_the_first_day_of_a_month():
    demo.build_demo(today=date(2026, 12, 1))

    assert Roster.objects.filter(status=Roster.Status.PUBLISHED).exists()
    assert not CheckIn.objects.exists()


def test_a_reused_demo_database_next_month_gets_only_the_missing_noon_days():
    demo.build_demo(today=FRIDAY)

    report = demo.build_demo(today=date(2026, 12, 15))

    noon = Roster.objects.filter(duty_type__name=roster_demo.NOON_DUTY_NAME).order_by("start_date")
    assert [(r.start_date, r.end_date, r.status) for r in noon] == [
        (date(2026, 11, 1), date(2026, 12, 31), Roster.Status.PUBLISHED),
        (date(2027, 1, 1), date(2027, 1, 31), Roster.Status.PUBLISHED),
    ]
    assert report.created["rosters"] == 1
    assert report.existing["rosters"] == 2  # November-December and the New Year draft
    assert report.created["checkins"] == 2
    assert Roster.objects.filter(duty_type__name=roster_demo.HOLIDAY_DUTY_NAME).count() == 1
