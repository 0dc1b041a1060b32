"""A swap is checked when requested: one that breaks a rule is refused before anyone is
notified (it used to wait for the manager's approval to be refused)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from roster import services
from roster.models import DutyNotification, SwapRequest
from staffmgmt.selectors import working_days
from tests import factories


@pytest.fixture
def future_days():
    today = timezone.localdate()
    return working_days(start=today + timedelta(days=2), end=today + timedelta(days=30))


def test_a_swap_to_a_colleague_on_leave_that_day_is_refused_at_request(
    hall, cadre, manager, future_days
):
    colleague = factories.staff(unit=hall, name="Zhao Lei")
    noon = factories.duty_type(unit=hall)
    roster = factories.published_roster(duty_type=noon, duties={future_days[0]: [cadre]})
    factories.approved_absence(staff=colleague, approver=manager, start_date=future_days[0])

    with pytest.raises(ValidationError) as caught:
        services.swap_request(
            actor=cadre.user, assignment=roster.assignments.get(), counterpart=colleague
        )

    assert "on approved leave" in " ".join(caught.value.message_dict["counterpart"])
    assert not SwapRequest.objects.exists()
    assert not DutyNotification.objects.filter(recipient=colleague).exists()


def test_a_swap_giving_the_colleague_two_duties_a_day_is_refused_at_request(
    hall, cadre, future_days
):
    colleague = factories.staff(unit=hall, name="Zhao Lei")
    noon = factories.duty_type(unit=hall, name="Noon duty")
    weekend = factories.duty_type(unit=hall, name="Other duty")
    roster = factories.published_roster(duty_type=noon, duties={future_days[0]: [cadre]})
    factories.published_roster(duty_type=weekend, duties={future_days[0]: [colleague]})

    with pytest.raises(ValidationError):
        services.swap_request(
            actor=cadre.user, assignment=roster.assignments.get(), counterpart=colleague
        )
