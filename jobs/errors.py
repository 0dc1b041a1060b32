from django.utils.translation import gettext_lazy as _

from kernel.errors import ErrorCode


class JobError(ErrorCode):
    UNKNOWN_KIND = "jobs.unknown_kind", _("No such kind of job")
    ALREADY_RUNNING = "jobs.already_running", _("The same work is already queued or running")
    NOT_CANCELLABLE = "jobs.not_cancellable", _("The job has finished")
    NOT_RETRYABLE = "jobs.not_retryable", _("Only a failed or cancelled job can be retried")
    CANCELLED = "jobs.cancelled", _("Cancelled")
    WORKER_LOST = "jobs.worker_lost", _("The worker stopped")
    CRASHED = "jobs.crashed", _("Unexpected error")
    SUPERSEDED = "jobs.superseded", _("The work changed while the job ran")
