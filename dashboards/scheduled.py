"""The monthly statistical report as scheduled work (cron: `run_scheduled_jobs monthly` on
the report day, see the README): last month's workbook of every top-level unit, written
once per unit and month (a second run writes nothing again). `manage.py monthly_report`
stays for writing one by hand."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dashboards.reports import monthly_report_build, monthly_report_xlsx, previous_month
from jobs.extensions import scheduled_jobs
from jobs.scheduled import MONTHLY, ScheduledJob, ScheduledRun
from staffmgmt import selectors as staff_selectors

MONTHLY_REPORT = "dashboards.monthly_report"


def write_monthly_reports(run: ScheduledRun) -> dict:
    # The report is the system's, read with an administrator's scope (cron has no user).
    reader = get_user_model().objects.filter(is_superuser=True, is_active=True).first()
    if reader is None:
        raise ValidationError(_("No active administrator account to read the figures as."))
    month = previous_month(run.day)
    folder = Path(getattr(settings, "REPORTS_DIR", "reports"))
    folder.mkdir(parents=True, exist_ok=True)
    units = list(staff_selectors.org_unit_list(user=reader).filter(parent__isnull=True))
    written = []
    for n, unit in enumerate(units, start=1):
        run.report(step=n, steps=len(units))
        path = folder / f"monthly-report-{unit.code}-{month:%Y-%m}.xlsx"

        def write(unit=unit, path=path) -> None:
            report = monthly_report_build(user=reader, unit=unit, month=month)
            path.write_bytes(monthly_report_xlsx(report))

        if run.once(f"unit={unit.pk}:month={month:%Y-%m}", write):
            written.append(str(path))
    return {"month": f"{month:%Y-%m}", "written": written}


def register_scheduled() -> None:
    scheduled_jobs.register(
        ScheduledJob(
            key=MONTHLY_REPORT,
            label=gettext_lazy("Monthly statistical report"),
            frequency=MONTHLY,
            run=write_monthly_reports,
        ),
        key=MONTHLY_REPORT,
    )
