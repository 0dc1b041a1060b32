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

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient
from schemathesis.generation.modes import GenerationMode

from kernel.tokens import api_token_issue
from tests.api.fuzzing import CHECKS, connection_kept

EXAMPLES_PER_OPERATION = 12


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
            with connection_kept():
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
