"""A manager generates a month of noon duty and publishes it; a cadre sees their duty."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from kernel.roles import Role
from tests import factories


def test_manager_generates_and_publishes_noon_duty_and_cadre_sees_it(
    transactional_db, job_worker, page, login
):
    hall = factories.unit(name="Hall East")
    manager = factories.staff(unit=hall, roles=(Role.CADRE, Role.MANAGER), name="Manager Wang")
    cadre = factories.staff(unit=hall, name="Cadre Li")
    factories.staff(unit=hall, name="Cadre Zhao")
    factories.duty_type(unit=hall, name="Noon duty", headcount=2)
    start = timezone.localdate() + timedelta(days=1)
    end = start + timedelta(days=30)

    login(manager.user.username)
    page.goto("/roster/")
    page.get_by_role("link", name="Generate a roster").click()
    page.select_option("#id_duty_type", label="Noon duty")
    page.fill("#id_start_date", start.isoformat())
    page.fill("#id_end_date", end.isoformat())
    page.fill("#id_time_limit_s", "3")
    page.get_by_role("button", name="Generate").click()
    page.locator("#job-result-link").click(timeout=60_000)

    expect(page.locator("#roster-status")).to_have_text("Draft")
    expect(page.locator("#figure-spread")).to_have_text(re.compile(r"^[01]$"))
    expect(page.locator("#figures")).to_contain_text("Cadre Li")
    page.get_by_role("link", name="Publish").click()
    expect(page.locator("#publish-summary")).to_contain_text("People on duty")
    page.get_by_role("button", name="Publish now").click()
    expect(page.locator("#roster-status")).to_have_text("Published")
    expect(page.locator("#month-grid")).to_contain_text("Cadre Li")
    page.get_by_role("button", name="Log out").click()

    login(cadre.user.username)
    page.get_by_role("link", name="Rosters").click()
    page.get_by_role("link", name="My duties").click()
    rows = page.locator("#my-duties tbody tr")
    expect(rows.first).to_contain_text("Noon duty")
    expect(rows.first).to_contain_text("11:45")
