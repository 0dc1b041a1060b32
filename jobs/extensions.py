"""What jobs asks of the apps above it, and what they add to it."""

from kernel.extensions import ErrorPolicy, extension_point

managed_unit_ids = extension_point(
    "jobs.managed_unit_ids",
    policy=ErrorPolicy.PROPAGATE,
    doc="fn(user) -> iterable of org unit ids the user manages: their managers see the "
    "jobs of those units. Registered by staffmgmt, which owns the org tree.",
)

scheduled_jobs = extension_point(
    "jobs.scheduled_jobs",
    policy=ErrorPolicy.PROPAGATE,
    doc="jobs.scheduled.ScheduledJob declarations: work run daily or monthly by "
    "`manage.py run_scheduled_jobs daily|monthly` (cron), each as a job of its own.",
)
