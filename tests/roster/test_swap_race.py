"""Swap races with two real threads (two database connections) on PostgreSQL.

SQLite serialises every write, so the race cannot happen there; the same logic (the check,
then the partial unique constraint as the last word) is tested sequentially on both
databases in test_swaps.py.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone

from kernel.roles import Role
from roster import services
from roster.models import DutyAssignment, SwapRequest
from tests import factories
from tests.threads import run_together

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locks and two connections"
)

D1 = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    now = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    monkeypatch.setattr(timezone, "now", lambda: now)


@pytest.fixture
def setup(transactional_db):
    hall = factories.unit()
    manager = factories.staff(unit=hall, roles=(Role.CADRE, Role.MANAGER))
    asker, b, c = (factories.staff(unit=hall) for _ in range(3))
    noon = factories.duty_type(unit=hall)
    factories.published_roster(duty_type=noon, duties={D1: [asker]})
    return manager, asker, b, c, DutyAssignment.objects.get(staff=asker, date=D1)


def test_two_concurrent_swap_requests_for_one_duty_one_wins(setup):
    _manager, asker, b, c, duty = setup
    for _attempt in range(3):
        SwapRequest.objects.all().delete()
        outcomes = run_together(
            lambda: services.swap_request(actor=asker.user, assignment=duty, counterpart=b),
            lambda: services.swap_request(actor=asker.user, assignment=duty, counterpart=c),
        )
        kinds = sorted(kind for kind, _ in outcomes)
        assert kinds == ["error", "ok"], outcomes
        error = next(value for kind, value in outcomes if kind == "error")
        assert "already has an open swap request" in " ".join(error.messages)
        assert SwapRequest.objects.filter(status="requested").count() == 1


def test_two_concurrent_approvals_of_one_swap_one_wins(setup):
    manager, asker, b, _c, duty = setup
    second_manager = factories.staff(unit=manager.unit, roles=(Role.CADRE, Role.MANAGER))
    swap = services.swap_request(actor=asker.user, assignment=duty, counterpart=b)
    services.swap_accept(actor=b.user, swap=swap)

    outcomes = run_together(
        lambda: services.swap_approve(actor=manager.user, swap=swap),
        lambda: services.swap_approve(actor=second_manager.user, swap=swap),
    )

    assert sorted(kind for kind, _ in outcomes) == ["error", "ok"], outcomes
    assert DutyAssignment.objects.get(pk=duty.pk).staff_id == b.pk
    assert (
        DutyAssignment.objects.get(pk=duty.pk)
        .history.filter(history_change_reason=f"swap #{swap.pk}")
        .count()
        == 1
    )


def test_two_concurrent_approvals_giving_one_person_two_duties_one_wins(setup):
    manager, asker, b, c, duty = setup
    other_desk = factories.duty_type(unit=manager.unit, name="Other desk")
    factories.published_roster(duty_type=other_desk, duties={D1: [c]})
    one = services.swap_request(actor=asker.user, assignment=duty, counterpart=b)
    two = services.swap_request(
        actor=c.user, assignment=DutyAssignment.objects.get(staff=c, date=D1), counterpart=b
    )
    services.swap_accept(actor=b.user, swap=one)
    services.swap_accept(actor=b.user, swap=two)

    outcomes = run_together(
        lambda: services.swap_approve(actor=manager.user, swap=one),
        lambda: services.swap_approve(actor=manager.user, swap=two),
    )

    assert sorted(kind for kind, _ in outcomes) == ["error", "ok"], outcomes
    assert DutyAssignment.objects.filter(staff=b, date=D1).count() == 1
