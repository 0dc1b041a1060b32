"""Where a proposed draft came from (`source_ref`), unique when set: one proposal per source.

On SQLite both steps alter no table (ADD COLUMN of a nullable column, a partial unique
index), so the append-only triggers of 0002 stay in place (ADR 0008); test_append_only
checks they do.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('integrity_files', '0003_access_print_export'),
        ('staffmgmt', '0003_leave_kinds_and_balances'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalintegrityrecord',
            name='source_ref',
            field=models.CharField(blank=True, max_length=100, null=True, verbose_name='proposed from'),
        ),
        migrations.AddField(
            model_name='integrityrecord',
            name='source_ref',
            field=models.CharField(blank=True, max_length=100, null=True, verbose_name='proposed from'),
        ),
        migrations.AddConstraint(
            model_name='integrityrecord',
            constraint=models.UniqueConstraint(condition=models.Q(('source_ref__isnull', False)), fields=('source_ref',), name='integrityrecord_one_proposal_per_source'),
        ),
    ]
