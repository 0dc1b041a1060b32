"""Scheduled work: what cron starts daily or monthly, each run a job of its own.

An app declares its scheduled work in its AppConfig.ready():

    from jobs.extensions import scheduled_jobs
    from jobs.scheduled import ScheduledJob
    scheduled_jobs.register(ScheduledJob(key="feedback.deadline_reminders",
                                         label=_("Feedback deadline reminders"),
                                         frequency=DAILY, run=send_reminders))

`run(run: ScheduledRun) -> dict` does one day's (or month's) work. Whatever it sends or
writes once per subject goes through `run.once(subject, action)`: the subject is claimed in
the ledger (ScheduledDispatch, unique per job and subject) in the same transaction as the
action, so a second run the same day, or a retry after a crash, sends nothing twice.

`manage.py run_scheduled_jobs daily|monthly` (cron) queues one job per declaration and
period; a period already done or under way is skipped, so running the command twice queues
nothing twice either.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy

from jobs.extensions import scheduled_jobs
from jobs.models import Job, ScheduledDispatch
from jobs.registry import JobKind, register_kind

SCHEDULED = "jobs.scheduled"
DAILY = "daily"
MONTHLY = "monthly"
FREQUENCIES = (DAILY, MONTHLY)


@dataclass(frozen=True)
class ScheduledJob:
    key: str
    label: str
    frequency: str
    run: Callable[[ScheduledRun], dict[str, Any] | None]

    def period(self, day: date) -> tuple[date, date]:
        """The period one run stands for: the day, or the month of the day."""
        if self.frequency == DAILY:
            return day, day
        first = day.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return first, last


@dataclass
class ScheduledRun:
    key: str
    day: date
    job: Job | None
    context: Any = None

    def once(self, subject: str, action: Callable[[], None]) -> bool:
        """Do `action` unless `subject` was done before; True if it was done now."""
        subject = subject[:200]
        try:
            with transaction.atomic():
                ScheduledDispatch.objects.create(job_key=self.key, subject=subject, job=self.job)
                action()
        except IntegrityError:
            return False
        return True

    def report(self, **progress: Any) -> None:
        if self.context is not None:
            self.context.report(**progress)


def declared(frequency: str | None = None) -> list[ScheduledJob]:
    return [s for s in scheduled_jobs if frequency is None or s.frequency == frequency]


def get_declared(key: str) -> ScheduledJob:
    for declaration in scheduled_jobs:
        if declaration.key == key:
            return declaration
    raise LookupError(f"no scheduled job {key!r}")


def run_scheduled(job: Job, context) -> dict:
    declaration = get_declared(job.params["key"])
    run = ScheduledRun(
        key=declaration.key,
        day=date.fromisoformat(job.params["day"]),
        job=job,
        context=context,
    )
    return declaration.run(run) or {}


def register_builtin() -> None:
    register_kind(JobKind(key=SCHEDULED, label=gettext_lazy("Scheduled work"), run=run_scheduled))
