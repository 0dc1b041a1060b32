"""The job record: who started which work, for which unit, and how it went.

The task backend (django-tasks: the database queue, or RQ) only carries "run job X"; what a
person sees (state, progress, reason, result) lives here, in a table the product owns, so a
change of backend or a move to Django 6's `django.tasks` changes nothing a person sees.

No django-simple-history here: the row is itself the record. Who started, who cancelled and
which job a retry repeats are fields; a retry is a new row (`retry_of`), never an edit.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    ACTIVE_STATES = (State.QUEUED, State.RUNNING)
    FINISHED_STATES = (State.DONE, State.FAILED, State.CANCELLED)

    # A UUID, not a counter: job pages are linked to and polled, and a number would invite
    # guessing other people's jobs (scoping still decides who sees one).
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=64)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The org unit the work is for (managers of it see the job). A plain id, not a foreign
    # key: jobs sits below staffmgmt, and a job record outlives a merged unit.
    unit_id = models.BigIntegerField(_("unit"), null=True, blank=True)
    # What may not run twice at once: the same kind, scope and period (see job_start). A
    # scoped job always has its period, so the unique constraint below never meets a NULL.
    scope = models.CharField(_("scope"), max_length=120, blank=True)
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=16, default="en")

    progress = models.JSONField(_("progress"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    error_code = models.CharField(_("error code"), max_length=64, blank=True)
    error_messages = models.JSONField(_("reason"), default=list, blank=True)

    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    worker = models.CharField(_("worker"), max_length=120, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("heartbeat at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    cancel_requested_at = models.DateTimeField(_("cancel requested at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    retry_of = models.ForeignKey(
        "self",
        verbose_name=_("retry of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="retries",
    )

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["queued", "running", "done", "failed", "cancelled"]),
                name="jobs_job_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["queued", "running"]) | Q(finished_at__isnull=False),
                name="jobs_job_finished_has_time",
            ),
            # The last word on "not twice at once": two starts of the very same work (a
            # double click, two tabs) cannot both be queued, whatever the database.
            models.UniqueConstraint(
                fields=["kind", "scope", "period_start", "period_end"],
                condition=Q(state__in=["queued", "running"]) & ~Q(scope=""),
                name="jobs_job_one_active_per_scope",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "heartbeat_at"], name="jobs_job_state_beat_idx"),
            models.Index(fields=["started_by", "-created_at"], name="jobs_job_starter_idx"),
            models.Index(fields=["unit_id", "-created_at"], name="jobs_job_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.id} ({self.state})"

    def get_absolute_url(self) -> str:
        return reverse("jobs:job-detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE_STATES

    @property
    def is_finished(self) -> bool:
        return self.state in self.FINISHED_STATES

    def reasons(self) -> list[str]:
        """Why the job failed or was cancelled, in the reader's language where the reason
        is the job machinery's own; a kind's reasons are stored in the starter's language."""
        if self.error_code == "jobs.worker_lost":
            return [
                gettext(
                    "The worker running this job stopped answering (no sign of life for "
                    "%(seconds)d seconds); nothing was saved. Retry it."
                )
                % {"seconds": int(float(settings.JOBS_HEARTBEAT_TIMEOUT_S))}
            ]
        if self.error_code == "jobs.cancelled":
            who = self.cancelled_by and (
                self.cancelled_by.get_full_name() or self.cancelled_by.get_username()
            )
            if who:
                return [gettext("Cancelled by %(who)s; nothing was saved.") % {"who": who}]
            return [gettext("Cancelled; nothing was saved.")]
        return [str(message) for message in self.error_messages]


class ScheduledDispatch(models.Model):
    """One thing a scheduled job did once and must not do again (a reminder sent, a report
    written): claimed by a unique (job, subject) row before it is done, so running the
    daily command twice sends nothing twice."""

    job_key = models.CharField(_("scheduled job"), max_length=80)
    subject = models.CharField(_("subject"), max_length=200)
    job = models.ForeignKey(
        Job, verbose_name=_("job"), null=True, blank=True, on_delete=models.SET_NULL
    )
    done_at = models.DateTimeField(_("done at"), auto_now_add=True)

    class Meta:
        verbose_name = _("scheduled dispatch")
        verbose_name_plural = _("scheduled dispatches")
        ordering = ["-done_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["job_key", "subject"], name="jobs_dispatch_once_per_subject"
            )
        ]

    def __str__(self) -> str:
        return f"{self.job_key}: {self.subject}"
