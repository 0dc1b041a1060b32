"""A manager enrols a back-office clerk into the hall's period on its page: the form
says a reason is missing, then the clerk is assessed under the back-office scheme."""

from datetime import date

import pytest
from playwright.sync_api import expect

from assessment import services
from assessment.models import Member
from tests import factories
from tests.assessment.conftest import build_world, open_period, simple_dimensions


@pytest.fixture
def world(transactional_db):
    world = build_world(cadres=1)
    back = services.scheme_create(
        actor=world.manager.user,
        post_type="back office",
        name="Back office",
        valid_from=date(2020, 1, 1),
        dimensions=simple_dimensions(),
    )
    services.scheme_activate(actor=world.manager.user, scheme=back)
    return world


def test_manager_enrols_a_cadre_of_another_post_type(page, login, world):
    period = open_period(world)
    clerk = factories.staff(unit=world.hall, name="Clerk Li")
    login(world.manager.user.username)
    page.click("nav.mainnav >> text=Assessment periods")
    page.get_by_role("link", name=period.name, exact=True).click()
    page.select_option("#id_enrol-staff", label=str(clerk))
    page.select_option("#id_enrol-post_type", "back office")
    page.fill("#id_enrol-reason", "  ")
    page.click("#enroll-save")
    expect(page.locator("#enroll-form")).to_contain_text("This field is required")
    assert not Member.objects.filter(staff=clerk).exists()
    page.fill("#id_enrol-reason", "Back-office clerk assessed with the hall")
    page.click("#enroll-save")
    expect(page.locator(".messages")).to_contain_text("Clerk Li is enrolled in the period")
    expect(page.locator("#id_enrol-staff option", has_text="Clerk Li")).to_have_count(0)
    member = Member.objects.get(period=period, staff=clerk)
    assert member.scheme.post_type == "back office"
    assert member.history.get().history_change_reason == "Back-office clerk assessed with the hall"
