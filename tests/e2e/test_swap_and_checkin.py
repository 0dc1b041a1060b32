"""Cadres swap duties through the pages (colleague accepts, manager approves), and the
person on duty today checks in and is shown the hygiene duty."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kernel.roles import Role
from roster.models import DutyAssignment
from tests import factories

NOW = datetime(2026, 3, 10, 11, 30, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Tuesday
TODAY, MINE, THEIRS = date(2026, 3, 10), date(2026, 3, 12), date(2026, 3, 16)


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    # The live server runs in this process, so it sees the same clock.
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.fixture
def hall_with_roster(transactional_db):
    hall = factories.unit(name="Hall East")
    manager = factories.staff(unit=hall, roles=(Role.CADRE, Role.MANAGER), name="Manager Wang")
    li = factories.staff(unit=hall, name="Cadre Li")
    zhao = factories.staff(unit=hall, name="Cadre Zhao")
    noon = factories.duty_type(unit=hall, name="Noon duty")
    factories.published_roster(
        duty_type=noon, duties={TODAY: [manager], MINE: [li], THEIRS: [zhao]}
    )
    return manager, li, zhao


def log_out(page):
    page.get_by_role("button", name="Log out").click()


def test_cadres_swap_a_duty_and_the_manager_approves(hall_with_roster, page, login):
    manager, li, zhao = hall_with_roster
    mine = DutyAssignment.objects.get(staff=li, date=MINE)
    theirs = DutyAssignment.objects.get(staff=zhao, date=THEIRS)

    login(li.user.username)
    page.get_by_role("link", name="Swaps").click()
    page.select_option("#id_assignment", str(mine.pk))
    page.select_option("#id_counterpart", label="Cadre Zhao")
    page.select_option("#id_counterpart_assignment", str(theirs.pk))
    page.fill("#id_reason", "Family visit")
    page.get_by_role("button", name="Ask for the swap").click()
    expect(page.locator(".messages")).to_contain_text("Swap requested")
    expect(page.locator("#swaps-outgoing")).to_contain_text("Requested")
    log_out(page)

    login(zhao.user.username)
    page.goto("/roster/swaps/")
    expect(page.locator("#swaps-incoming")).to_contain_text("Family visit")
    page.locator("#swaps-incoming").get_by_role("button", name="Accept").click()
    expect(page.locator("#swaps-incoming")).to_contain_text("Accepted by colleague")
    log_out(page)

    login(manager.user.username)
    page.goto("/roster/swaps/")
    page.locator("#swaps-to-decide").get_by_role("button", name="Approve").click()
    expect(page.locator(".messages")).to_contain_text("The swap is approved")
    log_out(page)

    login(li.user.username)
    page.goto("/roster/mine/")
    expect(page.locator("#my-duties")).to_contain_text("March 16, 2026")
    expect(page.locator("#my-duties")).not_to_contain_text("March 12, 2026")
    expect(page.locator("#unread-badge")).to_be_visible()
    log_out(page)

    login(zhao.user.username)
    page.goto("/roster/mine/")
    expect(page.locator("#my-duties")).to_contain_text("March 12, 2026")
    expect(page.locator("#my-duties")).not_to_contain_text("March 16, 2026")
    page.locator("#nav-notices").click()
    expect(page.locator("#notifications")).to_contain_text("Approved")
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.locator("#unread-badge")).to_have_count(0)


def test_person_on_duty_today_checks_in_and_sees_the_hygiene_duty(hall_with_roster, page, login):
    manager, li, _zhao = hall_with_roster

    login(manager.user.username)
    page.get_by_role("link", name="Check in").click()
    expect(page.locator("#hygiene")).to_contain_text("responsible for today's hygiene")
    expect(page.locator("#time-to-report")).to_contain_text("15 minutes left to report")
    page.locator("#checkin-button").click()
    expect(page.locator("#checked-in")).to_contain_text("Checked in on time")
    expect(page.locator("#unit-checkins")).to_contain_text("on time")
    log_out(page)

    login(li.user.username)
    page.goto("/roster/checkin/")
    expect(page.locator("#no-duty-today")).to_be_visible()
    expect(page.locator("#hygiene")).to_have_count(0)
