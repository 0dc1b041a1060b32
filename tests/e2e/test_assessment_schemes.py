"""A manager builds an assessment scheme on its pages: a draft with dimension weights
(corrected after the page says they do not add up), a rubric and a quantitative
indicator, a refused activation, then the scheme in force. And an annual period's
weights over its quarters, set on the period page."""

from datetime import date

import pytest
from playwright.sync_api import expect

from assessment import services
from assessment.models import AnnualPart, Indicator, Period, Scheme
from tests.assessment.conftest import build_world


@pytest.fixture
def world(transactional_db):
    return build_world(cadres=1)


def test_manager_builds_a_scheme_and_puts_it_in_force(page, login, world):
    login(world.manager.user.username)
    page.click("nav.mainnav >> text=Assessment periods")
    page.click("text=Assessment schemes")
    page.click("#scheme-new")

    page.fill("#id_post_type", "tax officer")
    page.fill("#id_name", "Tax officers 2027")
    page.fill("#id_valid_from", "2027-01-01")
    page.fill("#id_morality", "40")
    page.fill("#id_performance", "50")
    page.click("#scheme-create")
    expect(page.locator("#scheme-form-errors")).to_contain_text("add up to 90%, not 100%")
    page.fill("#id_performance", "60")
    page.click("#scheme-create")
    expect(page.locator(".messages")).to_contain_text("Draft created")

    page.select_option("#id_dimension", "morality")
    page.fill("#id_code", "ethics")
    page.fill("#id_name", "Professional ethics")
    page.fill("#id_weight", "100")
    page.select_option("#id_kind", "rubric")
    page.fill("#id_levels", "Exemplary | 95 | Praised by taxpayers\nAdequate | 75\nPoor | 40")
    page.click("#indicator-add")
    expect(page.locator("section[data-dimension='morality']")).to_contain_text("Exemplary (95.00)")

    page.click("#activate")
    expect(page.locator("#activate-errors")).to_contain_text("Performance")
    expect(page.locator("#scheme-status")).to_have_text("Draft")

    page.select_option("#id_dimension", "performance")
    page.fill("#id_code", "declarations")
    page.fill("#id_name", "Declarations handled")
    page.fill("#id_weight", "100")
    page.select_option("#id_kind", "quantitative")
    page.select_option("#id_rule", "ratio_capped")
    page.fill("#id_target_value", "600")
    page.click("#indicator-add")
    expect(page.locator("tr[data-indicator='declarations']")).to_contain_text(
        "target 600), at most 100 points"
    )

    page.click("#activate")
    expect(page.locator("#scheme-status")).to_have_text("In force")
    scheme = Scheme.objects.get(post_type="tax officer")
    assert scheme.status == Scheme.Status.ACTIVE
    assert Indicator.objects.filter(dimension__scheme=scheme).count() == 2


def test_manager_weighs_the_quarters_into_the_annual_period(page, login, world):
    def period(name, kind, start, end):
        return services.period_create(
            actor=world.manager.user,
            name=name,
            kind=kind,
            unit=world.hall,
            start_date=start,
            end_date=end,
            post_type="window",
        )

    q1 = period("Q1 2026", Period.Kind.QUARTERLY, date(2026, 1, 1), date(2026, 3, 31))
    q2 = period("Q2 2026", Period.Kind.QUARTERLY, date(2026, 4, 1), date(2026, 6, 30))
    annual = period("Year 2026", Period.Kind.ANNUAL, date(2026, 1, 1), date(2026, 12, 31))
    login(world.manager.user.username)
    page.goto(f"/assessment/periods/{annual.pk}/")

    page.fill("#id_own", "50")
    page.fill(f"#id_q{q1.pk}", "25")
    page.fill(f"#id_q{q2.pk}", "20")
    page.click("#annual-form button[type=submit]")
    expect(page.locator("#annual-form")).to_contain_text("add up to 95%, not 100%")

    page.fill(f"#id_q{q2.pk}", "25")
    page.click("#annual-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("weights are saved")
    expect(page.locator("#annual-parts table")).to_contain_text("Q2 2026")
    assert sorted(AnnualPart.objects.filter(period=annual).values_list("weight", flat=True)) == [
        25,
        25,
        50,
    ]
