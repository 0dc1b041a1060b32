"""Two managers start the same generation at the same moment, on two real connections:
one job is queued, the other start is refused. PostgreSQL only (SQLite serialises every
write; the same refusal is tested sequentially in test_generation_jobs.py)."""

from datetime import date

import pytest
from django.db import connection

from jobs.models import Job
from kernel.roles import Role
from roster.services.generation_jobs import roster_generation_start
from tests import factories
from tests.threads import run_together

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locks and two connections"
)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "second_period",
    [(date(2026, 3, 1), date(2026, 3, 31)), (date(2026, 3, 15), date(2026, 4, 15))],
    ids=["same dates", "overlapping dates"],
)
def test_two_simultaneous_generations_of_one_unit_queue_one_job(second_period):
    hall = factories.unit()
    first_manager = factories.staff(unit=hall, roles=(Role.CADRE, Role.MANAGER))
    second_manager = factories.staff(unit=hall, roles=(Role.CADRE, Role.MANAGER))
    noon = factories.duty_type(unit=hall)
    holiday = factories.duty_type(unit=hall, kind="holiday")

    outcomes = run_together(
        lambda: roster_generation_start(
            actor=first_manager.user,
            duty_type=noon,
            start_date=date(2026, 3, 1),
            end_date=date(2026, 3, 31),
        ),
        lambda: roster_generation_start(
            actor=second_manager.user,
            duty_type=holiday if second_period[0].day == 15 else noon,
            start_date=second_period[0],
            end_date=second_period[1],
        ),
    )

    kinds = sorted(kind for kind, _ in outcomes)
    assert kinds == ["error", "ok"], outcomes
    refused = next(error for kind, error in outcomes if kind == "error")
    assert refused.error_list[0].code == "roster.generation_running"
    assert Job.objects.filter(kind="roster.generate").count() == 1
