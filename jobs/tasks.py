"""The one task every job goes through: "run job X" (Django's tasks API).

`django_tasks` is the backport of Django 6.0's `django.tasks`; on Django 6 this import becomes
`from django.tasks import task` and nothing else changes. Which backend carries the task (the
database queue or RQ) is settings.TASKS.
"""

from django_tasks import task

from jobs.runner import execute_job


@task()
def run_job(job_id: str) -> dict:
    return execute_job(job_id)
