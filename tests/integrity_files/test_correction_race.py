"""Two integrity officers correcting one record at the same moment, with two real threads
(two database connections) on PostgreSQL: exactly one correction takes the record's place.

What makes it deterministic: `record_correct` and `record_confirm` lock the record being
corrected (SELECT ... FOR UPDATE) before asking whether it is still current, and the
partial unique constraint `integrityrecord_one_confirmed_correction` is the last word.
SQLite serialises every write, so the race cannot happen there; the same rules are tested
one after the other in test_workflow.py.
"""

import pytest
from django.db import connection

from integrity_files import services
from integrity_files.errors import IntegrityFileError as E
from integrity_files.models import IntegrityRecord
from tests.integrity_files.conftest import confirmed, make_bureau
from tests.threads import run_together

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locks and two connections"
)


@pytest.fixture
def org(transactional_db):
    return make_bureau()


def test_two_officers_correcting_one_record_at_once_one_correction_stands(org):
    for attempt in range(3):
        record = confirmed(org)

        outcomes = run_together(
            lambda record=record: services.record_correct(
                actor=org.officer_x.user,
                record=record,
                reason="Ten minutes.",
                points=-1,
                confirm=True,
            ),
            lambda record=record: services.record_correct(
                actor=org.second_officer_x.user,
                record=record,
                reason="Five minutes.",
                points=-1,
                confirm=True,
            ),
        )

        assert sorted(kind for kind, _ in outcomes) == ["error", "ok"], (attempt, outcomes)
        error = next(value for kind, value in outcomes if kind == "error")
        assert error.code == E.ALREADY_SUPERSEDED
        # The loser's correction was rolled back with its confirmation: one row, confirmed.
        corrections = IntegrityRecord.objects.filter(supersedes=record)
        assert list(corrections.values_list("status", flat=True)) == ["confirmed"]


def test_two_draft_corrections_confirmed_at_once_one_is_confirmed(org):
    record = confirmed(org)
    first, second = (
        services.record_correct(actor=officer.user, record=record, reason=reason, points=-1)
        for officer, reason in (
            (org.officer_x, "Ten minutes."),
            (org.second_officer_x, "Five minutes."),
        )
    )

    outcomes = run_together(
        lambda: services.record_confirm(actor=org.officer_x.user, record=first),
        lambda: services.record_confirm(actor=org.second_officer_x.user, record=second),
    )

    assert sorted(kind for kind, _ in outcomes) == ["error", "ok"], outcomes
    assert next(value for kind, value in outcomes if kind == "error").code == (E.ALREADY_SUPERSEDED)
    statuses = sorted(
        IntegrityRecord.objects.filter(supersedes=record).values_list("status", flat=True)
    )
    assert statuses == ["confirmed", "draft"]
