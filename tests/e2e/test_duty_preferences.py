"""A cadre marks a day to avoid; the manager generates the roster; the cadre is free that day."""

from datetime import timedelta

from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from kernel.roles import Role
from roster.domain import duty_days
from roster.models import DutyAssignment
from tests import factories


def test_cadre_marks_a_day_to_avoid_and_the_generated_roster_keeps_it_free(
    transactional_db, job_worker, page, login
):
    hall = factories.unit(name="Hall West")
    manager = factories.staff(unit=hall, roles=(Role.CADRE, Role.MANAGER), name="Manager Wang")
    cadre = factories.staff(unit=hall, name="Cadre Li")
    factories.staff(unit=hall, name="Cadre Zhao")
    factories.staff(unit=hall, name="Cadre Sun")
    noon = factories.duty_type(unit=hall, name="Noon duty", headcount=1)
    start = timezone.localdate() + timedelta(days=1)
    end = start + timedelta(days=20)
    avoided = duty_days(noon, start, end)[0].date

    login(cadre.user.username)
    page.goto("/roster/mine/")
    page.get_by_role("link", name="Days I'd rather not, or would like to, be on duty").click()
    # A past day is refused and the form comes back with the reason.
    page.fill("#id_add-date", (timezone.localdate() - timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Save wish").click()
    expect(page.locator("#preference-form .error")).to_contain_text("has passed")
    page.fill("#id_add-date", avoided.isoformat())
    page.get_by_label("I'd rather not be on duty").check()
    page.fill("#id_add-note", "Hospital appointment")
    page.get_by_role("button", name="Save wish").click()
    row = page.locator(f'#my-preferences tr[data-date="{avoided.isoformat()}"]')
    expect(row).to_contain_text("I'd rather not be on duty")
    expect(row).to_contain_text("Hospital appointment")
    page.get_by_label("Wednesday").check()
    page.get_by_role("button", name="Save weekdays").click()
    expect(page.get_by_label("Wednesday")).to_be_checked()
    page.get_by_role("button", name="Log out").click()

    login(manager.user.username)
    page.goto("/roster/generate/")
    expect(page.locator("#preference-people")).to_contain_text("1 person")
    page.select_option("#id_duty_type", label="Noon duty")
    page.fill("#id_start_date", start.isoformat())
    page.fill("#id_end_date", end.isoformat())
    page.fill("#id_time_limit_s", "3")
    page.get_by_role("button", name="Generate").click()
    page.locator("#job-result-link").click(timeout=60_000)
    expect(page.locator("#roster-status")).to_have_text("Draft")
    expect(page.locator("#figure-avoided")).to_have_text("0")
    page.get_by_role("link", name="Publish").click()
    page.get_by_role("button", name="Publish now").click()
    expect(page.locator("#roster-status")).to_have_text("Published")

    page.get_by_role("button", name="Log out").click()

    login(cadre.user.username)
    page.goto("/roster/mine/")
    expect(page.locator("#my-duties tbody tr").first).to_contain_text("Noon duty")
    first_duty = DutyAssignment.objects.filter(staff=cadre).order_by("date").first()
    with translation.override("en"):
        shown = formats.date_format(avoided, "DATE_FORMAT")
        first_shown = formats.date_format(first_duty.date, "DATE_FORMAT")
    # Dates appear as the page writes them: the cadre's first duty is there, the avoided day not.
    expect(page.locator("#my-duties tbody tr").first).to_contain_text(first_shown)
    expect(page.locator("#my-duties")).not_to_contain_text(shown)
    assert DutyAssignment.objects.filter(date=avoided).exists()
    assert not DutyAssignment.objects.filter(staff=cadre, date=avoided).exists()
