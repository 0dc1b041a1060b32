"""Bad leave input is a field error at request time, and a stored bad row breaks no page."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from staffmgmt import services
from staffmgmt.errors import AbsenceError
from staffmgmt.models import Absence


def request(staff, start, end, kind="personal"):
    return services.absence_request(
        actor=staff.user, staff=staff, kind=kind, start_date=start, end_date=end
    )


def codes(error: ValidationError, field: str) -> list[str]:
    return [e.code for e in error.error_dict[field]]


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (date(1900, 1, 1), date(1900, 1, 1), "start_date"),
        (date(2100, 1, 1), date(2101, 1, 2), "end_date"),
    ],
)
def test_leave_outside_the_calendar_is_refused_on_the_date(cadre, start, end, field):
    with pytest.raises(ValidationError) as caught:
        request(cadre, start, end)

    assert AbsenceError.OUTSIDE_CALENDAR in codes(caught.value, field)
    assert not Absence.objects.exists()


def test_leave_far_in_the_future_is_refused(cadre):
    with pytest.raises(ValidationError) as caught:
        request(cadre, date(2100, 1, 1), date(2100, 1, 5))

    assert AbsenceError.TOO_FAR_AHEAD in codes(caught.value, "end_date")


def test_leave_starting_before_the_configured_limit_is_refused(cadre, settings):
    settings.LEAVE_MAX_PAST_DAYS = 30
    today = timezone.localdate()

    with pytest.raises(ValidationError) as caught:
        request(cadre, today - timedelta(days=31), today - timedelta(days=31))
    recent = request(cadre, today - timedelta(days=30), today - timedelta(days=30))

    assert AbsenceError.TOO_FAR_BACK in codes(caught.value, "start_date")
    assert recent.pk


def test_a_request_longer_than_its_kind_allows_is_refused(cadre):
    today = timezone.localdate()

    with pytest.raises(ValidationError) as caught:
        request(cadre, today, today + timedelta(days=40), kind="personal")

    assert AbsenceError.TOO_LONG in codes(caught.value, "end_date")


def test_the_leave_form_shows_a_date_outside_the_calendar_as_a_field_error(client, cadre):
    client.force_login(cadre.user)

    response = client.post(
        reverse("staffmgmt:absence_list"),
        {
            "kind": "personal",
            "start_date": "1900-01-01",
            "start_half": "am",
            "end_date": "1900-01-01",
            "end_half": "pm",
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["start_date"]


def test_the_api_answers_a_date_outside_the_calendar_with_a_field_error(api_as, cadre):
    response = api_as(cadre).post(
        "/api/absences/",
        {"kind": "personal", "start_date": "1900-01-01", "end_date": "1900-01-01"},
    )

    assert response.status_code == 400
    assert response.json()["start_date"][0]["code"] == AbsenceError.OUTSIDE_CALENDAR


def _stored_out_of_calendar_row(staff):
    """A request stored before the checks existed (or written around them)."""
    return Absence.objects.create(
        staff=staff,
        kind="annual",
        start_date=date(1900, 1, 1),
        end_date=date(1900, 1, 1),
        requested_by=staff.user,
    )


def test_the_approval_queue_answers_with_an_out_of_calendar_request_stored(client, manager, cadre):
    stored = _stored_out_of_calendar_row(cadre)
    client.force_login(manager.user)

    response = client.get(reverse("staffmgmt:absence_approvals"))

    assert response.status_code == 200
    assert f'id="request-{stored.pk}"' in response.content.decode()


def test_approving_an_out_of_calendar_request_stored_is_a_field_error(manager, cadre):
    stored = _stored_out_of_calendar_row(cadre)

    with pytest.raises(ValidationError) as caught:
        services.absence_approve(actor=manager.user, absence=stored)

    assert AbsenceError.OUTSIDE_CALENDAR in codes(caught.value, "start_date")
    stored.refresh_from_db()
    assert stored.status == Absence.Status.REQUESTED
