"""An integrity officer marks a talk's follow-up done on the cadre's file: the page asks
what was done, then shows who closed it and when; the form is gone, and the cadre reads
it on their own file."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from integrity_files import services
from integrity_files.models import Talk
from kernel.roles import Role
from staffmgmt.models import OrgUnit
from tests import factories


@pytest.fixture
def people(transactional_db):
    bureau = factories.unit(kind=OrgUnit.Kind.BUREAU, name="Bureau")
    hall = factories.unit(parent=bureau, name="Chengxi Hall")
    io = (Role.CADRE, Role.INTEGRITY_OFFICER)
    return {
        "cadre": factories.staff(unit=hall, name="Li Na"),
        "officer": factories.staff(unit=hall, roles=io, name="Officer Zhao"),
        "second_officer": factories.staff(unit=hall, roles=io, name="Officer Qian"),
    }


def test_officer_marks_a_talk_follow_up_done(page, login, people):
    cadre, officer = people["cadre"], people["officer"]
    today = timezone.localdate()
    talk = services.talk_record(
        actor=officer.user,
        staff=cadre,
        kind="reminder",
        held_on=today,
        participants="Officer Zhao, Li Na",
        summary="On punctuality.",
        follow_up="Check the check-in log in two weeks.",
        follow_up_due=today + timedelta(days=14),
    )
    login(people["second_officer"].user.username)
    page.click("nav.mainnav >> text=Integrity files")
    page.click(f"#file-{cadre.pk} a")
    item = page.locator(f"#talks li[data-talk='{talk.pk}']")
    item.locator("button[type=submit]").click()
    item = page.locator(f"#talks li[data-talk='{talk.pk}']")
    expect(item).to_contain_text("This field is required")
    item.locator("textarea").fill("Log checked: on time every day since.")
    item.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("The follow-up is marked done")
    item = page.locator(f"#talks li[data-talk='{talk.pk}']")
    expect(item).to_contain_text("Follow-up done on")
    expect(item).to_contain_text("Log checked: on time every day since.")
    expect(item.locator("form")).to_have_count(0)
    talk.refresh_from_db()
    assert talk.follow_up_done_by == people["second_officer"].user

    page.click("form.logout button")
    page.wait_for_url("**/accounts/login/")
    login(cadre.user.username)
    page.goto("/integrity/mine/")
    expect(page.locator("#talks")).to_contain_text("Log checked: on time every day since.")
    assert Talk.objects.get().follow_up_done_note == "Log checked: on time every day since."
