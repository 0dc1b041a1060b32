"""A manager's own leave and swap through the pages: he is told he cannot decide them and
who can, and the next manager up decides (ADR 0005)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kernel.roles import Role
from roster import services as roster_services
from roster.models import DutyAssignment
from tests import factories

NOW = datetime(2026, 3, 10, 11, 30, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Tuesday
MINE, LEAVE_DAY = date(2026, 3, 12), "2026-03-17"


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    # The live server runs in this process, so it sees the same clock.
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.fixture
def hall_under_director(transactional_db):
    hall = factories.unit(name="Hall East")
    director = factories.staff(
        unit=hall.parent, roles=(Role.CADRE, Role.MANAGER), name="Director Zhang"
    )
    manager = factories.staff(unit=hall, roles=(Role.CADRE, Role.MANAGER), name="Manager Wang")
    li = factories.staff(unit=hall, name="Cadre Li")
    noon = factories.duty_type(unit=hall, name="Noon duty")
    factories.published_roster(duty_type=noon, duties={MINE: [manager]})
    return director, manager, li


def log_out(page):
    page.get_by_role("button", name="Log out").click()


def test_a_manager_sees_he_cannot_decide_his_own_leave_and_who_can(
    hall_under_director, page, login
):
    _director, manager, _li = hall_under_director
    login(manager.user.username)

    page.goto("/leave/")
    page.select_option("#id_kind", "annual")
    page.fill("#id_start_date", LEAVE_DAY)
    page.fill("#id_end_date", LEAVE_DAY)
    page.click("#request-leave button[type=submit]")

    row = page.locator("#my-absences tbody tr").first
    expect(row).to_contain_text("Requested")
    expect(row.locator(".deciders")).to_contain_text("This decision is about you")
    expect(row.locator(".deciders")).to_contain_text("Who can decide: Director Zhang")
    page.goto("/leave/approvals/")
    expect(page.locator("main")).to_contain_text("No leave is waiting for your decision.")


def test_a_managers_own_swap_is_decided_by_the_director_not_by_him(
    hall_under_director, page, login
):
    director, manager, li = hall_under_director
    duty = DutyAssignment.objects.get(staff=manager, date=MINE)
    login(manager.user.username)
    page.goto("/roster/swaps/")
    page.select_option("#id_assignment", str(duty.pk))
    page.select_option("#id_counterpart", label="Cadre Li")
    page.get_by_role("button", name="Ask for the swap").click()
    expect(page.locator(".messages")).to_contain_text("Swap requested")
    swap = duty.swap_requests.get()
    roster_services.swap_accept(actor=li.user, swap=swap)

    page.goto("/roster/swaps/")
    mine = page.locator(f"#swaps-outgoing [data-swap='{swap.pk}']")
    expect(mine).to_contain_text("Accepted")
    expect(mine.locator(".deciders")).to_contain_text("This decision is about you")
    expect(mine.locator(".deciders")).to_contain_text("Who can decide: Director Zhang")
    expect(page.locator(f"form[action$='/swaps/{swap.pk}/approve/']")).to_have_count(0)
    log_out(page)

    login(director.user.username)
    page.goto("/roster/swaps/")
    page.locator(f"#swaps-to-decide [data-swap='{swap.pk}'] button.approve").click()
    expect(page.locator(".messages")).to_contain_text("The swap is approved.")
    assert DutyAssignment.objects.get(pk=duty.pk).staff_id == li.pk
