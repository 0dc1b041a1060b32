"""Scheduled work: cron's command queues one job per declaration and period, and what a
job sends it sends once, however often the command runs."""

from datetime import date

import pytest
from django.core.management import call_command

from jobs.extensions import scheduled_jobs
from jobs.models import Job, ScheduledDispatch
from jobs.scheduled import DAILY, MONTHLY, SCHEDULED, ScheduledJob
from kernel.roles import Role
from roster.scheduled import HOLIDAY_ROSTER_MISSING
from staffmgmt import selectors as staff_selectors
from tests import factories
from tests.jobs.conftest import run_worker

pytestmark = pytest.mark.django_db(transaction=True)

# After the Mid-Autumn Festival (25-27 Sep 2026); National Day starts on 1 October, within 30 days.
SEPTEMBER_28 = "2026-09-28"


def scheduled(key):
    return Job.objects.filter(kind=SCHEDULED, params__key=key)


def sent_once(run):
    run.once("the-only-subject", lambda: calls.append(run.day))
    return {}


calls: list = []


def test_running_the_daily_command_twice_queues_the_days_work_once():
    call_command("run_scheduled_jobs", "daily", "--day", "2026-09-05")
    call_command("run_scheduled_jobs", "daily", "--day", "2026-09-05")

    assert scheduled(HOLIDAY_ROSTER_MISSING).count() == 1


def test_the_day_done_is_not_queued_again_but_the_next_day_is():
    call_command("run_scheduled_jobs", "daily", "--day", "2026-09-05")
    run_worker()

    call_command("run_scheduled_jobs", "daily", "--day", "2026-09-05")
    call_command("run_scheduled_jobs", "daily", "--day", "2026-09-06")

    days = sorted(j.period_start for j in scheduled(HOLIDAY_ROSTER_MISSING))
    assert days == [date(2026, 9, 5), date(2026, 9, 6)]


def test_a_monthly_declaration_stands_for_its_month_and_runs_once_in_it():
    calls.clear()
    declaration = ScheduledJob(key="test.monthly", label="t", frequency=MONTHLY, run=sent_once)
    with scheduled_jobs.registered(declaration, key="test.monthly"):
        for day in ("2026-05-10", "2026-05-11"):
            call_command("run_scheduled_jobs", "monthly", "--day", day)
            run_worker()
        call_command("run_scheduled_jobs", "monthly", "--day", "2026-06-10")
        run_worker()

    jobs = scheduled("test.monthly").order_by("period_start")
    assert [(j.period_start, j.period_end) for j in jobs] == [
        (date(2026, 5, 1), date(2026, 5, 31)),
        (date(2026, 6, 1), date(2026, 6, 30)),
    ]
    assert calls == [date(2026, 5, 10)]  # the June run found the subject done already
    assert ScheduledDispatch.objects.filter(job_key="test.monthly").count() == 1


def test_daily_and_monthly_declarations_are_queued_by_their_own_command():
    declaration = ScheduledJob(key="test.daily", label="t", frequency=DAILY, run=sent_once)
    with scheduled_jobs.registered(declaration, key="test.daily"):
        call_command("run_scheduled_jobs", "monthly", "--day", "2026-05-10")

    assert not scheduled("test.daily").exists()


@pytest.fixture
def holiday_hall():
    hall = factories.unit()
    manager = factories.staff(unit=hall, roles=(Role.CADRE, Role.MANAGER))
    manager.user.email = "manager@example.com"
    manager.user.save()
    holiday = factories.duty_type(unit=hall, kind="holiday", name="Holiday duty")
    return hall, manager, holiday


def test_a_holiday_without_a_published_roster_is_mailed_to_managers_once(holiday_hall, mailoutbox):
    for day in (SEPTEMBER_28, "2026-09-29", "2026-09-29"):
        call_command("run_scheduled_jobs", "daily", "--day", day)
        run_worker()

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["manager@example.com"]
    assert "Holiday duty" in mailoutbox[0].subject
    assert "National Day" in mailoutbox[0].subject
    assert {j.state for j in scheduled(HOLIDAY_ROSTER_MISSING)} == {Job.State.DONE}


def test_a_holiday_with_a_published_roster_for_all_its_days_is_not_mailed(holiday_hall, mailoutbox):
    hall, _manager, holiday = holiday_hall
    people = [factories.staff(unit=hall) for _ in range(3)]
    days = staff_selectors.holiday_periods(start=date(2026, 10, 1), end=date(2026, 10, 1))[0].days
    factories.published_roster(
        duty_type=holiday, duties={day: [people[i % 3]] for i, day in enumerate(days)}
    )

    call_command("run_scheduled_jobs", "daily", "--day", SEPTEMBER_28)
    run_worker()

    assert mailoutbox == []
