"""A job as pages and the API show it (one shape for both)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework import serializers

from jobs.models import Job
from jobs.registry import _kinds, kind_label


def result_url(job: Job) -> str | None:
    kind = _kinds.get(job.kind)
    if job.state != Job.State.DONE or kind is None or kind.result_url is None:
        return None
    return kind.result_url(job)


def result_text(job: Job) -> str:
    kind = _kinds.get(job.kind)
    if job.state != Job.State.DONE or kind is None or kind.result_text is None:
        return ""
    return str(kind.result_text(job))


def progress_text(job: Job) -> str:
    """The progress in a sentence: what the page shows and the poller refreshes."""
    progress = job.progress or {}
    if job.state == Job.State.QUEUED:
        return _("Waiting for a worker.")
    parts = []
    if "elapsed_s" in progress:
        limit = progress.get("time_limit_s")
        if limit:
            parts.append(
                _("%(elapsed)s of at most %(limit)s seconds")
                % {"elapsed": progress["elapsed_s"], "limit": limit}
            )
        else:
            parts.append(_("%(elapsed)s seconds") % {"elapsed": progress["elapsed_s"]})
    if progress.get("best_spread") is not None:
        parts.append(
            _("best spread found so far: %(spread)s") % {"spread": progress["best_spread"]}
        )
    elif progress.get("phase") == "solving":
        parts.append(_("no roster found yet"))
    if progress.get("spread_lower_bound") is not None:
        parts.append(
            _("proven bound: %(bound)s (no roster can do better)")
            % {"bound": progress["spread_lower_bound"]}
        )
    if "step" in progress and "steps" in progress:
        parts.append(_("step %(step)s of %(steps)s") % progress)
    phase = {
        "checking": _("Checking the rules"),
        "solving": _("Solving"),
        "storing": _("Saving the result"),
    }.get(progress.get("phase", ""), "")
    text = "; ".join(str(p) for p in parts)
    if phase:
        return f"{phase}: {text}" if text else str(phase)
    return text or (_("Running.") if job.state == Job.State.RUNNING else "")


def job_payload(job: Job) -> dict:
    starter = job.started_by
    return {
        "id": str(job.pk),
        "kind": job.kind,
        "kind_label": kind_label(job.kind),
        "state": job.state,
        "state_label": str(job.get_state_display()),
        "finished": job.is_finished,
        "started_by": (starter.get_full_name() or starter.get_username()) if starter else None,
        "unit_id": job.unit_id,
        "params": job.params,
        "progress": job.progress,
        "progress_text": progress_text(job),
        "result": job.result,
        "result_url": result_url(job),
        "result_text": result_text(job),
        "error_code": job.error_code,
        "reasons": job.reasons() if job.state in (Job.State.FAILED, Job.State.CANCELLED) else [],
        "cancel_requested": job.cancel_requested_at is not None,
        "retry_of": str(job.retry_of_id) if job.retry_of_id else None,
        "created_at": job.created_at.isoformat(),
        "started_at": job.started_at.isoformat() if job.started_at else None,
        "heartbeat_at": job.heartbeat_at.isoformat() if job.heartbeat_at else None,
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        "url": job.get_absolute_url(),
        "status_url": reverse("jobs:job-status", args=[job.pk]),
    }


class JobSerializer(serializers.Serializer):
    """A job as the person who started it (or a manager of its unit) follows it."""

    id = serializers.UUIDField(read_only=True)
    kind = serializers.CharField(read_only=True)
    kind_label = serializers.CharField(read_only=True)
    state = serializers.ChoiceField(choices=Job.State.choices, read_only=True)
    state_label = serializers.CharField(read_only=True)
    finished = serializers.BooleanField(read_only=True)
    started_by = serializers.CharField(read_only=True, allow_null=True)
    unit_id = serializers.IntegerField(read_only=True, allow_null=True)
    params = serializers.DictField(read_only=True)
    progress = serializers.DictField(
        read_only=True,
        help_text="Roster generation: phase, elapsed_s, time_limit_s, solutions, best_spread, "
        "spread_lower_bound (proven), objective, objective_bound.",
    )
    progress_text = serializers.CharField(read_only=True)
    result = serializers.DictField(read_only=True, help_text="e.g. {'roster_id': 12}")
    result_url = serializers.CharField(read_only=True, allow_null=True)
    result_text = serializers.CharField(read_only=True)
    error_code = serializers.CharField(read_only=True)
    reasons = serializers.ListField(child=serializers.CharField(), read_only=True)
    cancel_requested = serializers.BooleanField(read_only=True)
    retry_of = serializers.UUIDField(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)
    started_at = serializers.DateTimeField(read_only=True, allow_null=True)
    heartbeat_at = serializers.DateTimeField(read_only=True, allow_null=True)
    finished_at = serializers.DateTimeField(read_only=True, allow_null=True)
    url = serializers.CharField(read_only=True)
    status_url = serializers.CharField(read_only=True)

    def to_representation(self, instance):
        return job_payload(instance)
