"""The monthly statistical report as scheduled work: written once per unit and month."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from dashboards.scheduled import MONTHLY_REPORT
from jobs.models import Job
from tests import factories
from tests.jobs.conftest import run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_monthly_run_writes_last_months_report_of_each_bureau_once(tmp_path, settings):
    settings.REPORTS_DIR = str(tmp_path)
    get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    hall = factories.unit()
    bureau = hall.parent

    for _ in range(2):
        call_command("run_scheduled_jobs", "monthly", "--day", "2026-11-10")
        run_worker()
    report = tmp_path / f"monthly-report-{bureau.code}-2026-10.xlsx"
    written = report.stat().st_mtime
    call_command("run_scheduled_jobs", "monthly", "--day", "2026-11-11")  # same month: skipped
    run_worker()

    job = Job.objects.get(params__key=MONTHLY_REPORT)
    assert job.state == Job.State.DONE
    assert job.period_start == date(2026, 11, 1)
    assert job.result["written"] == [str(report)]
    assert report.stat().st_mtime == written
