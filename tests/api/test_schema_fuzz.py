"""Every operation of the published OpenAPI schema, fuzzed (schemathesis on hypothesis).

For each operation, as a manager, a cadre, a leader and an integrity officer (a token
each) and anonymously, with generated path, query and body values: the API never answers
5xx, answers only status codes the schema declares, and every body matches the schema of
its status code.
Path ids are drawn from rows that exist as often as not, so the checks reach real
objects, not only 404s.

Bounded and deterministic: a fixed number of examples per operation, derandomized, with
schemathesis's deterministic coverage phase off (it would multiply the run time).
"""

from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from kernel.roles import Role
from kernel.tokens import api_token_issue
from tests import factories

EXAMPLES_PER_OPERATION = 12
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


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


@contextmanager
def _connection_kept():
    """The requests run inside the test's transaction: keep Django from closing the
    connection when each one ends, as its test client does (which connects the handler
    again after each of its own requests)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(fuzz_world):
    with _connection_kept():
        return schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=list(HealthCheck),
    print_blob=False,
)


def _existing_ids(client: APIClient, path: str) -> list:
    """Ids of the rows `client` sees in the list an item path belongs to
    (`/api/swaps/{id}/accept/` -> `/api/swaps/`)."""
    listing = path.split("{", 1)[0]
    response = client.get(listing, {"page_size": 500})
    if response.status_code != 200:
        return []
    body = response.json()
    rows = body.get("results", []) if isinstance(body, dict) else body
    return [row["id"] for row in rows if isinstance(row, dict) and "id" in row][:5]


def _describe(failure: BaseException) -> str:
    # A schemathesis failure group's message ends with the request to reproduce it.
    if isinstance(failure, BaseExceptionGroup):
        return failure.message
    return str(failure)


def _strategy(operation, listers: list[APIClient]):
    """Data that fits the schema and data that does not; path ids of real rows half the
    time."""
    strategy = st.one_of(
        operation.as_strategy(),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )
    ids = []
    if "{id}" in operation.path:
        ids = sorted({pk for lister in listers for pk in _existing_ids(lister, operation.path)})
    if not ids:
        return strategy
    real = st.sampled_from(ids).flatmap(
        lambda pk: operation.as_strategy(path_parameters={"id": pk})
    )
    return st.one_of(strategy, real)


def _client(staff) -> APIClient:
    client = APIClient()
    client.force_authenticate(staff.user)
    return client


def _fuzz(api_schema, manager, signed_in_as=None) -> None:
    """Every operation as `signed_in_as` (a Staff; None: anonymously), with path ids from
    the rows the manager and `signed_in_as` see (an officer sees files a manager does not)."""
    listers = [_client(manager)] + ([_client(signed_in_as)] if signed_in_as else [])
    failures = []
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @FUZZ_SETTINGS
        @given(case=_strategy(operation, listers))
        def run(case):
            with _connection_kept():
                # A fresh token each time: fuzzing the logout or a token's revocation
                # must not sign the manager out of the operations that follow.
                headers = {}
                if signed_in_as is not None:
                    _token, key = api_token_issue(user=signed_in_as.user)
                    headers = {"Authorization": f"Token {key}"}
                case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except (Exception, BaseExceptionGroup) as failure:  # all operations run; all reported
            failures.append(f"{operation.label}:\n{_describe(failure)}")
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("role", ["manager", "cadre", "leadership", "integrity_officer"])
def test_every_operation_as_each_role_conforms_to_the_schema(api_schema, fuzz_world, role):
    _fuzz(api_schema, fuzz_world["manager"], signed_in_as=fuzz_world[role])


def test_every_operation_anonymously_conforms_to_the_schema(api_schema, fuzz_world):
    _fuzz(api_schema, fuzz_world["manager"], signed_in_as=None)
