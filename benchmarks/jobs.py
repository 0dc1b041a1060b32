"""Benchmark: background-job throughput of the database queue, with 1 and 2 workers.

Builds a throwaway database (an SQLite file by default; set BENCH_DATABASE_URL to a
PostgreSQL database of your own to measure there, it is flushed first), queues 200 small
jobs (the worker probe with no work: what is measured is the queue and the job record, not
the work), starts N real `manage.py db_worker --batch` processes and times them until the
queue is empty. Then checks every job: `lost` counts jobs not done, `run_twice` jobs taken
more than once (job attempts > 1, or a task claimed by more than one worker).

Run: `DEBUG=1 .venv/bin/python benchmarks/jobs.py [jobs] [workers ...]` from the repository
root (defaults: 200 jobs, 1 and 2 workers). One JSON line per worker count: jobs, workers,
seconds (first job taken to last job finished), wall_s (with the workers' start-up),
jobs_per_s, lost, run_twice, database.
Targets: lost == 0 and run_twice == 0, always. Throughput is a figure, not a target: a job
costs a few small commits (take the task, claim the job, store and finish, close the task),
and a hall starts a handful of generations and scheduled runs a day.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str]) -> None:
    jobs = int(argv[0]) if argv else 200
    worker_counts = [int(a) for a in argv[1:]] or [1, 2]
    tmp = tempfile.TemporaryDirectory(prefix="hallmark-jobs-bench-")
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tmp.name}/bench.sqlite3"
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1"}
    env.pop("REDIS_URL", None)  # the database queue is what is measured
    os.environ.update({"DATABASE_URL": url, "DEBUG": "1"})
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)

    import django

    django.setup()
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    from jobs.models import Job
    from jobs.probe import PROBE
    from jobs.services import job_start

    for workers in worker_counts:
        Job.objects.all().delete()
        DBTaskResult.objects.all().delete()
        ids = [job_start(actor=None, kind=PROBE, params={"seconds": 0}).pk for _ in range(jobs)]
        connection.close()
        started = time.perf_counter()
        processes = [
            subprocess.Popen(
                [
                    sys.executable,
                    "manage.py",
                    "db_worker",
                    "--batch",
                    "--no-reload",
                    "--no-startup-delay",
                    "--interval",
                    "0",
                    "--queue-name",
                    "*",
                    "--worker-id",
                    f"bench-{n}",
                    "-v0",
                ],
                cwd=ROOT,
                env=env,
            )
            for n in range(workers)
        ]
        for process in processes:
            process.wait()
        wall = time.perf_counter() - started
        from django.db.models import Max, Min

        span = Job.objects.filter(pk__in=ids).aggregate(
            first=Min("started_at"), last=Max("finished_at")
        )
        # From the first job taken to the last finished: the queue, not process start-up.
        seconds = (span["last"] - span["first"]).total_seconds()
        done = Job.objects.filter(pk__in=ids, state=Job.State.DONE).count()
        twice_jobs = Job.objects.filter(pk__in=ids, attempts__gt=1).count()
        twice_tasks = sum(
            1 for w in DBTaskResult.objects.values_list("worker_ids", flat=True) if len(w) > 1
        )
        print(
            json.dumps(
                {
                    "benchmark": "jobs_throughput",
                    "database": connection.vendor,
                    "jobs": jobs,
                    "workers": workers,
                    "seconds": round(seconds, 2),
                    "wall_s": round(wall, 2),
                    "jobs_per_s": round(jobs / seconds, 1),
                    "lost": jobs - done,
                    "run_twice": max(twice_jobs, twice_tasks),
                }
            ),
            flush=True,
        )
    tmp.cleanup()


if __name__ == "__main__":
    main(sys.argv[1:])
