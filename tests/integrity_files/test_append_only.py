"""No path changes or deletes a confirmed record: the database refuses raw SQL, the
queryset and the model; the services refuse with a code."""

import pytest
from django.db import DatabaseError, connection, transaction

from integrity_files import services
from integrity_files.models import FileAccess, IntegrityRecord
from tests.integrity_files.conftest import confirmed, draft

RECORD_TABLE = IntegrityRecord._meta.db_table


def _refused(sql, params):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_raw_update_of_a_confirmed_record_fails_in_the_database(org):
    record = confirmed(org)

    _refused(f"UPDATE {RECORD_TABLE} SET points = 0 WHERE id = %s", [record.pk])

    record.refresh_from_db()
    assert record.points == -2


def test_raw_delete_of_a_confirmed_record_fails_in_the_database(org):
    record = confirmed(org)

    _refused(f"DELETE FROM {RECORD_TABLE} WHERE id = %s", [record.pk])

    assert IntegrityRecord.objects.filter(pk=record.pk).exists()


def test_queryset_update_of_a_confirmed_record_fails(org):
    record = confirmed(org)

    with pytest.raises(DatabaseError), transaction.atomic():
        IntegrityRecord.objects.filter(pk=record.pk).update(facts="nothing happened")


def test_model_save_of_a_confirmed_record_fails(org):
    record = confirmed(org)
    record.points = -1

    with pytest.raises(DatabaseError), transaction.atomic():
        record.save()


def test_a_draft_may_still_be_changed_in_the_database(org):
    record = draft(org)

    IntegrityRecord.objects.filter(pk=record.pk).update(points=-1)

    record.refresh_from_db()
    assert record.points == -1


def test_history_of_a_record_cannot_be_rewritten(org):
    record = confirmed(org)
    history_table = IntegrityRecord.history.model._meta.db_table

    _refused(f"UPDATE {history_table} SET points = 0 WHERE id = %s", [record.pk])
    _refused(f"DELETE FROM {history_table} WHERE id = %s", [record.pk])


def test_the_access_log_cannot_be_changed_or_deleted(org):
    services.file_access_record(
        viewer=org.officer_x.user, staff_ids=[org.cadre_x.pk], what=FileAccess.What.FILE_PAGE
    )
    table = FileAccess._meta.db_table

    _refused(f"UPDATE {table} SET detail = 'x'", [])
    _refused(f"DELETE FROM {table}", [])
    assert FileAccess.objects.count() == 1


def test_the_service_refuses_to_edit_a_confirmed_record_with_a_code(org):
    from django.core.exceptions import ValidationError

    record = confirmed(org)

    with pytest.raises(ValidationError) as error:
        services.record_update(actor=org.officer_x.user, record=record, points=-1)

    assert error.value.error_list[0].code == "integrity.record_frozen"
