"""The worker as it runs in production: `manage.py db_worker`, a process of its own; and
what happens to its job when that process is killed outright (kill -9)."""

import signal
import time

import pytest

from jobs import services
from jobs.models import Job
from jobs.probe import PROBE
from tests.jobs.conftest import run_worker, wait_for
from tests.jobs.processes import SharedDatabase

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shared(tmp_path):
    return SharedDatabase(tmp_path)


def state_of(shared, job) -> str | None:
    rows = shared.read("SELECT state FROM jobs_job WHERE id = ?", (job.pk.hex,)) or shared.read(
        "SELECT state FROM jobs_job WHERE id = ?", (str(job.pk),)
    )
    return rows[0][0] if rows else None


def test_a_worker_process_takes_queued_jobs_and_runs_them_to_done(shared):
    jobs = [services.job_start(actor=None, kind=PROBE, params={"steps": 2}) for _ in range(3)]
    shared.push()

    with shared.worker("--batch") as process:
        process.wait(120)

    shared.pull()
    assert {Job.objects.get(pk=job.pk).state for job in jobs} == {Job.State.DONE}


def test_a_job_whose_worker_is_killed_is_failed_after_the_timeout_and_retried(shared, settings):
    job = services.job_start(actor=None, kind=PROBE, params={"seconds": 120, "steps": 120})
    shared.push()

    with shared.worker(JOBS_HEARTBEAT_INTERVAL_S="0.2") as process:
        wait_for(lambda: state_of(shared, job) == Job.State.RUNNING, timeout=60, step=0.2)
        wait_for(lambda: shared.read("SELECT progress FROM jobs_job")[0][0] != "{}", timeout=30)
        process.send_signal(signal.SIGKILL)
        process.wait(30)
    shared.pull()
    assert Job.objects.get(pk=job.pk).state == Job.State.RUNNING  # nobody said otherwise

    settings.JOBS_HEARTBEAT_TIMEOUT_S = 1
    time.sleep(1.5)
    assert services.job_mark_lost() == 1
    lost = Job.objects.get(pk=job.pk)
    assert lost.state == Job.State.FAILED
    assert lost.error_code == "jobs.worker_lost"

    retry = services.job_retry(actor=None, job=lost)
    # The retry repeats the same two-minute probe; a short one proves the same path.
    Job.objects.filter(pk=retry.pk).update(params={"seconds": 0, "steps": 1})
    run_worker()
    assert Job.objects.get(pk=retry.pk).state == Job.State.DONE
