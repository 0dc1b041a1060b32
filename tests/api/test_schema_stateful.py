"""The schema fuzz's stateful phase: sequences of calls that follow the schema's OpenAPI
links (kernel.api.schema.add_create_links), so a row created by one call is read, changed
and deleted by the next ones, as a manager and as an integrity officer.

The same checks as test_schema_fuzz.py on every step: no 5xx, only documented status
codes, bodies that match their schema. Bounded and deterministic: a fixed number of
scenarios of a fixed number of steps, derandomized, each scenario starting from the same
fuzz world (its writes are rolled back when it ends, so a replayed scenario meets the
same rows and Hypothesis sees the same answers).
"""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, Phase, settings

from kernel.tokens import api_token_issue
from tests.api.fuzzing import CHECKS, connection_kept

SCENARIOS = 60
STEPS_PER_SCENARIO = 8

STATEFUL_SETTINGS = settings(
    max_examples=SCENARIOS,
    stateful_step_count=STEPS_PER_SCENARIO,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=list(HealthCheck),
    print_blob=False,
)


@pytest.mark.parametrize("role", ["manager", "integrity_officer"])
def test_linked_call_sequences_as_each_role_conform_to_the_schema(api_schema, fuzz_world, role):
    signed_in_as = fuzz_world[role]
    linked_reads = []

    class Workflow(api_schema.as_state_machine()):
        def setup(self):
            self._scenario = transaction.atomic()
            self._scenario.__enter__()

        def teardown(self):
            transaction.set_rollback(True)
            self._scenario.__exit__(None, None, None)

        def get_call_kwargs(self, case):
            # A fresh token each step, as in the stateless fuzz.
            _token, key = api_token_issue(user=signed_in_as.user)
            return {"headers": {"Authorization": f"Token {key}"}}

        def call(self, case, **kwargs):
            with connection_kept():
                return case.call(**kwargs)

        def after_call(self, response, case):
            super().after_call(response, case)
            if "{" in case.operation.path and response.status_code < 300:
                linked_reads.append(case.operation.label)

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS, transport_kwargs=kwargs)

    Workflow.run(settings=STATEFUL_SETTINGS)

    # The scenarios reached rows they had created (an item path answered), not only lists
    # and refusals: the links are followed.
    assert linked_reads
