"""Approving leave names the person's duties in the period, with a proposed replacement,
before anything is approved (staffmgmt's absence_approval_warnings, filled by roster)."""

from datetime import date

import pytest
from django.urls import reverse

from kernel.errors import ConfirmationRequired
from staffmgmt import services as staff_services
from staffmgmt.models import Absence
from tests import factories

WED = date(2026, 3, 4)


@pytest.fixture
def duty(hall, cadre):
    colleague = factories.staff(unit=hall, name="Zhao Lei")
    noon = factories.duty_type(unit=hall, name="Noon duty")
    factories.published_roster(duty_type=noon, duties={WED: [cadre]})
    return colleague


def request_leave(cadre):
    return staff_services.absence_request(
        actor=cadre.user, staff=cadre, kind="personal", start_date=WED, end_date=WED
    )


def test_approval_asks_for_confirmation_naming_the_duty_and_a_replacement(duty, cadre, manager):
    absence = request_leave(cadre)

    with pytest.raises(ConfirmationRequired) as caught:
        staff_services.absence_approve(actor=manager.user, absence=absence)

    warning = caught.value.warnings[0]
    assert warning["code"] == "duty_affected"
    assert warning["date"] == "2026-03-04"
    assert warning["replacement"] in {"Zhao Lei", "Manager Wang"}
    assert "Noon duty" in caught.value.message
    absence.refresh_from_db()
    assert absence.status == Absence.Status.REQUESTED


def test_confirmed_approval_over_a_duty_goes_through(duty, cadre, manager):
    absence = request_leave(cadre)

    approved = staff_services.absence_approve(
        actor=manager.user, absence=absence, confirm_gaps=True
    )

    assert approved.status == Absence.Status.APPROVED


def test_the_approval_queue_names_the_duty_affected(duty, cadre, manager, client):
    request_leave(cadre)
    client.force_login(manager.user)

    page = client.get(reverse("staffmgmt:absence_approvals")).content.decode()

    assert "duty-warning" in page
    assert "Noon duty" in page


def test_leave_without_duties_has_no_duty_warning(hall, cadre, manager):
    absence = request_leave(cadre)

    assert staff_services.absence_warnings([absence]) == {absence.pk: []}


def test_the_api_answers_409_with_the_duty_in_the_warnings(duty, cadre, manager, api_as):
    absence = request_leave(cadre)

    response = api_as(manager).post(f"/api/absences/{absence.pk}/approve/", {})

    assert response.status_code == 409
    assert [w["code"] for w in response.json()["warnings"]] == ["duty_affected"]
