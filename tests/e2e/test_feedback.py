"""What a taxpayer and a manager do with feedback, in a real browser: the taxpayer on a
phone-sized screen with JavaScript off scans a window's code, rates it, writes a complaint
and follows it by its tracking code; the manager answers it and follows up a negative
rating."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from feedback import services
from feedback.models import Rating
from kernel.roles import Role
from tests import factories

NOW = datetime(2026, 3, 10, 10, 30, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Tuesday morning


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    # The live server runs in this process, so it sees the same clock.
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def hall_window(transactional_db):
    hall = factories.unit(name="Hall East")
    manager = factories.staff(unit=hall, roles=(Role.CADRE, Role.MANAGER), name="Manager Wang")
    li = factories.staff(unit=hall, name="Cadre Li")
    zhao = factories.staff(unit=hall, name="Cadre Zhao")
    window = factories.window(unit=hall, number="7")
    post = factories.post(unit=hall, window=window, name="Tax filing")
    factories.pairing(post=post, a=li, b=zhao)
    card = services.window_card_issue(actor=manager.user, window=window)
    return manager, li, card


@pytest.fixture
def phone(browser, live_server):
    """A phone: small touch screen, JavaScript off (the pages must work without it)."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-US",
        viewport={"width": 375, "height": 720},
        is_mobile=True,
        has_touch=True,
        java_script_enabled=False,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    outside = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None,
    )
    yield page
    context.close()
    assert not outside, f"page requested outside resources: {outside}"


def test_a_taxpayer_rates_writes_a_complaint_and_reads_the_managers_reply(
    hall_window, phone, page, login
):
    manager, li, card = hall_window

    phone.goto(f"/r/{card.token}/")
    expect(phone.locator("#window-number")).to_have_text("Window 7")
    expect(phone.locator("#serving")).to_contain_text("Cadre Li")
    phone.locator("#level-4").tap()
    expect(phone.locator("#thanks")).to_contain_text("Thank you for your rating")
    assert Rating.objects.get().staff == li

    phone.locator("#book-link").tap()
    phone.get_by_label("Complaint").check()
    phone.get_by_label("Service attitude").check()
    phone.fill("#id_text", "Nobody explained the refund steps.")
    phone.fill("#id_contact", "taxpayer@example.cn")
    phone.locator("#book-submit").tap()
    code = phone.locator("#tracking-code").inner_text()
    expect(phone.locator("#entry-status")).to_contain_text("Received")
    expect(phone.locator("body")).not_to_contain_text("taxpayer@example.cn")

    login(manager.user.username)
    page.get_by_role("link", name="Feedback").click()
    page.locator("#inbox-entries").get_by_role("link", name="Nobody explained").click()
    expect(page.locator("#entry-contact")).to_contain_text("taxpayer@example.cn")
    page.fill("#id_text", "We are sorry: the refund takes three steps, see the leaflet.")
    page.locator("#reply-submit").click()
    expect(page.locator(".messages")).to_contain_text("The reply is sent")
    expect(page.locator("#entry-owner")).to_have_text("Manager Wang")

    phone.goto("/t/")
    phone.fill("#id_code", code.lower())
    phone.get_by_role("button", name="Show").tap()
    expect(phone.locator("#replies")).to_contain_text("the refund takes three steps")
    expect(phone.locator("#entry-status")).to_contain_text("Answered")


def test_a_dissatisfied_taxpayer_says_why_and_the_manager_follows_it_up(
    hall_window, phone, page, login
):
    manager, _li, card = hall_window

    phone.goto(f"/r/{card.token}/")
    phone.locator("#negative summary").tap()
    phone.get_by_label("Waited too long").check()
    phone.fill("#id_comment", "Forty minutes in the queue.")
    phone.locator("#level-2").tap()
    expect(phone.locator("#thanks")).to_be_visible()

    phone.goto(f"/r/{card.token}/")
    phone.locator("#level-5").tap()
    expect(phone.locator("body")).to_contain_text("one rating per visit")

    login(manager.user.username)
    page.goto("/feedback/")
    row = page.locator("#inbox-follow-ups tbody tr").first
    expect(row).to_contain_text("Waited too long")
    row.locator("textarea").fill("Called back; the queue display is fixed.")
    row.get_by_role("button", name="Record follow-up").click()
    expect(page.locator(".messages")).to_contain_text("The follow-up is recorded")
    expect(page.locator("#inbox-follow-ups")).to_contain_text("No negative rating waits")


def test_a_manager_prints_a_windows_card(hall_window, page, login):
    manager, _li, _card = hall_window

    login(manager.user.username)
    page.get_by_role("link", name="Rating cards").click()
    page.get_by_role("link", name="Printable card (A6)").click()
    expect(page.locator("#card")).to_contain_text("Hall East")
    expect(page.locator("#card .number")).to_have_text("7")
    expect(page.locator("#card svg")).to_be_visible()
