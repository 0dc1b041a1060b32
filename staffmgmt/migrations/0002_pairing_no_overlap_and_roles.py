"""At most one AB pairing in force per post per day, enforced by the database.

PostgreSQL: an exclusion constraint over the validity range (btree_gist lets the post
id share the GiST index). SQLite: triggers that abort an overlapping insert or update.
Also creates the four role groups.
"""

from django.db import migrations

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    "ALTER TABLE staffmgmt_postpairing ADD CONSTRAINT postpairing_no_overlap "
    "EXCLUDE USING gist (post_id WITH =, daterange(valid_from, valid_to, '[]') WITH &&)",
]
PG_BACKWARD = ["ALTER TABLE staffmgmt_postpairing DROP CONSTRAINT postpairing_no_overlap"]

_OVERLAP = (
    "EXISTS (SELECT 1 FROM staffmgmt_postpairing p WHERE p.post_id = NEW.post_id "
    "AND p.id IS NOT NEW.id "
    "AND p.valid_from <= COALESCE(NEW.valid_to, '9999-12-31') "
    "AND NEW.valid_from <= COALESCE(p.valid_to, '9999-12-31'))"
)
SQLITE_FORWARD = [
    f"CREATE TRIGGER postpairing_no_overlap_insert BEFORE INSERT ON staffmgmt_postpairing "
    f"WHEN {_OVERLAP} BEGIN SELECT RAISE(ABORT, 'postpairing_no_overlap'); END",
    f"CREATE TRIGGER postpairing_no_overlap_update BEFORE UPDATE ON staffmgmt_postpairing "
    f"WHEN {_OVERLAP} BEGIN SELECT RAISE(ABORT, 'postpairing_no_overlap'); END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS postpairing_no_overlap_insert",
    "DROP TRIGGER IF EXISTS postpairing_no_overlap_update",
]

ROLES = ["cadre", "manager", "integrity_officer", "leadership"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("staffmgmt", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
        migrations.RunPython(create_roles, migrations.RunPython.noop),
    ]
