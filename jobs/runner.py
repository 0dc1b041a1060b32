"""Running one job inside a worker: claim, heartbeat, progress, cancellation, outcome.

One thread of the worker (the "beat") owns the job row while the work runs: every
JOBS_HEARTBEAT_INTERVAL_S it writes the heartbeat and the latest progress, and reads whether
cancellation was asked for. The work itself only touches memory for that (`report`,
`cancelled`), so a solver callback on one of CP-SAT's threads never opens a connection.
When the worker process dies, the beat dies with it, and `job_mark_lost` sees the silence.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jobs.errors import JobError
from jobs.models import Job
from jobs.registry import get_kind

logger = logging.getLogger(__name__)

__all__ = ["JobCancelled", "JobContext", "JobSuperseded", "execute_job"]


class JobCancelled(Exception):
    """Raised inside a job's work when its cancellation was asked for."""


class JobSuperseded(Exception):
    """The job is no longer this worker's (failed as lost meanwhile): store nothing."""


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


class JobContext:
    """What a job's work sees of its job: progress, cancellation, the storing transaction."""

    def __init__(self, job: Job, *, worker: str):
        self.job = job
        self.worker = worker
        self.cancel_event = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._pending: dict[str, Any] | None = None
        self._progress: dict[str, Any] = dict(job.progress or {})
        self._thread: threading.Thread | None = None
        self.stored = False

    # --- for the work --------------------------------------------------------------------

    @property
    def params(self) -> dict[str, Any]:
        return self.job.params

    def report(self, **progress: Any) -> None:
        """Merge `progress` into the job's progress; written by the next heartbeat."""
        with self._lock:
            self._progress = {**self._progress, **progress}
            self._pending = dict(self._progress)

    @property
    def progress(self) -> dict[str, Any]:
        with self._lock:
            return dict(self._progress)

    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def check_cancelled(self) -> None:
        if self.cancelled():
            raise JobCancelled

    @contextmanager
    def storing(self) -> Iterator[Any]:
        """The one transaction that saves the result and marks the job done.

        Locks the job row first and re-reads it: cancelled or lost meanwhile, the block never
        runs and nothing is saved. `done(result)` inside the block records the result
        reference; the work's rows and "done" commit together.
        """
        with transaction.atomic():
            row = Job.objects.select_for_update().get(pk=self.job.pk)
            if row.state != Job.State.RUNNING or row.worker != self.worker:
                raise JobSuperseded
            if row.cancel_requested_at is not None:
                raise JobCancelled

            def done(result: dict[str, Any] | None = None) -> None:
                _finish(row, Job.State.DONE, result=result or {}, progress=self.progress)
                self.stored = True

            yield done
            if not self.stored:
                done({})

    # --- for the runner ------------------------------------------------------------------

    def start_beat(self) -> None:
        self._thread = threading.Thread(target=self._beat, name=f"job-beat-{self.job.pk}")
        self._thread.daemon = True
        self._thread.start()

    def stop_beat(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _beat(self) -> None:
        interval = float(settings.JOBS_HEARTBEAT_INTERVAL_S)
        try:
            if connection.vendor == "sqlite":
                # A beat waits for the write lock at most about one interval; a missed beat
                # is written by the next (the default 20 s wait would stall the beat).
                connection.ensure_connection()
                wait_ms = max(200, int(interval * 1000))
                connection.connection.execute(f"PRAGMA busy_timeout = {wait_ms}")
            while not self._stop.wait(interval):
                self.beat_once()
        finally:
            connection.close()

    def beat_once(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, None
        updates: dict[str, Any] = {"heartbeat_at": timezone.now()}
        if pending is not None:
            updates["progress"] = pending
        try:
            Job.objects.filter(pk=self.job.pk, state=Job.State.RUNNING, worker=self.worker).update(
                **updates
            )
            asked = (
                Job.objects.filter(pk=self.job.pk)
                .values_list("cancel_requested_at", "state")
                .first()
            )
        except DatabaseError:
            # A locked SQLite file or a dropped connection: the next beat tries again; only a
            # silence as long as the timeout counts as a lost worker.
            logger.warning("heartbeat of job %s failed; retrying", self.job.pk, exc_info=True)
            with self._lock:
                if self._pending is None and pending is not None:
                    self._pending = pending
            close_old_connections()
            return
        if asked is not None and (asked[0] is not None or asked[1] != Job.State.RUNNING):
            # Cancelled, or taken away as lost: either way the work must stop.
            self.cancel_event.set()


def _finish(job: Job, state: str, **fields: Any) -> None:
    job.state = state
    job.finished_at = timezone.now()
    for name, value in fields.items():
        setattr(job, name, value)
    job.save()


def _claim(job_id: str, worker: str) -> Job | None:
    """Take a queued job for this worker; None if it is not queued (cancelled before it
    started, or already taken: no job runs twice)."""
    with transaction.atomic():
        job = (
            Job.objects.select_for_update(of=("self",))
            .select_related("started_by", "cancelled_by")
            .filter(pk=job_id)
            .first()
        )
        if job is None or job.state != Job.State.QUEUED:
            return None
        now = timezone.now()
        job.state = Job.State.RUNNING
        job.started_at = now
        job.heartbeat_at = now
        job.worker = worker
        job.attempts += 1
        job.save()
        return job


def _fail(job_id, worker: str, code: str, messages: list[str], progress: dict) -> None:
    """Record a failure or cancellation, unless the job is no longer this worker's."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state != Job.State.RUNNING or job.worker != worker:
            return
        state = Job.State.CANCELLED if code == JobError.CANCELLED else Job.State.FAILED
        _finish(job, state, error_code=str(code), error_messages=messages, progress=progress)


def _messages(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def _code(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        items = [item for errors in error.error_dict.values() for item in errors]
    else:
        items = error.error_list
    return next((str(item.code) for item in items if item.code), str(JobError.CRASHED))


def execute_job(job_id: str, *, worker: str | None = None) -> dict[str, Any]:
    """Run job `job_id` to an outcome; what the task backend records is a short summary."""
    worker = worker or worker_name()
    job = _claim(job_id, worker)
    if job is None:
        return {"job": str(job_id), "ran": False}
    context = JobContext(job, worker=worker)
    context.start_beat()
    outcome = "done"
    try:
        with translation.override(job.language or settings.LANGUAGE_CODE):
            try:
                kind = get_kind(job.kind)
                result = kind.run(job, context)
                if not context.stored:
                    with context.storing() as done:
                        done(result or {})
            except JobCancelled:
                outcome = "cancelled"
                _fail(job.pk, worker, JobError.CANCELLED, [], context.progress)
            except JobSuperseded:
                outcome = "superseded"
            except (ValidationError, PermissionDenied) as error:
                outcome = "failed"
                if isinstance(error, PermissionDenied):
                    code, messages = str(JobError.CRASHED), [str(error) or _("Not allowed.")]
                else:
                    code, messages = _code(error), _messages(error)
                _fail(job.pk, worker, code, messages, context.progress)
            except Exception:
                outcome = "failed"
                logger.exception("job %s (%s) failed", job.pk, job.kind)
                _fail(
                    job.pk,
                    worker,
                    JobError.CRASHED,
                    [_("The job stopped on an unexpected error; nothing was saved.")],
                    context.progress,
                )
    finally:
        context.stop_beat()
    return {"job": str(job.pk), "ran": True, "outcome": outcome}
