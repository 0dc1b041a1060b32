from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from roster import selectors, services
from roster.models import DutyAssignment
from tests import factories

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 3, 10)


def at(hour, minute, second=0, day=DAY):
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=SHANGHAI)


@pytest.fixture
def duty(hall, cadre):
    noon = factories.duty_type(unit=hall)  # 12:00, report 11:45
    factories.published_roster(duty_type=noon, duties={DAY: [cadre]})
    return DutyAssignment.objects.get(staff=cadre, date=DAY)


def test_checkin_before_the_report_time_is_on_time(duty, cadre):
    checkin = services.checkin_record(actor=cadre.user, assignment=duty, at=at(11, 40))
    assert not checkin.is_late and checkin.minutes_late == 0


def test_checkin_exactly_at_the_report_time_is_on_time(duty, cadre):
    assert not services.checkin_record(actor=cadre.user, assignment=duty, at=at(11, 45)).is_late


def test_checkin_after_the_report_time_is_late_by_started_minutes(duty, cadre):
    checkin = services.checkin_record(actor=cadre.user, assignment=duty, at=at(11, 52, 30))
    assert checkin.is_late and checkin.minutes_late == 8


def test_checkin_uses_shanghai_local_date_not_utc(duty, cadre):
    # 01:00 in Shanghai on the duty day is still the previous day in UTC: the refusal is
    # the window's (too early that day), not "another day".
    utc_previous_day = datetime(2026, 3, 9, 17, 0, tzinfo=ZoneInfo("UTC"))
    with pytest.raises(ValidationError, match="opens at 11:15"):
        services.checkin_record(actor=cadre.user, assignment=duty, at=utc_previous_day)


def test_checkin_on_another_day_is_refused(duty, cadre):
    with pytest.raises(ValidationError, match="day of the duty"):
        services.checkin_record(
            actor=cadre.user, assignment=duty, at=at(11, 0, day=date(2026, 3, 9))
        )


def test_only_the_person_on_duty_checks_in(duty, manager):
    with pytest.raises(PermissionDenied):
        services.checkin_record(actor=manager.user, assignment=duty, at=at(11, 40))


def test_checking_in_twice_is_refused(duty, cadre):
    services.checkin_record(actor=cadre.user, assignment=duty, at=at(11, 40))
    with pytest.raises(ValidationError, match="already checked in"):
        services.checkin_record(actor=cadre.user, assignment=duty, at=at(11, 45))


def test_checkin_without_at_uses_the_clock(duty, cadre, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: at(12, 1))
    assert services.checkin_record(actor=cadre.user, assignment=duty).minutes_late == 16


def test_checkin_summary_counts_duties_late_and_missed_in_one_query(
    hall, cadre, manager, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr(timezone, "now", lambda: at(20, 0, day=date(2026, 3, 13)))
    other = factories.staff(unit=hall)
    noon = factories.duty_type(unit=hall)
    factories.published_roster(
        duty_type=noon,
        duties={
            date(2026, 3, 10): [cadre],
            date(2026, 3, 11): [other],
            date(2026, 3, 12): [cadre],
            date(2026, 3, 16): [cadre],  # not come yet
        },
    )
    first = DutyAssignment.objects.get(staff=cadre, date=date(2026, 3, 10))
    services.checkin_record(actor=cadre.user, assignment=first, at=at(11, 50))

    with django_assert_num_queries(1):
        summary = selectors.checkin_summary_unscoped(
            staff_ids=[cadre.pk, other.pk], start=date(2026, 3, 1), end=date(2026, 3, 31)
        )

    assert summary[cadre.pk] == {
        "duties": 2,
        "checked_in": 1,
        "late": 1,
        "minutes_late": 5,
        "missed": 1,
    }
    assert summary[other.pk]["missed"] == 1
    late = list(
        selectors.late_checkin_list_unscoped(
            staff_ids=[cadre.pk], start=date(2026, 3, 1), end=date(2026, 3, 31)
        )
    )
    assert [c.assignment_id for c in late] == [first.pk]


def test_checkin_page_shows_hygiene_duty_and_records_the_checkin(duty, cadre, client, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: at(11, 30))
    client.force_login(cadre.user)

    page = client.get("/roster/checkin/")
    assert "hygiene (cleaning of the hall)" in page.content.decode()
    assert "15 minutes left to report" in page.content.decode()

    client.post("/roster/checkin/", {"assignment": duty.pk})
    assert DutyAssignment.objects.get(pk=duty.pk).checkin.is_late is False


def test_manager_sees_todays_checkins_of_the_unit(duty, cadre, manager, client, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: at(11, 50))
    services.checkin_record(actor=cadre.user, assignment=duty)
    client.force_login(manager.user)

    body = client.get("/roster/checkin/").content.decode()

    assert "unit-checkins" in body and cadre.name in body and "late 5 min" in body


def test_checkin_api_creates_for_own_duty_and_lists_for_manager(
    duty, cadre, manager, api_as, monkeypatch
):
    monkeypatch.setattr(timezone, "now", lambda: at(11, 44))
    created = api_as(cadre).post("/api/checkins/", {"assignment": duty.pk})
    assert created.status_code == 201 and created.json()["is_late"] is False
    again = api_as(cadre).post("/api/checkins/", {"assignment": duty.pk})
    assert again.status_code == 400

    listed = api_as(manager).get("/api/checkins/", {"date": DAY.isoformat()})
    assert [row["staff"] for row in listed.json()["results"]] == [cadre.pk]


def test_checkin_earlier_than_the_window_is_refused(duty, cadre):
    with pytest.raises(ValidationError, match="opens at 11:15"):
        services.checkin_record(actor=cadre.user, assignment=duty, at=at(11, 14))


def test_checkin_past_the_late_limit_is_refused_and_the_duty_is_missed(duty, cadre):
    with pytest.raises(ValidationError, match="missed"):
        services.checkin_record(actor=cadre.user, assignment=duty, at=at(12, 31))

    summary = selectors.checkin_summary_unscoped(
        staff_ids=[cadre.pk], start=date(2026, 3, 1), end=date(2026, 3, 31)
    )
    assert summary[cadre.pk]["missed"] == 1


def test_the_late_limit_is_configurable(duty, cadre, settings):
    settings.CHECKIN_LATE_LIMIT_MINUTES = 90

    checkin = services.checkin_record(actor=cadre.user, assignment=duty, at=at(13, 20))

    assert checkin.is_late
