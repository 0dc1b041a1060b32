"""Reads of jobs, scoped: a person sees the jobs they started and those of the units they
manage (superusers see all)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from jobs.extensions import managed_unit_ids
from jobs.models import Job

__all__ = ["job_get_for_user", "job_list", "may_see_job"]


def _managed(user) -> set[int]:
    cached = getattr(user, "_hallmark_job_units", None)
    if cached is None:
        cached = {int(pk) for ids in managed_unit_ids.call(user) for pk in ids}
        user._hallmark_job_units = cached
    return cached


def job_list(*, user) -> QuerySet[Job]:
    if not user or not user.is_authenticated:
        return Job.objects.none()
    jobs = Job.objects.select_related("started_by", "cancelled_by")
    if user.is_superuser:
        return jobs
    return jobs.filter(Q(started_by=user) | Q(unit_id__in=_managed(user)))


def job_get_for_user(*, user, pk) -> Job | None:
    return job_list(user=user).filter(pk=pk).first()


def may_see_job(*, user, job: Job) -> bool:
    """The person who started it, managers of its unit, superusers. `user=None` is the
    system itself (scheduled work, tests)."""
    if user is None:
        return True
    if not user.is_authenticated:
        return False
    if user.is_superuser or (job.started_by_id is not None and job.started_by_id == user.pk):
        return True
    return job.unit_id is not None and job.unit_id in _managed(user)
