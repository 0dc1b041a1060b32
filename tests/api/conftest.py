"""The schema fuzz's world and schema (test_schema_fuzz.py, test_schema_stateful.py)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application

from kernel.roles import Role
from tests import factories
from tests.api.fuzzing import connection_kept


def _next_weekday(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


@pytest.fixture
def fuzz_world(db):
    """A hall with a bit of everything each endpoint lists: posts and pairs, leave, a
    published roster with future duties, a swap and a duty wish; in the integrity file a
    draft and a confirmed record (objected to), a talk and a training credit."""
    from integrity_files import services as integrity_services
    from roster import services as roster_services

    hall = factories.unit()
    skill = factories.skill()
    manager = factories.staff(unit=hall, roles=(Role.CADRE, Role.MANAGER), name="Manager Wang")
    a = factories.staff(unit=hall, skills=[skill], name="Cadre Li")
    b = factories.staff(unit=hall, skills=[skill], name="Cadre Zhao")
    post = factories.post(unit=hall, window=factories.window(unit=hall))
    factories.pairing(post=post, a=a, b=b)
    monday = _next_weekday(date.today() + timedelta(days=14), 0)
    factories.absence(staff=a, start_date=monday + timedelta(days=21))
    noon = factories.duty_type(unit=hall)
    roster = factories.published_roster(
        duty_type=noon,
        duties={
            monday: [a],
            monday + timedelta(days=1): [b],
            monday + timedelta(days=2): [manager],
        },
    )
    duties = {duty.staff_id: duty for duty in roster.assignments.all()}
    roster_services.swap_request(
        actor=a.user, assignment=duties[a.pk], counterpart=b, reason="Dentist"
    )
    factories.approved_absence(staff=b, approver=manager, start_date=monday + timedelta(days=1))
    officer = factories.staff(
        unit=hall, roles=(Role.CADRE, Role.INTEGRITY_OFFICER), name="Officer Qian"
    )
    last_week = date.today() - timedelta(days=7)
    for_the_file = {
        "category": "diligence",
        "kind": "violation",
        "occurred_on": last_week,
        "facts": "Late for noon duty by twenty minutes.",
        "source": "duty_checkin",
        "points": -2,
    }
    integrity_services.record_create(actor=officer.user, staff=b, **for_the_file)
    objected = integrity_services.record_confirm(
        actor=officer.user,
        record=integrity_services.record_create(actor=officer.user, staff=a, **for_the_file),
    )
    integrity_services.objection_lodge(
        actor=a.user, record=objected, statement="The check-in terminal was down."
    )
    integrity_services.talk_record(
        actor=officer.user,
        staff=a,
        kind="routine",
        held_on=last_week,
        participants="Officer Qian, Cadre Li",
        summary="Yearly talk.",
    )
    integrity_services.training_credit_record(
        actor=officer.user,
        staff=b,
        course="Tax law update",
        hours=Decimal("4"),
        credits=Decimal("1"),
        completed_on=last_week,
    )
    return {
        "manager": manager,
        "cadre": a,
        "leadership": factories.staff(
            unit=hall, roles=(Role.CADRE, Role.LEADERSHIP), name="Leader Liu"
        ),
        "integrity_officer": officer,
    }


@pytest.fixture
def api_schema(fuzz_world):
    with connection_kept():
        return schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
