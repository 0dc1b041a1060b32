"""The log starts with the roles already held, so it explains every role in force."""

from django.db import migrations

ROLES = ("cadre", "manager", "integrity_officer", "leadership")
REASON = "held when the role log began"


def record_roles_in_force(apps, schema_editor):
    User = apps.get_model("auth", "User")
    RoleGrant = apps.get_model("kernel", "RoleGrant")
    entries = [
        RoleGrant(user_id=user_id, role=role, action="grant", reason=REASON)
        for user_id, role in User.groups.through.objects.filter(group__name__in=ROLES)
        .values_list("user_id", "group__name")
        .order_by("user_id", "group__name")
    ]
    entries += [
        RoleGrant(user_id=user_id, role="administrator", action="grant", reason=REASON)
        for user_id in User.objects.filter(is_superuser=True).values_list("pk", flat=True)
    ]
    RoleGrant.objects.bulk_create(entries)


class Migration(migrations.Migration):
    dependencies = [("kernel", "0001_accounts_and_role_grants")]

    operations = [migrations.RunPython(record_roles_in_force, migrations.RunPython.noop)]
