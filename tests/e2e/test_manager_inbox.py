"""A manager's home inbox: what waits for them, each item leading to where it is dealt with."""

from datetime import timedelta

from django.utils import timezone

from kernel.roles import Role
from staffmgmt.selectors.calendar import working_days
from tests import factories


def test_the_manager_follows_inbox_items_to_the_leave_and_the_gap(page, login, transactional_db):
    hall = factories.unit(name="Chengxi Hall")
    manager = factories.staff(unit=hall, roles=(Role.CADRE, Role.MANAGER), name="Manager Wang")
    skill = factories.skill()
    a, b = factories.staff(unit=hall, name="Li Na"), factories.staff(unit=hall, name="Zhou Min")
    post = factories.post(unit=hall, name="Invoice desk", critical=True)
    post.required_skills.add(skill)
    factories.pairing(post=post, a=a, b=b)
    factories.staff(unit=hall, name="Sun Yu", skills=[skill])
    today = timezone.localdate()
    day = working_days(start=today + timedelta(days=1), end=today + timedelta(days=13))[0]
    factories.absence(staff=a, start_date=day, approved_by=manager)
    factories.absence(staff=b, start_date=day, approved_by=manager)
    waiting = factories.absence(staff=factories.staff(unit=hall, name="Qian Hao"), start_date=day)

    login(manager.user.username)

    assert "Qian Hao" in page.locator("#inbox-leave").inner_text()
    page.click("#inbox-leave >> text=Qian Hao")
    page.wait_for_url(f"**/leave/approvals/#request-{waiting.pk}")
    assert page.locator(f"#request-{waiting.pk}").is_visible()

    page.goto("/")
    page.click("#inbox-gaps >> text=Invoice desk")
    page.wait_for_url(f"**/coverage/acting/{post.pk}/{day.isoformat()}/")
    page.select_option(
        "#id_acting_holder",
        label=page.locator("#id_acting_holder option", has_text="Sun Yu").inner_text(),
    )
    page.fill("#id_reason", "Both away")
    page.click("#acting-submit")

    assert "acting holder Sun Yu covers" in page.locator("#acting-coverage").inner_text()
    assert "Both away" in page.locator("#acting-history").inner_text()
    page.goto("/")
    assert "Invoice desk" not in page.locator("#inbox-gaps").inner_text()
