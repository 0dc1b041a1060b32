"""Integrity files through the real pages: an officer records and confirms; the cadre
acknowledges one record and objects to another; a second officer upholds the objection
and the total changes; an officer confirms a record a late check-in proposed."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from integrity_files import services
from kernel.roles import Role
from roster import services as roster_services
from roster.models import DutyAssignment
from staffmgmt.models import OrgUnit
from tests import factories


@pytest.fixture
def hall_people(transactional_db):
    bureau = factories.unit(kind=OrgUnit.Kind.BUREAU, name="Bureau")
    hall = factories.unit(parent=bureau, name="Chengxi Hall")
    io = (Role.CADRE, Role.INTEGRITY_OFFICER)
    return {
        "cadre": factories.staff(unit=hall, name="Li Na"),
        "officer": factories.staff(unit=hall, roles=io, name="Officer Zhao"),
        "second_officer": factories.staff(unit=hall, roles=io, name="Officer Qian"),
    }


def log_out(page):
    page.click("form.logout button")
    page.wait_for_url("**/accounts/login/")


def _record_through_the_page(page, cadre, *, kind, points, facts):
    page.click("nav.mainnav >> text=Integrity files")
    page.click(f"#file-{cadre.pk} a")
    page.select_option("#id_record-category", "diligence")
    page.select_option("#id_record-kind", kind)
    page.select_option("#id_record-source", "inspection")
    page.fill("#id_record-occurred_on", (timezone.localdate() - timedelta(days=2)).isoformat())
    page.fill("#id_record-points", str(points))
    page.fill("#id_record-facts", facts)
    page.click("#new-record button[type=submit]")
    page.wait_for_url("**/integrity/records/*/")
    page.click("#confirm-record")
    page.wait_for_selector("text=The record is confirmed")


def test_officer_records_and_confirms_cadre_answers_officer_upholds(page, login, hall_people):
    cadre, officer = hall_people["cadre"], hall_people["officer"]

    # The officer records a commendation and a violation, confirming both.
    login(officer.user.username)
    _record_through_the_page(page, cadre, kind="commendation", points=3, facts="Praised.")
    _record_through_the_page(page, cadre, kind="violation", points=-4, facts="Late for duty.")
    page.click(f"text=Integrity file of {cadre.name}")
    assert page.inner_text("#current-total") == "-1"
    log_out(page)

    # The cadre acknowledges the commendation and objects to the violation.
    login(cadre.user.username)
    page.click("nav.mainnav >> text=My integrity file")
    assert page.inner_text("#current-total") == "-1"
    page.click("#records tr:has-text('Commendation') >> text=Acknowledge or object")
    page.click("#acknowledge")
    page.wait_for_selector("text=You acknowledged the record.")
    page.click(f"text=Integrity file of {cadre.name}")
    page.click("#records tr:has-text('Violation') >> text=Acknowledge or object")
    page.click("#lodge-objection button[type=submit]")  # no statement: shown again
    assert page.locator("#lodge-objection .errorlist").count() == 1
    page.fill("#id_object-statement", "I was on approved leave that morning.")
    page.click("#lodge-objection button[type=submit]")
    page.wait_for_selector("text=Your objection is lodged.")
    log_out(page)

    # The officer who recorded it is refused; a second officer upholds it.
    login(officer.user.username)
    page.click("nav.mainnav >> text=Objections")
    page.click("#open-objections a")
    page.select_option("#id_decide-upheld", "no")
    page.fill("#id_decide-reason", "The log is clear.")
    page.click("#decide-objection button[type=submit]")
    assert "someone else must take it" in page.inner_text("#decide-objection")
    log_out(page)

    login(hall_people["second_officer"].user.username)
    page.click("nav.mainnav >> text=Objections")
    page.click("#open-objections a")
    page.select_option("#id_decide-upheld", "yes")
    page.fill("#id_decide-corrected_points", "0")
    page.fill("#id_decide-reason", "Leave record found.")
    page.click("#decide-objection button[type=submit]")
    page.wait_for_selector("text=The objection is decided.")
    assert page.inner_text("#answer-status") == "Upheld"
    page.click(f"text=Integrity file of {cadre.name}")
    assert page.inner_text("#current-total") == "3"
    assert page.locator("#records .badge:has-text('Superseded')").count() == 1
    log_out(page)

    # The cadre sees the new total and who read the file.
    login(cadre.user.username)
    page.click("nav.mainnav >> text=My integrity file")
    assert page.inner_text("#current-total") == "3"
    page.click("#access-log-link")
    assert "Officer Qian" in page.inner_text("#access-log") or (
        hall_people["second_officer"].user.username in page.inner_text("#access-log")
    )


def test_a_manager_sees_the_summary_only(page, login, hall_people):
    cadre, officer = hall_people["cadre"], hall_people["officer"]
    manager = factories.staff(
        unit=cadre.unit, roles=(Role.CADRE, Role.MANAGER), name="Manager Wang"
    )
    record = services.record_create(
        actor=officer.user,
        staff=cadre,
        category="law",
        kind="violation",
        occurred_on=timezone.localdate() - timedelta(days=1),
        facts="x",
        source="inspection",
        points=-5,
    )
    services.record_confirm(actor=officer.user, record=record)

    login(manager.user.username)
    page.click("nav.mainnav >> text=Integrity summary")

    assert "-5" in page.inner_text(f"#summary-{cadre.pk}")
    assert page.locator("nav.mainnav >> text=Integrity files").count() == 0


def test_officer_attaches_evidence_records_a_talk_and_training_credits(
    page, login, hall_people, tmp_path
):
    cadre, officer = hall_people["cadre"], hall_people["officer"]
    record = services.record_create(
        actor=officer.user,
        staff=cadre,
        category="work_style",
        kind="commendation",
        occurred_on=timezone.localdate() - timedelta(days=1),
        facts="Praised by a taxpayer.",
        source="complaint",
        points=2,
    )
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(b"%PDF-1.4 letter of praise")
    fake = tmp_path / "virus.pdf"
    fake.write_bytes(b"MZ not a pdf")
    today = timezone.localdate().isoformat()

    login(officer.user.username)
    page.goto(f"/integrity/records/{record.pk}/")
    page.set_input_files("#id_evidence-file", str(fake))
    page.click("#add-evidence button[type=submit]")
    assert "PDF, PNG or JPEG" in page.inner_text("#add-evidence")
    page.set_input_files("#id_evidence-file", str(letter))
    page.click("#add-evidence button[type=submit]")
    page.wait_for_selector("#evidence a:has-text('letter.pdf')")

    page.click(f"text=Integrity file of {cadre.name}")
    page.select_option("#id_talk-kind", "admonishment")
    page.fill("#id_talk-held_on", today)
    page.fill("#id_talk-participants", f"{officer.name}, {cadre.name}")
    page.fill("#id_talk-summary", "Admonished about the duty sign-in.")
    page.fill("#id_talk-follow_up", "Check the sign-ins next month.")
    page.click("#new-talk button[type=submit]")
    page.wait_for_selector("#talks li:has-text('Admonishment talk')")

    page.fill("#id_credit-course", "Tax collection law")
    page.fill("#id_credit-hours", "6")
    page.fill("#id_credit-credits", "3")
    page.fill("#id_credit-completed_on", today)
    page.click("#new-credit button[type=submit]")
    page.wait_for_selector("#credits li:has-text('Tax collection law')")


def test_a_leader_reads_a_file_and_prints_it(page, login, hall_people):
    cadre, officer = hall_people["cadre"], hall_people["officer"]
    leader = factories.staff(
        unit=cadre.unit.parent, roles=(Role.CADRE, Role.LEADERSHIP), name="Leader Liu"
    )
    record = services.record_create(
        actor=officer.user,
        staff=cadre,
        category="honesty",
        kind="commendation",
        occurred_on=timezone.localdate() - timedelta(days=1),
        facts="Returned a gift.",
        source="self_report",
        points=2,
    )
    services.record_confirm(actor=officer.user, record=record)

    login(leader.user.username)
    page.click("nav.mainnav >> text=Integrity files")
    page.click(f"#file-{cadre.pk} a")
    assert page.locator("#new-record").count() == 0  # leadership reads, never writes
    page.click("#print-link")

    assert "Returned a gift." in page.inner_text("#print-file")
    assert page.inner_text("#print-total") == "2"


def test_officer_confirms_a_late_checkin_proposal_and_the_cadre_sees_the_record(
    page, login, hall_people
):
    cadre, officer = hall_people["cadre"], hall_people["officer"]
    day = date(2026, 3, 10)
    noon = factories.duty_type(unit=cadre.unit)  # 12:00, report 11:45
    factories.published_roster(duty_type=noon, duties={day: [cadre]})
    roster_services.checkin_record(
        actor=cadre.user,
        assignment=DutyAssignment.objects.get(staff=cadre, date=day),
        at=datetime(2026, 3, 10, 11, 57, tzinfo=ZoneInfo("Asia/Shanghai")),
    )

    login(officer.user.username)
    page.click("nav.mainnav >> text=Proposed records")
    proposal = page.locator(".proposal", has_text=cadre.name)
    assert "12 minutes late" in proposal.inner_text()
    proposal.locator("input[name$='-points']").fill("5")  # outside the range: shown again
    proposal.locator(".confirm-proposal button[type=submit]").click()
    assert "between -20 and 0" in page.locator(".proposal .errorlist").inner_text()
    page.locator(".proposal input[name$='-points']").fill("-2")
    page.locator(".proposal .confirm-proposal button[type=submit]").click()
    page.wait_for_selector("text=The record is confirmed")
    assert page.locator("#no-proposals").is_visible()
    log_out(page)

    login(cadre.user.username)
    page.click("nav.mainnav >> text=My integrity file")
    assert page.inner_text("#current-total") == "-2"
    assert "12 minutes late" in page.inner_text("#records")
