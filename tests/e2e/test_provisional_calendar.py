"""A calendar editor sees that next year's calendar is provisional, and confirms it."""

from django.contrib.auth import get_user_model
from django.utils import timezone


def test_the_editor_confirms_a_provisional_year_and_its_banner_goes(page, login, transactional_db):
    get_user_model().objects.create_superuser("root", "", "pw-hallmark-test")
    year = timezone.localdate().year + 1

    login("root")
    banner = page.locator("#provisional-banner")
    assert str(year) in banner.inner_text()
    page.click(f"#provisional-banner >> text={year}")
    assert page.locator("#year-provisional").is_visible()
    page.fill("#year-note", "State Council notice")
    page.click("#year-confirm")

    assert page.locator("#year-confirmed").is_visible()
    assert str(year) not in (page.locator("#provisional-banner").all_inner_texts() or [""])[0]


def test_a_date_picker_on_a_provisional_year_is_marked(page, login, transactional_db):
    from tests import factories

    cadre = factories.staff(unit=factories.unit())
    year = timezone.localdate().year + 1
    login(cadre.user.username)
    page.goto("/leave/")

    page.fill("#id_start_date", f"{year}-01-05")
    page.dispatch_event("#id_start_date", "change")

    mark = page.locator("#id_start_date + .provisional-mark")
    assert mark.is_visible()
    assert mark.inner_text() == "provisional calendar"
