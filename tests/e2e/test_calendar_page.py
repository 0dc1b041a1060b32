"""The work calendar page, as a cadre and a calendar editor use it."""

import re

from playwright.sync_api import expect

from tests import factories


def cell(page, day: str):
    return page.locator(f"table.cal td[data-date='{day}']")


def test_cadre_sees_spring_festival_and_the_adjusted_working_day_of_february_2026(
    page, login, transactional_db
):
    cadre = factories.staff(name="Zhao Lei")
    login(cadre.user.username)

    page.click("nav.mainnav >> text=Calendar")
    page.goto("/calendar/?year=2026&month=2")

    expect(page.locator("#month-title")).to_have_text("February 2026")
    for day in range(15, 24):
        festival_day = cell(page, f"2026-02-{day}")
        expect(festival_day).to_have_attribute("data-kind", "holiday")
        expect(festival_day).to_contain_text("Spring Festival")
    fourteenth = cell(page, "2026-02-14")
    expect(fourteenth).to_have_attribute("data-kind", "working")
    expect(fourteenth).to_have_class(re.compile(r"\badjusted\b"))
    expect(fourteenth).to_contain_text("Work")
    expect(cell(page, "2026-02-07")).to_have_attribute("data-kind", "weekend")
    expect(page.locator("#special-days")).to_contain_text(
        "2026-02-14 Sat · Adjusted working day (Spring Festival)"
    )
    expect(page.locator("#holiday-periods tr", has_text="Spring Festival")).to_contain_text(
        "2026-02-15"
    )
    # A cadre reads the calendar but has no way to change it.
    expect(page.locator("#override")).to_have_count(0)

    page.click("#next-month")
    expect(page.locator("#month-title")).to_have_text("March 2026")
    page.click("#previous-month")
    page.click("#previous-month")
    expect(page.locator("#month-title")).to_have_text("January 2026")
    expect(cell(page, "2026-01-04")).to_contain_text("Work")


def test_the_month_grid_fits_a_phone_screen(page, login, transactional_db):
    cadre = factories.staff()
    page.set_viewport_size({"width": 360, "height": 740})
    login(cadre.user.username)

    page.goto("/calendar/?year=2026&month=2")

    expect(cell(page, "2026-02-16")).to_be_visible()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    box = cell(page, "2026-02-22").bounding_box()
    assert box is not None and box["x"] + box["width"] <= 360


def test_editor_overrides_a_day_sees_it_change_then_removes_it(page, login, transactional_db):
    editor = factories.calendar_editor(name="Qian Hong")
    login(editor.user.username)
    page.goto("/calendar/?year=2026&month=2")
    expect(cell(page, "2026-02-24")).to_have_attribute("data-kind", "working")

    # Clicking a day's number puts it into the override form.
    cell(page, "2026-02-24").locator("a").click()
    expect(page.locator("#id_date")).to_have_value("2026-02-24")
    page.select_option("#id_kind", "holiday")
    page.fill("#id_note", "Bureau decision 2026/7")
    page.click("#override button[type=submit] >> text=Save override")

    expect(page.locator(".messages")).to_contain_text("2026-02-24 is now overridden")
    expect(cell(page, "2026-02-24")).to_have_attribute("data-kind", "holiday")
    expect(cell(page, "2026-02-24")).to_contain_text("Spring Festival")
    expect(page.locator("#holiday-periods tr", has_text="Spring Festival")).to_contain_text(
        "2026-02-24"
    )

    page.locator("#override-list li[data-date='2026-02-24'] button").click()

    expect(page.locator(".messages")).to_contain_text("the default applies")
    expect(cell(page, "2026-02-24")).to_have_attribute("data-kind", "working")
    expect(page.locator("#override-list")).to_have_count(0)


def test_editor_sees_the_form_again_with_an_error_on_a_missing_day(page, login, transactional_db):
    editor = factories.calendar_editor()
    login(editor.user.username)
    page.goto("/calendar/?year=2026&month=3")

    page.fill("#id_date", "")
    page.select_option("#id_kind", "holiday")
    page.fill("#id_name", "Bureau anniversary")
    page.click("#override button[type=submit] >> text=Save override")

    expect(page.locator("#override .errorlist")).to_be_visible()
    expect(page.locator("#id_name")).to_have_value("Bureau anniversary")
    expect(page.locator("#month-title")).to_have_text("March 2026")


def test_cadre_switching_to_chinese_sees_chinese_holiday_names(page, login, transactional_db):
    cadre = factories.staff()
    login(cadre.user.username)
    page.goto("/calendar/?year=2025&month=10")

    with page.expect_navigation():
        page.select_option(".lang-switch select", "zh-hans")

    expect(cell(page, "2025-10-06")).to_contain_text("国庆节")
    expect(page.locator("#holiday-periods")).to_contain_text("春节")
