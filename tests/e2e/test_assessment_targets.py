"""The bureau's manager sets a target on its pages and decomposes it down to a hall (a
stretch asked for when the parts add up to more), the hall's manager splits the hall's
share between its posts and changes one with a reason the history keeps, and a cadre
reads their own target without a form to change it."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from assessment import services
from assessment.models import Target
from tests import factories
from tests.assessment.conftest import build_world


@pytest.fixture
def world(transactional_db):
    return build_world(cadres=1)


def test_managers_set_and_decompose_a_target_and_change_it_with_a_reason(page, login, world):
    factories.post(unit=world.hall, name="Declarations desk")
    factories.post(unit=world.hall, name="Counter")
    login(world.chief.user.username)
    page.click("nav.mainnav >> text=Assessment targets")
    page.click("#target-new")
    page.fill("#id_year", "2026")
    page.fill("#id_indicator_code", "tax declarations")
    page.select_option("#id_unit", label="Bureau")
    page.fill("#id_value", "1000")
    page.click("#target-save")
    expect(page.locator("#target-form")).to_contain_text("Enter a valid “slug”")
    page.fill("#id_indicator_code", "declarations")
    page.click("#target-save")
    expect(page.locator(".messages")).to_contain_text("Target set")

    page.get_by_label("East Hall").fill("1200")
    page.click("#decompose-save")
    expect(page.locator("#decompose-form")).to_contain_text("above the parent's 1000")
    assert not Target.objects.filter(level="unit").exists()
    page.fill("#id_split-stretch_note", "The new district opens in May")
    page.click("#decompose-save")
    expect(page.locator(".messages")).to_contain_text("1 parts set")
    expect(page.locator("#parts-difference")).to_have_text("-200")
    page.context.clear_cookies()

    login(world.manager.user.username)
    page.click("nav.mainnav >> text=Assessment targets")
    expect(page.locator("#target-tree")).to_contain_text("East Hall")
    page.click("#target-tree >> text=East Hall")
    page.get_by_label("Declarations desk").fill("800")
    page.get_by_label("Counter").fill("300")
    page.click("#decompose-save")
    expect(page.locator("#parts-sum")).to_have_text("1100")
    expect(page.locator("#parts-difference")).to_have_text("100")

    page.click("#target-parts >> text=Counter")
    page.fill("#id_edit-value", "400")
    page.fill("#id_edit-reason", "   ")
    page.click("#edit-save")
    expect(page.locator("#edit-form")).to_contain_text("This field is required")
    page.fill("#id_edit-reason", "Counter takes the new district")
    page.click("#edit-save")
    expect(page.locator("#target-value")).to_have_text("400")
    expect(page.locator("#target-history")).to_contain_text("Counter takes the new district")
    assert Target.objects.get(post__name="Counter").value == 400


def test_a_cadre_reads_their_own_target_only(page, login, world):
    bureau = services.target_create(
        actor=None,
        year=2026,
        indicator_code="declarations",
        level="bureau",
        unit=world.bureau,
        value=Decimal(100),
    )
    desk = factories.post(unit=world.hall, name="Declarations desk")
    (hall,) = services.target_decompose(
        actor=None, parent=bureau, children=[{"unit": world.hall, "value": 100}]
    )
    (post,) = services.target_decompose(
        actor=None, parent=hall, children=[{"post": desk, "value": 100}]
    )
    services.target_decompose(
        actor=None, parent=post, children=[{"staff": world.cadres[0], "value": 40}]
    )
    login(world.cadres[0].user.username)
    page.goto("/assessment/targets/?year=2026")
    tree = page.locator("#target-tree")
    expect(tree).to_contain_text("Cadre 1: 40")
    expect(tree).not_to_contain_text("East Hall")
    page.click("#target-tree >> text=Cadre 1")
    expect(page.locator("#target-value")).to_have_text("40")
    expect(page.locator("#edit-form")).to_have_count(0)
