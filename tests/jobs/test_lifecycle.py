"""A job's life through the real database queue and worker loop: queued, running with
progress, done / failed with the reason / cancelled; claimed once; a lost worker's job."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from jobs import selectors, services
from jobs.models import Job
from jobs.probe import PROBE
from jobs.runner import execute_job
from kernel.roles import Role
from tests import factories
from tests.jobs.conftest import wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def probe(actor=None, **params):
    return services.job_start(actor=actor, kind=PROBE, params=params)


def test_a_started_job_is_queued_and_carries_its_task_on_the_queue():
    job = probe(seconds=0)

    job.refresh_from_db()
    assert job.state == Job.State.QUEUED
    assert job.task_id
    assert job.started_at is None


def test_the_worker_runs_a_queued_job_to_done_with_its_progress_and_result(worker):
    job = probe(seconds=0.2, steps=4)

    worker()

    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert job.progress == {"step": 4, "steps": 4}
    assert job.result == {"steps": 4}
    assert job.attempts == 1
    assert job.started_at <= job.finished_at


def test_progress_is_written_while_the_job_runs(worker_thread):
    job = probe(seconds=3, steps=30)

    worker_thread()

    seen = wait_for(lambda: Job.objects.get(pk=job.pk).progress.get("step"))
    assert 1 <= seen < 30
    assert Job.objects.get(pk=job.pk).state == Job.State.RUNNING
    services.job_cancel(actor=None, job=job)


def test_a_failing_job_is_failed_with_its_code_and_reason(worker):
    job = probe(fail=True)

    worker()

    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.error_code == "jobs.crashed"
    assert job.reasons() == ["The probe was asked to fail."]


def test_a_queued_job_cancelled_never_runs(worker):
    job = probe(seconds=0)

    services.job_cancel(actor=None, job=job)
    worker()

    job.refresh_from_db()
    assert job.state == Job.State.CANCELLED
    assert job.attempts == 0
    assert job.reasons() == ["Cancelled; nothing was saved."]


def test_a_running_job_stops_at_its_next_safe_point_when_cancelled(worker_thread, hall):
    starter = factories.staff(unit=hall)
    job = probe(actor=starter.user, seconds=20, steps=200)
    thread = worker_thread()
    wait_for(lambda: Job.objects.get(pk=job.pk).state == Job.State.RUNNING)

    services.job_cancel(actor=starter.user, job=job)
    thread.join(15)

    job.refresh_from_db()
    assert job.state == Job.State.CANCELLED
    assert job.progress.get("step", 0) < 200
    assert job.reasons() == [f"Cancelled by {starter.name}; nothing was saved."]


def test_a_finished_job_cannot_be_cancelled(worker):
    job = probe()
    worker()

    with pytest.raises(ValidationError) as error:
        services.job_cancel(actor=None, job=job)

    assert error.value.error_list[0].code == "jobs.not_cancellable"


def test_a_job_is_run_by_one_worker_only():
    job = probe()

    first = execute_job(str(job.pk), worker="a:1")
    second = execute_job(str(job.pk), worker="b:2")

    assert first["ran"] is True
    assert second["ran"] is False
    assert Job.objects.get(pk=job.pk).attempts == 1


def test_a_running_job_silent_past_the_timeout_is_failed_as_lost_and_retryable(settings):
    job = probe(seconds=1)
    long_ago = timezone.now() - timedelta(seconds=settings.JOBS_HEARTBEAT_TIMEOUT_S + 1)
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, heartbeat_at=long_ago)

    marked = services.job_mark_lost()
    retry = services.job_retry(actor=None, job=Job.objects.get(pk=job.pk))

    job.refresh_from_db()
    assert marked == 1
    assert job.state == Job.State.FAILED
    assert job.error_code == "jobs.worker_lost"
    assert "stopped answering" in job.reasons()[0]
    assert retry.retry_of_id == job.pk
    assert retry.state == Job.State.QUEUED


def test_a_running_job_with_a_recent_heartbeat_is_not_lost():
    job = probe()
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, heartbeat_at=timezone.now())

    assert services.job_mark_lost() == 0
    assert Job.objects.get(pk=job.pk).state == Job.State.RUNNING


def test_only_a_failed_or_cancelled_job_is_retried(worker):
    job = probe()
    worker()

    with pytest.raises(ValidationError) as error:
        services.job_retry(actor=None, job=job)

    assert error.value.error_list[0].code == "jobs.not_retryable"


def test_the_starter_and_managers_of_the_unit_see_a_job_and_nobody_else(hall):
    starter = factories.staff(unit=hall, roles=(Role.CADRE, Role.MANAGER))
    manager = factories.staff(unit=hall, roles=(Role.CADRE, Role.MANAGER))
    colleague = factories.staff(unit=hall)
    other_manager = factories.staff(roles=(Role.CADRE, Role.MANAGER))
    job = services.job_start(actor=starter.user, kind=PROBE, unit_id=hall.pk)

    def sees(staff):
        return selectors.job_list(user=staff.user).filter(pk=job.pk).exists()

    assert sees(starter) and sees(manager)
    assert not sees(colleague) and not sees(other_manager)
    with pytest.raises(PermissionDenied):
        services.job_cancel(actor=colleague.user, job=job)


def test_a_second_start_of_the_same_scoped_work_is_refused_while_the_first_is_queued():
    day = timezone.localdate()
    services.job_start(actor=None, kind=PROBE, scope="probe:x", period_start=day, period_end=day)

    with pytest.raises(ValidationError) as error:
        services.job_start(
            actor=None, kind=PROBE, scope="probe:x", period_start=day, period_end=day
        )

    assert error.value.error_list[0].code == "jobs.already_running"
