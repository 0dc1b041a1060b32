"""Calendar years not confirmed by an administrator are provisional, marked on the pages,
with a banner for calendar editors; confirming a year is an action with history."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from staffmgmt import selectors, services
from staffmgmt.models import CalendarYear


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("root", "root@example.com", "pw")


def test_a_year_is_provisional_until_confirmed(editor):
    assert selectors.is_provisional_year(year=2027)

    services.calendar_year_confirm(actor=editor, year=2027, note="State Council notice 2026")

    assert not selectors.is_provisional_year(year=2027)
    assert selectors.is_provisional_year(year=2028)


def test_confirming_and_reopening_are_in_history(editor):
    services.calendar_year_confirm(actor=editor, year=2027, note="notice")
    services.calendar_year_reopen(actor=editor, year=2027, reason="amended")

    record = CalendarYear.objects.get(year=2027)
    assert [
        (h.confirmed, h.history_user, h.history_change_reason)
        for h in record.history.order_by("history_id")
    ] == [
        (True, editor, "notice"),
        (False, editor, "amended"),
    ]
    assert selectors.is_provisional_year(year=2027)


def test_only_calendar_editors_confirm_a_year(cadre):
    with pytest.raises(PermissionDenied):
        services.calendar_year_confirm(actor=cadre.user, year=2027)


def test_calendar_editors_see_a_banner_while_this_or_next_year_is_provisional(client, editor):
    client.force_login(editor)

    page = client.get(reverse("staffmgmt:calendar")).content.decode()

    assert 'id="provisional-banner"' in page


def test_the_banner_goes_once_both_years_are_confirmed(client, editor):
    year = timezone.localdate().year
    for y in (year, year + 1):
        services.calendar_year_confirm(actor=editor, year=y)
    client.force_login(editor)

    page = client.get(reverse("staffmgmt:calendar")).content.decode()

    assert 'id="provisional-banner"' not in page


def test_a_cadre_sees_no_banner_but_the_provisional_mark(client, cadre):
    client.force_login(cadre.user)

    page = client.get(reverse("staffmgmt:calendar"), {"year": 2027, "month": 1}).content.decode()

    assert 'id="provisional-banner"' not in page
    assert 'id="year-provisional"' in page
    assert "2027" in page.split('data-provisional-years="', 1)[1].split('"', 1)[0]


def test_the_calendar_page_confirms_a_year(client, editor):
    client.force_login(editor)

    response = client.post(
        reverse("staffmgmt:calendar"), {"action": "confirm_year", "year": "2027", "note": "notice"}
    )

    assert response.status_code == 302
    page = client.get(reverse("staffmgmt:calendar"), {"year": 2027, "month": 1}).content.decode()
    assert 'id="year-confirmed"' in page


def test_a_roster_in_a_provisional_year_is_marked(client, hall, manager):
    from datetime import date

    from tests import factories

    noon = factories.duty_type(unit=hall)
    roster = factories.published_roster(duty_type=noon, duties={date(2027, 3, 2): [manager]})
    client.force_login(manager.user)

    page = client.get(reverse("roster:roster-detail", args=[roster.pk])).content.decode()

    assert "roster-provisional" in page
