from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kernel.errors import ConfirmationRequired
from roster import selectors, services
from staffmgmt import services as staff_services
from staffmgmt.models import Absence
from tests import factories


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    now = datetime(2026, 5, 10, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    monkeypatch.setattr(timezone, "now", lambda: now)


@pytest.fixture
def earned_two(hall, cadre):
    """Two holiday duties that have come (1 day each), one still ahead, one noon duty."""
    holiday = factories.duty_type(unit=hall, kind="holiday")
    noon = factories.duty_type(unit=hall)
    factories.published_roster(
        duty_type=holiday, duties={date(2026, 5, 1): [cadre], date(2026, 5, 3): [cadre]}
    )
    factories.published_roster(duty_type=noon, duties={date(2026, 5, 6): [cadre]})
    return holiday


def test_balance_counts_past_published_holiday_duties(earned_two, cadre):
    balance = selectors.comp_time_balance_unscoped(staff=cadre)
    assert balance == {
        "earned": Decimal("2.00"),
        "taken": Decimal("0"),
        "pending": Decimal("0"),
        "balance": Decimal("2.00"),
    }


def test_configurable_days_per_duty(earned_two, cadre):
    services.duty_type_update(actor=None, duty_type=earned_two, comp_days_per_duty=Decimal("1.5"))
    assert selectors.comp_time_balance_unscoped(staff=cadre)["earned"] == Decimal("3.00")


def test_taken_counts_working_days_with_halves(earned_two, cadre, manager):
    # Fri 8 May (half, from noon) + Sat 9 May (an adjusted working day) = 1.5 days.
    absence = services.comp_time_request(
        actor=cadre.user,
        staff=cadre,
        start_date=date(2026, 5, 8),
        start_half="pm",
        end_date=date(2026, 5, 9),
    )
    assert selectors.comp_time_balance_unscoped(staff=cadre)["pending"] == Decimal("1.5")
    staff_services.absence_approve(actor=manager.user, absence=absence, confirm_gaps=True)

    balance = selectors.comp_time_balance_unscoped(staff=cadre)
    assert balance["taken"] == Decimal("1.5") and balance["balance"] == Decimal("0.5")


def test_rest_days_in_a_compensatory_leave_cost_nothing(earned_two, cadre):
    absence = services.comp_time_request(
        actor=cadre.user, staff=cadre, start_date=date(2026, 5, 15), end_date=date(2026, 5, 18)
    )  # Fri, Sat, Sun, Mon: two working days
    assert absence.kind == Absence.Kind.COMPENSATORY
    assert selectors.comp_time_balance_unscoped(staff=cadre)["pending"] == Decimal("2")


def test_request_beyond_the_balance_is_refused(earned_two, cadre):
    with pytest.raises(ValidationError, match="only 2 days"):
        services.comp_time_request(
            actor=cadre.user, staff=cadre, start_date=date(2026, 5, 11), end_date=date(2026, 5, 13)
        )
    assert not Absence.objects.filter(staff=cadre).exists()


def test_pending_requests_count_against_the_balance(earned_two, cadre):
    services.comp_time_request(
        actor=cadre.user, staff=cadre, start_date=date(2026, 5, 11), end_date=date(2026, 5, 12)
    )
    with pytest.raises(ValidationError):
        services.comp_time_request(
            actor=cadre.user, staff=cadre, start_date=date(2026, 5, 14), end_date=date(2026, 5, 14)
        )


def test_approval_runs_the_ab_coverage_check(earned_two, cadre, manager, hall):
    partner = factories.staff(unit=hall)
    post = factories.post(unit=hall, critical=True)
    factories.pairing(post=post, a=cadre, b=partner)
    factories.approved_absence(staff=partner, approver=manager, start_date=date(2026, 5, 12))
    absence = services.comp_time_request(
        actor=cadre.user, staff=cadre, start_date=date(2026, 5, 12), end_date=date(2026, 5, 12)
    )

    with pytest.raises(ConfirmationRequired):
        staff_services.absence_approve(actor=manager.user, absence=absence)
    absence.refresh_from_db()
    assert absence.status == Absence.Status.REQUESTED


def test_comp_time_api_and_page(earned_two, cadre, manager, api_as, client):
    own = api_as(cadre).get("/api/comp-time/")
    assert own.json()["balance"] == "2.00"
    assert api_as(manager).get(f"/api/comp-time/?staff={cadre.pk}").json()["earned"] == "2.00"
    assert api_as(cadre).get(f"/api/comp-time/?staff={manager.pk}").status_code == 400

    client.force_login(cadre.user)
    refused = client.post(
        "/roster/comp-time/",
        {
            "start_date": "2026-05-11",
            "start_half": "am",
            "end_date": "2026-05-15",
            "end_half": "pm",
        },
    )
    assert refused.status_code == 400 and "only 2 days" in refused.content.decode()


def _compensatory(start: str, end: str) -> dict:
    return {
        "kind": "compensatory",
        "start_date": start,
        "start_half": "am",
        "end_date": end,
        "end_half": "pm",
    }


def test_generic_leave_api_refuses_compensatory_time_beyond_the_balance(earned_two, cadre, api_as):
    # Mon 11 - Wed 13 May: three working days against a balance of two.
    response = api_as(cadre).post(
        "/api/absences/", _compensatory("2026-05-11", "2026-05-13"), format="json"
    )

    assert response.status_code == 400
    assert "only 2 days" in str(response.data["end_date"])
    assert not Absence.objects.filter(staff=cadre).exists()


def test_generic_leave_api_accepts_compensatory_time_within_the_balance(earned_two, cadre, api_as):
    response = api_as(cadre).post(
        "/api/absences/", _compensatory("2026-05-11", "2026-05-12"), format="json"
    )

    assert response.status_code == 201
    absence = Absence.objects.get(staff=cadre)
    assert (absence.kind, absence.status) == (Absence.Kind.COMPENSATORY, Absence.Status.REQUESTED)
    assert selectors.comp_time_balance_unscoped(staff=cadre)["pending"] == Decimal("2")


def test_generic_leave_page_refuses_compensatory_time_beyond_the_balance_and_accepts_within(
    earned_two, cadre, client
):
    client.force_login(cadre.user)

    refused = client.post("/leave/", _compensatory("2026-05-11", "2026-05-13"))
    assert refused.status_code == 400 and "only 2 days" in refused.content.decode()
    assert not Absence.objects.filter(staff=cadre).exists()

    accepted = client.post("/leave/", _compensatory("2026-05-11", "2026-05-11"))
    assert accepted.status_code == 302
    assert Absence.objects.get(staff=cadre).kind == Absence.Kind.COMPENSATORY


def test_other_kinds_of_leave_ignore_the_compensatory_balance(cadre):
    absence = staff_services.absence_request(
        actor=cadre.user,
        staff=cadre,
        kind=Absence.Kind.ANNUAL,
        start_date=date(2026, 5, 11),
        end_date=date(2026, 5, 15),
    )
    assert absence.kind == Absence.Kind.ANNUAL


def test_comp_time_people_are_oneself_and_the_people_of_managed_units(hall, cadre, manager):
    colleague = factories.staff(unit=hall)
    other_hall_member = factories.staff(unit=factories.unit(parent=hall.parent))

    assert set(selectors.comp_time_people_list(user=cadre.user)) == {cadre}
    managed = set(selectors.comp_time_people_list(user=manager.user))
    assert {cadre, colleague, manager} <= managed
    assert other_hall_member not in managed
