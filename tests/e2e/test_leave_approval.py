"""Leave through the real pages: a cadre requests, a manager approves (past the coverage
warning) or rejects."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kernel.roles import Role
from staffmgmt.selectors.calendar import working_days
from tests import factories


@pytest.fixture
def days_ahead():
    today = timezone.localdate()
    return working_days(start=today + timedelta(days=1), end=today + timedelta(days=20))


@pytest.fixture
def hall_with_pair(transactional_db):
    hall = factories.unit(name="Chengxi Hall")
    manager = factories.staff(unit=hall, roles=(Role.CADRE, Role.MANAGER), name="Manager Wang")
    a = factories.staff(unit=hall, name="Li Na")
    b = factories.staff(unit=hall, name="Zhou Min")
    post = factories.post(unit=hall, name="Invoice desk", critical=True)
    factories.pairing(post=post, a=a, b=b)
    return manager, a, b


def log_out(page):
    page.click("form.logout button")
    page.wait_for_url("**/accounts/login/")


def test_cadre_requests_half_day_leave_on_a_phone(page, login, hall_with_pair, days_ahead):
    _manager, a, _b = hall_with_pair
    day = days_ahead[0].isoformat()
    page.set_viewport_size({"width": 390, "height": 844})
    login(a.user.username)

    page.click("nav.mainnav >> text=Leave")
    page.select_option("#id_kind", "personal")
    page.fill("#id_start_date", day)
    page.fill("#id_end_date", day)
    page.select_option("#id_start_half", "pm")
    page.fill("#id_reason", "Bank appointment")
    page.click("#request-leave button[type=submit]")

    page.wait_for_url("**/leave/")
    row = page.locator("#my-absences tbody tr").first
    assert "Personal leave" in row.inner_text()
    assert "Requested" in row.inner_text()
    assert day in row.inner_text()


def test_cadre_sees_the_form_again_with_the_error_when_the_dates_are_reversed(
    page, login, hall_with_pair, days_ahead
):
    _manager, a, _b = hall_with_pair
    login(a.user.username)
    page.goto("/leave/")

    page.select_option("#id_kind", "annual")
    page.fill("#id_start_date", days_ahead[1].isoformat())
    page.fill("#id_end_date", days_ahead[0].isoformat())
    page.click("#request-leave button[type=submit]")

    assert page.locator("#request-leave .errorlist").first.is_visible()
    assert "must not be before" in page.locator("#request-leave").inner_text()
    assert page.input_value("#id_start_date") == days_ahead[1].isoformat()


def test_manager_approves_leave_sees_the_gap_warning_naming_post_and_day_and_confirms(
    page, login, hall_with_pair, days_ahead
):
    manager, a, b = hall_with_pair
    day = days_ahead[0]
    factories.absence(staff=b, start_date=day, kind="training", approved_by=manager)
    factories.absence(staff=a, start_date=day, kind="annual")
    login(manager.user.username)

    page.click("nav.mainnav >> text=Leave")
    page.click("#approvals-link")
    request_card = page.locator(".absence-request", has_text="Li Na")
    assert "Invoice desk" in request_card.locator(".gap-preview").inner_text()
    request_card.locator(".approve-form button").click()

    warning = page.locator("#gap-warning")
    assert "Invoice desk" in warning.inner_text()
    assert day.isoformat() in warning.inner_text()
    page.click("#approve-anyway")

    assert "Leave of Li Na approved." in page.locator(".messages").inner_text()
    assert "No leave is waiting for your decision." in page.content()
    page.click("nav.mainnav >> text=Coverage gaps")
    assert "Invoice desk" in page.locator(f"#gaps-{day.isoformat()}").inner_text()


def test_manager_rejects_with_a_reason_and_the_cadre_sees_it(
    page, login, hall_with_pair, days_ahead
):
    manager, a, _b = hall_with_pair
    factories.absence(staff=a, start_date=days_ahead[2], end_date=days_ahead[3])
    login(manager.user.username)
    page.goto("/leave/approvals/")

    card = page.locator(".absence-request", has_text="Li Na")
    assert "No post would be left uncovered." in card.inner_text()
    card.locator(".reject-form button").click()
    assert "Say why the leave is rejected." in page.locator(".absence-request").inner_text()
    page.locator(".absence-request .reject-form input[name=note]").fill("Quarter-end filing week")
    page.locator(".absence-request .reject-form button").click()
    assert "Leave of Li Na rejected." in page.locator(".messages").inner_text()

    log_out(page)
    login(a.user.username)
    page.goto("/leave/")
    row = page.locator("#my-absences tbody tr").first
    assert "Rejected" in row.inner_text() and "Quarter-end filing week" in row.inner_text()
