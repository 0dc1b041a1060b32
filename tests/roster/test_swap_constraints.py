"""Database constraints of swap requests: invariants hold even when a service is bypassed."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from roster.models import DutyAssignment, SwapRequest
from tests import factories

D1, D2 = date(2026, 3, 10), date(2026, 3, 12)


@pytest.fixture
def duties(hall, cadre):
    colleague = factories.staff(unit=hall)
    noon = factories.duty_type(unit=hall)
    factories.published_roster(duty_type=noon, duties={D1: [cadre], D2: [colleague]})
    return (
        DutyAssignment.objects.get(staff=cadre, date=D1),
        DutyAssignment.objects.get(staff=colleague, date=D2),
    )


def test_a_duty_cannot_be_exchanged_for_itself(duties):
    mine, theirs = duties

    with pytest.raises(IntegrityError), transaction.atomic():
        SwapRequest.objects.create(
            assignment=mine,
            requester=mine.staff,
            counterpart=theirs.staff,
            counterpart_assignment=mine,
        )


def test_an_exchange_of_two_duties_and_a_plain_hand_over_are_both_allowed(duties):
    mine, theirs = duties

    exchange = SwapRequest.objects.create(
        assignment=mine,
        requester=mine.staff,
        counterpart=theirs.staff,
        counterpart_assignment=theirs,
    )
    hand_over = SwapRequest.objects.create(
        assignment=theirs, requester=theirs.staff, counterpart=mine.staff
    )

    assert exchange.pk and hand_over.pk and hand_over.counterpart_assignment is None
