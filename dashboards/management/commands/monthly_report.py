"""Write the monthly statistical report of a unit as an Excel workbook.

    python manage.py monthly_report --unit demo-hall --month 2026-11 [--output DIR]
    python manage.py monthly_report --all --if-due      # cron, daily: only on the report day

With --if-due it does nothing unless today is the report day (HALLMARK_REPORT_DAY, the
10th by default), and then writes last month's report of every bureau-level unit. It is
idempotent: the file name is the unit and month, so a second run rewrites the same file.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dashboards.forms import MonthForm
from dashboards.reports import (
    monthly_report_build,
    monthly_report_xlsx,
    previous_month,
    report_is_due,
)
from staffmgmt import selectors as staff_selectors


class Command(BaseCommand):
    help = "Write the monthly statistical report (Excel) of a unit."

    def add_arguments(self, parser):
        parser.add_argument("--unit", help="the unit's code")
        parser.add_argument("--all", action="store_true", help="every top-level unit")
        parser.add_argument("--month", help="YYYY-MM (default: last month)")
        parser.add_argument("--if-due", action="store_true", help="only on the report day")
        parser.add_argument("--output", default="", help="folder (default: REPORTS_DIR)")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["if_due"] and not report_is_due(today):
            self.stdout.write("not the report day; nothing written")
            return
        # The report is the system's, read with an administrator's scope (cron has no user).
        reader = get_user_model().objects.filter(is_superuser=True, is_active=True).first()
        if reader is None:
            raise CommandError("no active administrator account to read the figures as")
        month = previous_month(today)
        if options["month"]:
            form = MonthForm({"unit": 1, "month": options["month"]})
            if not form.is_valid():
                raise CommandError("; ".join(form.errors.get("month", ["bad --month"])))
            month = form.cleaned_data["month"]
        units = staff_selectors.org_unit_list(user=reader)
        if options["all"]:
            units = units.filter(parent__isnull=True)
        elif options["unit"]:
            units = units.filter(code=options["unit"])
            if not units.exists():
                raise CommandError(f"no unit with code {options['unit']!r}")
        else:
            raise CommandError("give --unit CODE or --all")
        folder = Path(options["output"] or getattr(settings, "REPORTS_DIR", "reports"))
        folder.mkdir(parents=True, exist_ok=True)
        for unit in units:
            report = monthly_report_build(user=reader, unit=unit, month=month)
            path = folder / f"monthly-report-{unit.code}-{month:%Y-%m}.xlsx"
            path.write_bytes(monthly_report_xlsx(report))
            self.stdout.write(str(path))
