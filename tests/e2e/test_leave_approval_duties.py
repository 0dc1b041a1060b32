"""Approving leave names the duties the person has in the period, with a replacement."""

from datetime import timedelta

from django.utils import timezone

from kernel.roles import Role
from staffmgmt import services
from staffmgmt.models import Absence
from staffmgmt.selectors.calendar import working_days
from tests import factories


def test_the_manager_sees_the_duty_affected_and_approves_knowingly(page, login, transactional_db):
    hall = factories.unit(name="Chengxi Hall")
    manager = factories.staff(unit=hall, roles=(Role.CADRE, Role.MANAGER), name="Manager Wang")
    cadre = factories.staff(unit=hall, name="Li Na")
    factories.staff(unit=hall, name="Zhou Min")
    today = timezone.localdate()
    day = working_days(start=today + timedelta(days=1), end=today + timedelta(days=20))[0]
    factories.published_roster(
        duty_type=factories.duty_type(unit=hall, name="Noon duty"), duties={day: [cadre]}
    )
    absence = services.absence_request(
        actor=cadre.user, staff=cadre, kind="personal", start_date=day, end_date=day
    )

    login(manager.user.username)
    page.goto("/leave/approvals/")

    card = page.locator(f"#request-{absence.pk}")
    warning = card.locator(".duty-preview").inner_text()
    assert "Noon duty" in warning and "proposed replacement" in warning
    card.locator(".approve-form button").click()
    assert "Noon duty" in page.locator("#gap-warning").inner_text()
    page.click("#approve-anyway")

    page.wait_for_url("**/leave/approvals/")
    absence.refresh_from_db()
    assert absence.status == Absence.Status.APPROVED
