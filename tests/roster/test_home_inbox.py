"""The manager's home inbox: leave to approve, duties needing a replacement, swaps waiting,
coverage gaps, holidays without a duty roster; each item links to where it is dealt with."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from roster import services
from roster.models import SwapRequest
from tests import factories

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def frozen_today(monkeypatch):
    # 2026-09-10: National Day (1-7 Oct 2026) is within 30 days.
    now = datetime(2026, 9, 10, 9, 0, tzinfo=SHANGHAI)
    monkeypatch.setattr(timezone, "now", lambda: now)
    return now.date()


def home(client, staff):
    client.force_login(staff.user)
    return client.get("/").content.decode()


def test_a_duty_flagged_by_leave_is_in_the_inbox_linking_to_the_roster(
    client, hall, manager, cadre, frozen_today, django_capture_on_commit_callbacks
):
    factories.staff(unit=hall, name="Zhao Lei")
    noon = factories.duty_type(unit=hall, name="Noon duty")
    day = date(2026, 9, 15)
    roster = factories.published_roster(duty_type=noon, duties={day: [cadre]})
    with django_capture_on_commit_callbacks(execute=True):
        factories.approved_absence(staff=cadre, approver=manager, start_date=day)

    page = home(client, manager)

    duty = roster.assignments.get()
    assert f"/roster/{roster.pk}/#duty-{duty.pk}" in page
    assert 'id="inbox-duties"' in page


def test_a_swap_accepted_by_the_colleague_waits_in_the_inbox(
    client, hall, manager, cadre, frozen_today
):
    colleague = factories.staff(unit=hall, name="Zhao Lei")
    noon = factories.duty_type(unit=hall, name="Noon duty")
    roster = factories.published_roster(duty_type=noon, duties={date(2026, 9, 15): [cadre]})
    swap = services.swap_request(
        actor=cadre.user, assignment=roster.assignments.get(), counterpart=colleague
    )
    services.swap_accept(actor=colleague.user, swap=swap)
    assert SwapRequest.objects.get().status == SwapRequest.Status.ACCEPTED

    page = home(client, manager)

    assert f"/roster/swaps/#swap-{swap.pk}" in page


def test_a_holiday_within_30_days_without_a_published_roster_is_a_warning(
    client, manager, frozen_today
):
    page = home(client, manager)

    assert 'id="inbox-holidays"' in page
    assert "National Day" in page


def test_a_published_holiday_roster_clears_the_warning_of_its_holiday(
    client, hall, manager, frozen_today
):
    holiday = factories.duty_type(unit=hall, kind="holiday", name="Holiday duty")
    factories.published_roster(
        duty_type=holiday,
        duties={date(2026, 10, 1) + timedelta(days=n): [manager] for n in range(7)},
    )

    page = home(client, manager)

    # Mid-Autumn (25-27 Sep) still has none; National Day is covered.
    assert "National Day" not in page
    assert "Mid-Autumn" in page


def test_a_cadre_has_no_inbox(client, cadre, frozen_today):
    assert 'id="home-inbox"' not in home(client, cadre)


def test_a_leader_sees_the_bureau_gaps_and_reaches_the_gap_list(client, hall, manager):
    bureau = hall.parent
    leader = factories.staff(unit=bureau, roles=("cadre", "leadership"), name="Leader Qian")
    a, b = factories.staff(unit=hall), factories.staff(unit=hall)
    post = factories.post(unit=hall, name="Invoice desk")
    factories.pairing(post=post, a=a, b=b)
    from staffmgmt.selectors import working_days

    today = timezone.localdate()
    day = working_days(start=today + timedelta(days=1), end=today + timedelta(days=13))[0]
    for person in (a, b):
        factories.absence(staff=person, start_date=day, approved_by=manager)

    page = home(client, leader)

    assert 'id="home-gaps"' in page and "Invoice desk" in page
    assert 'href="/coverage/gaps/"' in page


def test_a_notice_links_to_its_item(
    client, hall, manager, cadre, frozen_today, django_capture_on_commit_callbacks
):
    factories.staff(unit=hall)
    noon = factories.duty_type(unit=hall, name="Noon duty")
    roster = factories.published_roster(duty_type=noon, duties={date(2026, 9, 15): [cadre]})
    with django_capture_on_commit_callbacks(execute=True):
        factories.approved_absence(staff=cadre, approver=manager, start_date=date(2026, 9, 15))
    client.force_login(manager.user)

    page = client.get("/roster/notifications/").content.decode()

    duty = roster.assignments.get()
    assert f'href="/roster/{roster.pk}/#duty-{duty.pk}"' in page


def test_a_duty_without_check_in_is_a_missed_duty_in_the_inbox(
    client, hall, manager, cadre, frozen_today
):
    noon = factories.duty_type(unit=hall, name="Noon duty")
    factories.published_roster(duty_type=noon, duties={date(2026, 9, 8): [cadre]})

    page = home(client, manager)

    missed = page.split('id="inbox-missed"', 1)[1].split("</div>", 1)[0]
    assert "Cadre Li did not check in" in missed
