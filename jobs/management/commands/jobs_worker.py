"""Run one worker for whichever task backend is configured: the database queue's
`db_worker`, or with REDIS_URL RQ's `rqworker` (with the job class django-tasks-rq needs)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend


class Command(BaseCommand):
    help = "Run a background-job worker (database queue, or RQ when REDIS_URL is set)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", action="store_true", help="run what is queued, then exit (no waiting)"
        )

    def handle(self, *args, batch: bool = False, **options):
        verbosity = options.get("verbosity", 1)
        if isinstance(task_backends["default"], DatabaseBackend):
            call_command(
                "db_worker",
                queue_name="*",
                reload=False,
                batch=batch,
                interval=1,
                verbosity=verbosity,
            )
        else:
            call_command(
                "rqworker",
                "default",
                job_class="django_tasks_rq.Job",
                burst=batch,
                verbosity=verbosity,
            )
