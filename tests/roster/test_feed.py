from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from roster import services
from roster.models import CalendarFeedToken, DutyAssignment
from staffmgmt.selectors import working_days
from tests import factories

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    now = datetime(2026, 4, 20, 9, 0, tzinfo=SHANGHAI)
    monkeypatch.setattr(timezone, "now", lambda: now)


@pytest.fixture
def duties(hall, cadre):
    noon = factories.duty_type(unit=hall, name="Noon duty")
    holiday = factories.duty_type(unit=hall, kind="holiday", name="Holiday duty")
    factories.published_roster(
        duty_type=noon, duties={date(2026, 4, 22): [cadre], date(2026, 4, 23): []}
    )
    factories.published_roster(duty_type=holiday, duties={date(2026, 5, 1): [cadre]})
    # A draft is not in the feed.
    factories.published_roster(duty_type=noon, duties={date(2026, 6, 2): [cadre]}, publish=False)


def parse(response):
    return icalendar.Calendar.from_ical(response.content)


def events(cal):
    return sorted(cal.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))


def test_feed_lists_published_duties_with_report_time_and_holiday_name(duties, cadre, client):
    token = services.feed_token_issue(actor=cadre.user, staff=cadre)

    response = client.get(f"/roster/feed/{token.token}.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = parse(response)
    assert "HallMark" in str(cal["prodid"])
    assert cadre.name in str(cal["x-wr-calname"])
    noon, holiday = events(cal)
    assert noon.decoded("dtstart") == datetime(2026, 4, 22, 4, 0, tzinfo=UTC)
    assert noon.decoded("dtend") == datetime(2026, 4, 22, 6, 0, tzinfo=UTC)
    assert "Report at 11:45 (15 minutes before" in str(noon["description"])
    assert "hygiene" in str(noon["description"])
    assert str(holiday["summary"]) == "Holiday duty — Labour Day"
    assert "Report at 08:45" in str(holiday["description"])
    alarm = noon.walk("VALARM")[0]
    assert alarm.decoded("trigger") == -timedelta(minutes=15)
    assert len(events(cal)) == 2


def test_feed_uid_is_stable_and_sequence_grows_when_a_duty_moves(duties, cadre, manager, client):
    token = services.feed_token_issue(actor=cadre.user, staff=cadre)
    before = events(parse(client.get(f"/roster/feed/{token.token}.ics")))[0]
    duty = DutyAssignment.objects.get(staff=cadre, date=date(2026, 4, 22))

    services.assignment_move(
        actor=manager.user,
        assignment=duty,
        to_date=date(2026, 4, 23),
        confirm=True,
        reason="moved",
    )
    after = events(parse(client.get(f"/roster/feed/{token.token}.ics")))[0]

    assert str(after["uid"]) == str(before["uid"]) == f"duty-{duty.pk}@hallmark"
    assert after["sequence"] > before["sequence"]
    assert after.decoded("dtstart").date() == date(2026, 4, 23)
    assert "last-modified" in after


def test_feed_speaks_the_language_asked_for(duties, cadre, client):
    token = services.feed_token_issue(actor=cadre.user, staff=cadre)
    response = client.get(f"/roster/feed/{token.token}.ics?lang=zh-hans")
    holiday = events(parse(response))[1]
    assert "劳动节" in str(holiday["summary"])


def test_revoked_or_unknown_token_is_404(duties, cadre, client):
    token = services.feed_token_issue(actor=cadre.user, staff=cadre)
    services.feed_token_revoke(actor=cadre.user, staff=cadre)

    assert client.get(f"/roster/feed/{token.token}.ics").status_code == 404
    assert client.get("/roster/feed/not-a-token.ics").status_code == 404


def test_renewing_revokes_the_previous_token(cadre, client):
    first = services.feed_token_issue(actor=cadre.user, staff=cadre)
    second = services.feed_token_issue(actor=cadre.user, staff=cadre)

    assert client.get(f"/roster/feed/{first.token}.ics").status_code == 404
    assert client.get(f"/roster/feed/{second.token}.ics").status_code == 200
    assert CalendarFeedToken.objects.filter(staff=cadre, revoked_at__isnull=True).count() == 1


def test_nobody_else_issues_a_persons_feed_token(cadre, manager):
    with pytest.raises(PermissionDenied):
        services.feed_token_issue(actor=manager.user, staff=cadre)


def test_feed_query_count_does_not_grow_with_duties(
    hall, cadre, client, django_assert_max_num_queries
):
    noon = factories.duty_type(unit=hall)
    days = working_days(start=date(2026, 4, 21), end=date(2026, 6, 30))[::4]
    factories.published_roster(duty_type=noon, duties={d: [cadre] for d in days})
    token = services.feed_token_issue(actor=cadre.user, staff=cadre)

    with django_assert_max_num_queries(5):
        response = client.get(f"/roster/feed/{token.token}.ics")
    assert len(parse(response).walk("VEVENT")) == len(days)


def test_feed_token_api_get_renew_and_revoke(cadre, api_as, client):
    api = api_as(cadre)
    assert api.get("/api/feed-token/").json()["active"] is False

    made = api.post("/api/feed-token/")
    assert made.status_code == 201
    url = made.json()["url"]
    assert url.endswith(".ics") and client.get(url).status_code == 200

    assert api.delete("/api/feed-token/").status_code == 204
    assert client.get(url).status_code == 404


def test_feed_page_creates_and_revokes_the_address(cadre, client):
    client.force_login(cadre.user)
    client.post("/roster/feed/", {"action": "renew"})
    page = client.get("/roster/feed/").content.decode()
    token = CalendarFeedToken.objects.get(staff=cadre, revoked_at__isnull=True)
    assert f"/roster/feed/{token.token}.ics" in page

    client.post("/roster/feed/", {"action": "revoke"})
    assert not CalendarFeedToken.objects.filter(staff=cadre, revoked_at__isnull=True).exists()


def test_a_duty_covered_by_approved_leave_is_marked_cancelled_in_the_feed(
    duties, cadre, manager, client
):
    factories.approved_absence(staff=cadre, approver=manager, start_date=date(2026, 4, 22))
    token = services.feed_token_issue(actor=cadre.user, staff=cadre)

    cal = parse(client.get(f"/roster/feed/{token.token}.ics"))

    by_day = {e.decoded("dtstart").astimezone(SHANGHAI).date(): e for e in events(cal)}
    assert str(by_day[date(2026, 4, 22)]["status"]) == "CANCELLED"
    assert str(by_day[date(2026, 4, 22)]["summary"]).startswith("On leave")
    assert "status" not in by_day[date(2026, 5, 1)]
