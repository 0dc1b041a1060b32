"""Confirmed records, their evidence, their history and the access log are append-only,
enforced by the database (ADR 0008).

A record whose status is no longer "draft" (confirmed or dismissed) refuses UPDATE and
DELETE; so does evidence of such a record, and no evidence can be added to it. History
rows of records and every access-log row refuse UPDATE and DELETE altogether.

PostgreSQL: one PL/pgSQL function raising an exception, attached by row triggers.
SQLite: triggers that RAISE(ABORT); they let a whole-database `flush` through only via
`integrity_purge_allowed()` (integrity_files/db.py).
"""

from django.db import migrations

RECORD = "integrity_files_integrityrecord"
EVIDENCE = "integrity_files_evidence"
ACCESS = "integrity_files_fileaccess"
RECORD_HISTORY = "integrity_files_historicalintegrityrecord"

_FROZEN_EVIDENCE = "(SELECT status FROM integrity_files_integrityrecord WHERE id = {row}.record_id)"

# name, table, event, condition (row alias OLD/NEW) — the same rules on both databases.
RULES = [
    ("integrityrecord_frozen_update", RECORD, "UPDATE", "OLD.status <> 'draft'"),
    ("integrityrecord_frozen_delete", RECORD, "DELETE", "OLD.status <> 'draft'"),
    (
        "evidence_frozen_update",
        EVIDENCE,
        "UPDATE",
        f"{_FROZEN_EVIDENCE.format(row='OLD')} <> 'draft'",
    ),
    (
        "evidence_frozen_delete",
        EVIDENCE,
        "DELETE",
        f"{_FROZEN_EVIDENCE.format(row='OLD')} <> 'draft'",
    ),
    (
        "evidence_frozen_insert",
        EVIDENCE,
        "INSERT",
        f"{_FROZEN_EVIDENCE.format(row='NEW')} <> 'draft'",
    ),
    ("fileaccess_append_only_update", ACCESS, "UPDATE", "TRUE"),
    ("fileaccess_append_only_delete", ACCESS, "DELETE", "TRUE"),
    ("integrityrecord_history_update", RECORD_HISTORY, "UPDATE", "TRUE"),
    ("integrityrecord_history_delete", RECORD_HISTORY, "DELETE", "TRUE"),
]

# PostgreSQL allows no subquery in a trigger's WHEN: each rule is a function testing its
# condition in the body.
PG_FUNCTION = """
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    IF {condition} THEN
        RAISE EXCEPTION 'append_only: % on % refused ({name})', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql
"""


def _sqlite_condition(condition: str) -> str:
    guard = "integrity_purge_allowed() = 0"
    return guard if condition == "TRUE" else f"({condition}) AND {guard}"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for name, table, event, condition in RULES:
            schema_editor.execute(PG_FUNCTION.format(name=name, condition=condition), params=None)
            schema_editor.execute(
                f"CREATE TRIGGER {name} BEFORE {event} ON {table} FOR EACH ROW "
                f"EXECUTE FUNCTION {name}()"
            )
    elif vendor == "sqlite":
        for name, table, event, condition in RULES:
            schema_editor.execute(
                f"CREATE TRIGGER {name} BEFORE {event} ON {table} FOR EACH ROW "
                f"WHEN {_sqlite_condition(condition)} "
                f"BEGIN SELECT RAISE(ABORT, 'append_only: {name}'); END"
            )


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for name, table, _event, _condition in RULES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


# Defaults an administrator may change in the admin (points ranges per kind).
DEFAULT_RANGES = {
    "commendation": (0, 10),
    "violation": (-20, 0),
    "declaration": (0, 0),
    "other": (-5, 5),
}


def default_ranges(apps, schema_editor):
    PointsRange = apps.get_model("integrity_files", "PointsRange")
    for kind, (low, high) in DEFAULT_RANGES.items():
        PointsRange.objects.get_or_create(kind=kind, defaults={"min_points": low, "max_points": high})


class Migration(migrations.Migration):
    dependencies = [("integrity_files", "0001_initial")]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.RunPython(default_ranges, migrations.RunPython.noop),
    ]
