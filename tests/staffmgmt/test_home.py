"""The role-aware home page: a cadre's posts, leave and duties; a manager's gaps and queue."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from staffmgmt import extensions
from staffmgmt.selectors.calendar import working_days
from tests import factories


@pytest.fixture
def next_working_day():
    today = timezone.localdate()
    return working_days(start=today + timedelta(days=1), end=today + timedelta(days=13))[0]


def test_anonymous_is_sent_to_log_in(client):
    response = client.get("/")

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_cadre_sees_own_posts_with_todays_coverage_upcoming_leave_and_no_duties(
    client, cadre, hall, next_working_day
):
    partner = factories.staff(unit=hall, name="Zhou Min")
    post = factories.post(unit=hall, name="Invoice desk")
    factories.pairing(post=post, a=partner, b=cadre)
    factories.absence(staff=cadre, start_date=next_working_day, kind="training")
    client.force_login(cadre.user)

    response = client.get("/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Invoice desk" in body and "B holder" in body
    assert "Training" in body
    assert "No duties scheduled" in body
    assert "Coverage gaps until" not in body


def test_home_renders_duties_a_provider_adds(client, cadre):
    duty = SimpleNamespace(
        date=date(2026, 3, 2),
        duty_type=SimpleNamespace(name="Noon duty on Monday"),
        flagged_reason="",
    )

    def provider(request):
        return {"upcoming_duties": [duty]}

    with extensions.home_context.registered(provider):
        client.force_login(cadre.user)
        body = client.get("/").content.decode()

    assert "Noon duty on Monday" in body and "No duties scheduled" not in body


def test_manager_sees_unit_gaps_of_the_next_two_weeks_and_pending_leave(
    client, manager, hall, next_working_day
):
    a, b = factories.staff(unit=hall, name="Li Na"), factories.staff(unit=hall, name="Wang Fang")
    post = factories.post(unit=hall, name="Invoice desk", critical=True)
    factories.pairing(post=post, a=a, b=b)
    factories.absence(staff=b, start_date=next_working_day, approved_by=manager)
    factories.absence(staff=a, start_date=next_working_day, approved_by=manager)
    factories.absence(staff=factories.staff(unit=hall, name="Sun Yu"), start_date=next_working_day)
    other_hall = factories.unit()
    factories.post(unit=other_hall, name="Other hall desk")
    client.force_login(manager.user)

    body = client.get("/").content.decode()

    assert 'id="inbox-gaps"' in body
    assert "Invoice desk" in body
    assert f"/coverage/acting/{post.pk}/{next_working_day.isoformat()}/" in body
    assert "Sun Yu" in body
    assert "Other hall desk" not in body


def test_home_query_count_does_not_grow_with_posts_held(
    client, cadre, hall, django_assert_max_num_queries
):
    for _ in range(6):
        factories.pairing(post=factories.post(unit=hall), a=cadre, b=factories.staff(unit=hall))
    client.force_login(cadre.user)

    # main's 15, plus acting holders (coverage), the confirmed calendar years (cached
    # between requests) and the permissions behind the calendar-editor banner (two
    # queries): constant, whatever the number of posts held.
    with django_assert_max_num_queries(21):
        response = client.get("/")

    assert response.content.decode().count('class="own-post"') == 6
