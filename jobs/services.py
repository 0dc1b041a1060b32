"""Starting, cancelling, retrying jobs, and seeing a dead worker's job as failed.

A job is queued in the same transaction as its record when the task backend is the database
queue (the row and the task commit together or not at all); with RQ the task is sent once
the record has committed, so a worker never looks for a job that is not there yet.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jobs.errors import JobError
from jobs.models import Job
from jobs.registry import get_kind
from jobs.selectors import may_see_job
from kernel.errors import invalid

__all__ = [
    "heartbeat_timeout",
    "job_cancel",
    "job_mark_lost",
    "job_retry",
    "job_start",
]

logger = logging.getLogger(__name__)


def heartbeat_timeout() -> timedelta:
    return timedelta(seconds=float(settings.JOBS_HEARTBEAT_TIMEOUT_S))


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _refuse_running(kind: str, scope: str, start: date | None, end: date | None) -> None:
    """Refuse a start while the same work is queued or running (overlapping periods)."""
    active = Job.objects.filter(kind=kind, scope=scope, state__in=Job.ACTIVE_STATES)
    if start is not None and end is not None:
        active = active.filter(period_start__lte=end, period_end__gte=start)
    running = active.order_by("created_at").first()
    if running is not None:
        raise invalid(
            JobError.ALREADY_RUNNING,
            _(
                "The same work is already %(state)s (started %(when)s); wait for it to "
                "finish or cancel it first."
            )
            % {
                "state": running.get_state_display().lower(),
                "when": timezone.localtime(running.created_at).strftime("%Y-%m-%d %H:%M"),
            },
            params={"job": str(running.pk)},
        )


@transaction.atomic
def job_start(
    *,
    actor,
    kind: str,
    params: dict[str, Any] | None = None,
    unit_id: int | None = None,
    scope: str = "",
    period_start: date | None = None,
    period_end: date | None = None,
    retry_of: Job | None = None,
) -> Job:
    """Record a job and queue it for a worker; the job is answered at once, run later.

    Guarantees: with a `scope`, no other job of the same kind and scope whose period
    overlaps is queued or running (ValidationError code `jobs.already_running`; a partial
    unique constraint is the last word for the very same period). The caller has checked
    that the actor may start the work, and holds whatever lock makes that check hold
    (roster generation locks the unit's duty types).
    """
    get_kind(kind)
    if scope and (period_start is None or period_end is None):
        raise ValueError("a scoped job names its period")
    job_mark_lost()
    if scope:
        _refuse_running(kind, scope, period_start, period_end)
    job = Job(
        kind=kind,
        params=params or {},
        unit_id=unit_id,
        scope=scope,
        period_start=period_start,
        period_end=period_end,
        started_by=_user(actor),
        language=translation.get_language() or settings.LANGUAGE_CODE,
        retry_of=retry_of,
        progress={},
    )
    job.full_clean(exclude=["started_by", "retry_of"])
    try:
        with transaction.atomic():
            job.save()
    except IntegrityError:
        # A start racing this one won: say so as the check above would have.
        _refuse_running(kind, scope, period_start, period_end)
        raise
    _enqueue(job)
    return job


def _enqueue(job: Job) -> None:
    from jobs.tasks import run_job

    backend = run_job.get_backend()
    if _queue_is_this_database(backend):
        result = run_job.enqueue(str(job.pk))
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
        job.task_id = str(result.id)
        return

    def send() -> None:
        result = run_job.enqueue(str(job.pk))
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id))

    transaction.on_commit(send)


def _queue_is_this_database(backend) -> bool:
    try:
        from django_tasks_db.backend import DatabaseBackend
    except ImportError:  # pragma: no cover - django-tasks-db is a dependency
        return False
    return isinstance(backend, DatabaseBackend)


@transaction.atomic
def job_cancel(*, actor, job: Job) -> Job:
    """Cancel a job: a queued one at once, a running one at its next safe point.

    Guarantees: only the person who started it, a manager of its unit or a superuser may;
    a finished job is refused (`jobs.not_cancellable`). A cancelled job saves nothing: the
    worker checks the request inside the transaction that would store the result.
    """
    if not may_see_job(user=actor, job=job):
        raise PermissionDenied(_("You may not cancel this job."))
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.is_finished:
        raise invalid(
            JobError.NOT_CANCELLABLE,
            _("This job has already finished (%(state)s).")
            % {"state": job.get_state_display().lower()},
        )
    now = timezone.now()
    job.cancelled_by = _user(actor)
    job.cancel_requested_at = now
    if job.state == Job.State.QUEUED:
        job.state = Job.State.CANCELLED
        job.finished_at = now
        job.error_code = JobError.CANCELLED
    job.save()
    return job


def job_retry(*, actor, job: Job) -> Job:
    """Queue the work of a failed or cancelled job again, as a new job that names the old.

    Guarantees: the same people who may cancel it may retry it; the start is checked as a
    new start is (the kind's own checks, and not twice at once).
    """
    if not may_see_job(user=actor, job=job):
        raise PermissionDenied(_("You may not retry this job."))
    job_mark_lost()
    job.refresh_from_db()
    if job.state not in (Job.State.FAILED, Job.State.CANCELLED):
        raise invalid(
            JobError.NOT_RETRYABLE,
            _("Only a failed or cancelled job can be retried; this one is %(state)s.")
            % {"state": job.get_state_display().lower()},
        )
    kind = get_kind(job.kind)
    if kind.restart is not None:
        return kind.restart(actor=actor, job=job)
    return job_start(
        actor=actor,
        kind=job.kind,
        params=job.params,
        unit_id=job.unit_id,
        scope=job.scope,
        period_start=job.period_start,
        period_end=job.period_end,
        retry_of=job,
    )


def job_mark_lost(*, now=None) -> int:
    """Running jobs whose worker has sent no heartbeat within the timeout are failed.

    A worker killed outright (kill -9, the machine lost) cannot say so itself; its job
    would otherwise show "running" for ever and block the same work. Returns the number
    marked. Called before jobs are shown or started, and by the scheduled sweep.
    """
    now = now or timezone.now()
    stale = Job.objects.filter(
        state=Job.State.RUNNING, heartbeat_at__lt=now - heartbeat_timeout()
    ).values_list("pk", flat=True)
    marked = 0
    for pk in list(stale):
        # Conditional on still being stale, so a worker that beat meanwhile keeps its job.
        marked += Job.objects.filter(
            Q(pk=pk, state=Job.State.RUNNING, heartbeat_at__lt=now - heartbeat_timeout())
        ).update(
            state=Job.State.FAILED,
            finished_at=now,
            error_code=JobError.WORKER_LOST,
            error_messages=[],
        )
    if marked:
        logger.warning("%d job(s) marked failed: worker lost", marked)
    return marked
