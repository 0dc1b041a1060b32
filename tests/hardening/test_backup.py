"""`export_all` / `import_all`: the whole database, history included, out and back in.

The round trip runs on the demo hall (every app's data and history) with what the demo
lacks added through the services: a confirmed integrity record with evidence, its
correction, the file's access log, a background job. Exported again after the import, the
file is the same, row for row and field for field.
"""

import importlib
import json
from datetime import timedelta
from io import StringIO
from itertools import chain

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, transaction
from django.utils import timezone

from integrity_files import services as integrity
from integrity_files.models import Evidence, FileAccess, IntegrityRecord, PointsRange
from jobs import services as jobs
from jobs.probe import PROBE
from kernel import backup
from kernel.roles import Role
from staffmgmt.models import Staff
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

APPS_WITH_DATA = {
    "auth",
    "kernel",
    "jobs",
    "django_tasks_database",
    "staffmgmt",
    "roster",
    "feedback",
    "integrity_files",
    "assessment",
}


def _seed_like_migrate():
    """What `migrate` writes into a new database besides its tables (role groups, the
    default points ranges), so the import meets it as it would in production."""
    roles = importlib.import_module("staffmgmt.migrations.0002_pairing_no_overlap_and_roles")
    ranges = importlib.import_module("integrity_files.migrations.0002_append_only")
    roles.create_roles(django_apps, None)
    ranges.default_ranges(django_apps, None)


def _integrity_file_with_everything():
    cadre = Staff.objects.filter(user__username="cadre").get()
    officer = factories.staff(unit=cadre.unit, roles=(Role.CADRE, Role.INTEGRITY_OFFICER))
    record = integrity.record_create(
        actor=officer.user,
        staff=cadre,
        category="diligence",
        kind="violation",
        occurred_on=timezone.localdate() - timedelta(days=2),
        facts="Left the window unattended.",
        source="inspection",
        points=-2,
    )
    integrity.evidence_add(
        actor=officer.user,
        record=record,
        upload=SimpleUploadedFile("note.pdf", PDF, content_type="application/pdf"),
    )
    record = integrity.record_confirm(actor=officer.user, record=record)
    correction = integrity.record_correct(
        actor=officer.user, record=record, reason="Two minutes, not twenty.", points=-1
    )
    integrity.file_access_record(viewer=officer.user, staff_ids=[cadre.pk], what="file_page")
    return record, correction


def _export() -> str:
    out = StringIO()
    backup.export_all(out)
    return out.getvalue()


@pytest.fixture
def filled(transactional_db):
    # An earlier transactional test's flush may have emptied what migrate wrote (groups,
    # points ranges): put it back, as a production database has it, before the demo.
    _seed_like_migrate()
    call_command("seed_demo", stdout=StringIO())
    record, correction = _integrity_file_with_everything()
    jobs.job_start(actor=None, kind=PROBE, params={})
    return record, correction


def test_an_export_imported_into_an_empty_database_is_the_same_and_keeps_its_rules(
    filled, tmp_path
):
    record, correction = filled
    path = tmp_path / "hallmark.json"
    call_command("export_all", str(path), stdout=StringIO())
    before = path.read_text(encoding="utf-8")
    rows = json.loads(before)
    assert {row["model"].split(".")[0] for row in rows} >= APPS_WITH_DATA
    assert any(row["model"] == "integrity_files.historicalintegrityrecord" for row in rows)
    assert any(row["model"] == "integrity_files.evidence" for row in rows)

    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()
    _seed_like_migrate()
    assert not User.objects.exists()
    call_command("import_all", str(path), stdout=StringIO())

    assert _export() == before
    restored = IntegrityRecord.objects.get(pk=record.pk)
    assert (restored.status, restored.points) == ("confirmed", -2)
    assert Evidence.objects.get(record=restored).original_name == "note.pdf"
    assert IntegrityRecord.objects.get(pk=correction.pk).supersedes_id == record.pk
    assert restored.history.count() == record.history.count() >= 2
    assert FileAccess.objects.filter(staff=restored.staff).exists()
    assert set(Group.objects.values_list("name", flat=True)) >= {role.value for role in Role}
    assert PointsRange.objects.count() == 4
    # The database's rules hold on the restored rows: a confirmed record refuses a change.
    with pytest.raises(DatabaseError), transaction.atomic():
        IntegrityRecord.objects.filter(pk=record.pk).update(points=-9)
    # New rows get new keys, after the imported ones (the sequences were moved on).
    newer = integrity.record_propose(
        staff=restored.staff,
        category="diligence",
        kind="violation",
        occurred_on=timezone.localdate(),
        facts="Proposed after the restore.",
        source="duty_checkin",
        points=-1,
    )
    assert newer.pk > correction.pk


def test_import_refuses_a_database_that_has_accounts(db, tmp_path):
    factories.staff(unit=factories.unit())
    path = tmp_path / "dump.json"
    path.write_text("[]", encoding="utf-8")

    with pytest.raises(CommandError, match="empty database"):
        call_command("import_all", str(path), stdout=StringIO())


def test_a_broken_file_imports_nothing(transactional_db):
    unit = factories.unit()
    staff = factories.staff(unit=unit)
    dump = json.loads(_export())
    dump.append({"model": "staffmgmt.staff", "pk": staff.pk + 1000, "fields": {"unit": 99999}})
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()

    with pytest.raises(Exception):  # noqa: B017 - a missing key, whichever error the database gives
        backup.import_all(StringIO(json.dumps(dump)))

    assert not User.objects.exists()
    assert not Staff.objects.exists()


def _hall_of(size: int) -> None:
    """A fresh database as migrate leaves it, with one hall of `size` cadres and a manager."""
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()
    _seed_like_migrate()
    unit = factories.unit()
    factories.staff(unit=unit, roles=(Role.CADRE, Role.MANAGER))
    for _ in range(size):
        factories.staff(unit=unit)


def _import_counting(dump: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()
    _seed_like_migrate()
    with CaptureQueriesContext(connection) as queries:
        backup.import_all(StringIO(dump))
    return len(queries)


def test_import_queries_do_not_grow_with_the_rows(transactional_db):
    # Rows go in by model and chunk, keys by primary key (no look-up of a user per row).
    _hall_of(3)
    small = _import_counting(_export())
    _hall_of(30)
    dump = _export()
    assert _import_counting(dump) == small
    assert Staff.objects.count() == 31
    assert _export() == dump


def test_a_file_naming_users_by_username_still_imports(transactional_db):
    # Exports written before keys went by primary key name users by natural key.
    from django.core import serializers

    _hall_of(2)
    cadre = Staff.objects.select_related("user").order_by("pk").last()
    older = serializers.serialize(
        "json",
        chain.from_iterable(
            model._base_manager.order_by("pk") for model in backup.exported_models()
        ),
        use_natural_foreign_keys=True,
    )
    assert f'"user": ["{cadre.user.username}"]' in older
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()
    _seed_like_migrate()

    backup.import_all(StringIO(older))

    assert Staff.objects.get(pk=cadre.pk).user.username == cadre.user.username
    assert set(Staff.objects.get(pk=cadre.pk).user.groups.values_list("name", flat=True)) == {
        Role.CADRE.value
    }
