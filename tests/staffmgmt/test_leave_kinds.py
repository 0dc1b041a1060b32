"""Leave kinds of the civil-service rules: counting by working or calendar days, yearly
balances (annual leave by years of service), checked on request and on approval."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from staffmgmt import selectors, services
from staffmgmt.errors import AbsenceError
from staffmgmt.models import Absence

# Mon 28 Sep - Sun 4 Oct 2026: Mon-Wed working, National Day holidays from Thu 1 Oct.
MON_28_SEP = date(2026, 9, 28)
SUN_4_OCT = date(2026, 10, 4)
MON_2_MAR = date(2026, 3, 2)
FRI_6_MAR = date(2026, 3, 6)


def request(staff, kind, start, end, **kwargs):
    return services.absence_request(
        actor=staff.user, staff=staff, kind=kind, start_date=start, end_date=end, **kwargs
    )


@pytest.mark.parametrize(
    "kind",
    [
        "annual",
        "sick",
        "personal",
        "marriage",
        "maternity",
        "paternity",
        "bereavement",
        "home_visit",
        "compensatory",
    ],
)
def test_the_civil_service_leave_kinds_are_offered(kind):
    assert kind in Absence.Kind.values
    assert selectors.leave_rule(kind=kind).kind == kind


def test_a_request_records_the_working_days_it_takes_from_the_calendar(cadre):
    absence = request(cadre, "personal", MON_28_SEP, SUN_4_OCT)

    assert absence.working_days == Decimal(3)
    assert absence.counted_days == Decimal(3)


def test_a_half_day_counts_half(cadre):
    absence = request(cadre, "sick", MON_2_MAR, MON_2_MAR, start_half="pm")

    assert absence.working_days == Decimal("0.5")


def test_maternity_leave_counts_calendar_days_holidays_included(cadre):
    absence = request(cadre, "maternity", MON_28_SEP, SUN_4_OCT)

    assert (absence.working_days, absence.counted_days) == (Decimal(3), Decimal(7))


@pytest.mark.parametrize(
    ("service_start", "days"),
    [(date(2025, 6, 1), 0), (date(2024, 1, 1), 5), (date(2016, 1, 1), 10), (date(2000, 5, 1), 15)],
)
def test_annual_leave_follows_years_of_service(cadre, service_start, days):
    cadre.service_start = service_start

    assert selectors.annual_leave_entitlement(staff=cadre, year=2026) == days


def test_annual_leave_tiers_are_configurable(cadre, settings):
    settings.LEAVE_ANNUAL_DAYS_BY_SERVICE = ((0, 7),)
    cadre.service_start = date(2025, 12, 1)

    assert selectors.annual_leave_entitlement(staff=cadre, year=2026) == 7


def test_annual_leave_beyond_the_balance_is_refused_at_request(cadre):
    cadre.service_start = date(2020, 1, 1)  # 6 years: 5 days
    cadre.save()
    request(cadre, "annual", MON_2_MAR, date(2026, 3, 4))  # 3 working days requested

    with pytest.raises(ValidationError) as caught:
        request(cadre, "annual", date(2026, 3, 9), date(2026, 3, 11))  # 3 more: 6 > 5

    assert [e.code for e in caught.value.error_dict["kind"]] == [AbsenceError.BALANCE_EXCEEDED]


def test_the_balance_counts_taken_and_requested_leave(cadre, manager):
    cadre.service_start = date(2020, 1, 1)
    cadre.save()
    taken = request(cadre, "annual", MON_2_MAR, MON_2_MAR)
    services.absence_approve(actor=manager.user, absence=taken)
    request(cadre, "annual", date(2026, 3, 9), date(2026, 3, 10))

    balance = selectors.leave_balance_unscoped(staff=cadre, kind="annual", year=2026)

    assert (balance.entitled, balance.taken, balance.requested, balance.left) == (
        Decimal(5),
        Decimal(1),
        Decimal(2),
        Decimal(2),
    )


def test_approval_checks_the_balance_against_leave_already_approved(cadre, manager):
    cadre.service_start = date(2020, 1, 1)
    cadre.save()
    first = request(cadre, "annual", MON_2_MAR, FRI_6_MAR)  # 5 of 5
    services.absence_approve(actor=manager.user, absence=first)
    # Written around the request check, as if the balance had been larger then.
    later = Absence.objects.create(
        staff=cadre,
        kind="annual",
        start_date=date(2026, 4, 8),
        end_date=date(2026, 4, 8),
        requested_by=cadre.user,
    )

    with pytest.raises(ValidationError) as caught:
        services.absence_approve(actor=manager.user, absence=later)

    assert [e.code for e in caught.value.error_dict["kind"]] == [AbsenceError.BALANCE_EXCEEDED]


def test_without_a_service_start_the_annual_balance_is_unknown_and_not_checked(cadre):
    absence = request(cadre, "annual", MON_2_MAR, FRI_6_MAR)

    assert absence.pk
    assert selectors.leave_balance_unscoped(staff=cadre, kind="annual", year=2026).left is None


def test_home_visit_leave_has_a_yearly_balance_in_calendar_days(cadre):
    with pytest.raises(ValidationError):
        request(cadre, "home_visit", date(2026, 3, 1), date(2026, 3, 21))  # 21 > 20


def test_the_request_form_shows_the_balances(client, cadre):
    cadre.service_start = date(2020, 1, 1)
    cadre.save()
    client.force_login(cadre.user)

    page = client.get(reverse("staffmgmt:absence_list")).content.decode()

    assert 'id="leave-balances"' in page
    assert "Annual leave" in page


def test_the_approval_card_shows_the_working_days_the_request_takes(client, manager, cadre):
    request(cadre, "personal", MON_28_SEP, SUN_4_OCT)
    client.force_login(manager.user)

    page = client.get(reverse("staffmgmt:absence_approvals")).content.decode()

    assert "3 working days" in page
