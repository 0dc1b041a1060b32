"""Two worker processes on one PostgreSQL queue: every job runs, and none runs twice.

SQLite has no row locks for workers to skip (its workers take turns on the whole file), so
this runs where DATABASE_URL is PostgreSQL, like CI's second pass.
"""

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from jobs import services
from jobs.models import Job
from jobs.probe import PROBE
from tests.jobs.processes import SharedDatabase

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks (SKIP LOCKED)"
    ),
    pytest.mark.django_db(transaction=True),
]


def test_two_workers_share_one_queue_and_no_job_runs_twice(tmp_path):
    jobs = [services.job_start(actor=None, kind=PROBE, params={"seconds": 0.05}) for _ in range(40)]
    shared = SharedDatabase(tmp_path)

    with (
        shared.worker("--batch", "--worker-id", "one") as one,
        shared.worker("--batch", "--worker-id", "two") as two,
    ):
        one.wait(180)
        two.wait(180)

    rows = Job.objects.filter(pk__in=[j.pk for j in jobs])
    assert {job.state for job in rows} == {Job.State.DONE}
    assert {job.attempts for job in rows} == {1}
    tasks = DBTaskResult.objects.filter(id__in=[j.task_id for j in jobs])
    assert all(len(task.worker_ids) == 1 for task in tasks)
    # Both took a share (each job sleeps, so one worker cannot drain the queue alone).
    assert {task.worker_ids[0] for task in tasks} == {"one", "two"}
