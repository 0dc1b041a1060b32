"""A manager changes a published roster on its grid: clicks a duty, moves it onto a staffed
day, sees the rule warnings, confirms with a reason, finds it in the edit log and undoes
it; then withdraws the roster to draft and publishes it again through the confirmation."""

from django.utils import timezone
from playwright.sync_api import expect

from kernel.roles import Role
from roster.forms import next_month_range
from staffmgmt.selectors.calendar import working_days
from tests import factories


def test_manager_edits_a_cell_with_a_warning_confirms_with_a_reason_and_undoes_it(
    transactional_db, page, login
):
    hall = factories.unit(name="Hall East")
    manager = factories.staff(unit=hall, roles=(Role.CADRE, Role.MANAGER), name="Manager Wang")
    ann, bo, cai = (factories.staff(unit=hall, name=n) for n in ("Ann Li", "Bo Zhao", "Cai Sun"))
    noon = factories.duty_type(unit=hall, name="Noon duty", min_gap_days=1)
    first, last = next_month_range(timezone.localdate())
    d0, d1, d2 = working_days(start=first, end=last)[:3]
    roster = factories.published_roster(duty_type=noon, duties={d0: [ann], d1: [bo], d2: [cai]})
    anns = roster.assignments.get(staff=ann)

    login(manager.user.username)
    page.goto(f"/roster/{roster.pk}/?year={d0.year}&month={d0.month}")
    page.click(f"#cell-{anns.pk}")
    expect(page.locator("#duty-summary")).to_contain_text("Ann Li")
    page.fill("#id_move-to_date", d1.isoformat())
    page.locator("#form-move").get_by_role("button", name="Move").click()

    warnings = page.locator("#form-move #rule-warnings")
    expect(warnings).to_contain_text("2 people on Noon duty")
    expect(warnings).to_contain_text("0 people on Noon duty")
    page.fill("#id_move-reason", "Ann is at training that day")
    page.locator("#form-move").get_by_role("button", name="Confirm the change").click()

    log = page.locator("#edit-log")
    expect(log).to_contain_text("Ann is at training that day")
    expect(log.locator("tbody tr").first).to_contain_text("Duty moved")
    expect(page.locator(f"#cell-{anns.pk}")).to_be_visible()
    log.locator("tbody tr").first.get_by_role("button", name="Undo").click()

    expect(page.locator(".messages")).to_contain_text("The edit was undone.")
    expect(page.locator("#edit-log tbody tr").first).to_contain_text("Edit undone")
    expect(page.locator("#edit-log tbody tr").nth(1)).to_contain_text("undone")
    expect(
        page.locator("#edit-log tbody tr").nth(1).get_by_role("button", name="Undo")
    ).to_have_count(0)
    page.click(f"#cell-{anns.pk}")
    expect(page.locator("#duty-summary")).to_contain_text(f"{d0.day}")

    page.goto(f"/roster/{roster.pk}/")
    page.get_by_role("link", name="Withdraw to draft").click()
    page.fill("#id_reason", "A new colleague joins")
    page.get_by_role("button", name="Withdraw to draft").click()
    expect(page.locator("#roster-status")).to_have_text("Draft")
    page.get_by_role("link", name="Publish", exact=True).click()
    expect(page.locator("#summary-duties")).to_have_text("3")
    page.get_by_role("button", name="Publish now").click()
    expect(page.locator("#roster-status")).to_have_text("Published")
    expect(page.locator("#edit-log tbody tr").first).to_contain_text("Roster published")
