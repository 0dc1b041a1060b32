"""With REDIS_URL set, jobs travel through RQ to `manage.py jobs_worker` (rqworker), and
the job record still ends in the database: the backend changes, what a person sees not."""

import os
import subprocess
import sys

import pytest

from jobs.models import Job
from tests.config.test_redis_cache import redis_url  # noqa: F401 (fixture)
from tests.jobs.processes import ROOT, SharedDatabase

pytestmark = pytest.mark.django_db(transaction=True)

RQ_URL = os.environ.get("HALLMARK_TEST_RQ_URL", "redis://127.0.0.1:6379/14")


def manage(shared, *args, code: str | None = None) -> str:
    command = [sys.executable, "manage.py", *args] + (["-c", code] if code else [])
    result = subprocess.run(
        command,
        cwd=ROOT,
        env={**shared.env(), "REDIS_URL": RQ_URL},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip()


def test_settings_choose_rq_when_redis_url_is_set(tmp_path, redis_url):  # noqa: F811
    shared = SharedDatabase(tmp_path)
    shared.push()

    backend = manage(
        shared,
        "shell",
        code="from django_tasks import task_backends; print(type(task_backends['default']))",
    )

    assert "RQBackend" in backend


def test_a_job_queued_on_rq_is_run_by_the_rq_worker(tmp_path, redis_url):  # noqa: F811
    shared = SharedDatabase(tmp_path)
    shared.push()
    job_id = manage(
        shared,
        "shell",
        code="from jobs.services import job_start; "
        "print(job_start(actor=None, kind='jobs.probe', params={'steps': 2}).pk)",
    ).splitlines()[-1]

    manage(shared, "jobs_worker", "--batch")

    shared.pull()
    job = Job.objects.get(pk=job_id)
    assert job.state == Job.State.DONE
    assert job.task_id
    assert job.result == {"steps": 2}
