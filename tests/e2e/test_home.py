"""The home page through the browser: a manager sees the unit's gaps and pending leave."""

from datetime import timedelta

from django.utils import timezone

from kernel.roles import Role
from staffmgmt.selectors.calendar import working_days
from tests import factories


def test_home_shows_the_manager_upcoming_gaps_and_pending_leave(page, login, transactional_db):
    hall = factories.unit(name="Chengxi Hall")
    manager = factories.staff(unit=hall, roles=(Role.CADRE, Role.MANAGER), name="Manager Wang")
    a, b = factories.staff(unit=hall, name="Li Na"), factories.staff(unit=hall, name="Zhou Min")
    post = factories.post(unit=hall, name="Invoice desk", critical=True)
    factories.pairing(post=post, a=a, b=b)
    today = timezone.localdate()
    day = working_days(start=today + timedelta(days=1), end=today + timedelta(days=13))[0]
    factories.absence(staff=a, start_date=day, approved_by=manager)
    factories.absence(staff=b, start_date=day, approved_by=manager)
    factories.absence(staff=factories.staff(unit=hall, name="Sun Yu"), start_date=day)

    login(manager.user.username)

    assert "Invoice desk" in page.locator("#inbox-gaps").inner_text()
    assert "Sun Yu" in page.locator("#inbox-leave").inner_text()
    page.click("#home-inbox >> text=All coverage gaps")
    assert page.locator(".gap-row.critical", has_text="Invoice desk").first.is_visible()


def test_home_shows_a_cadre_their_post_coverage_and_no_duties(page, login, transactional_db):
    hall = factories.unit()
    a, b = factories.staff(unit=hall, name="Li Na"), factories.staff(unit=hall, name="Zhou Min")
    factories.pairing(post=factories.post(unit=hall, name="Invoice desk"), a=a, b=b)

    login(b.user.username)

    posts = page.locator("#home-posts").inner_text()
    assert "Invoice desk" in posts and "B holder" in posts
    assert "No duties scheduled" in page.locator("#home-duties").inner_text()
