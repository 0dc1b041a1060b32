"""The worker probe: a small job that proves a worker takes work, reports progress and stops
when cancelled. `manage.py jobs_probe` queues it (operations: "is the queue alive?"); the job
benchmark measures the queue with it.
"""

from __future__ import annotations

import time

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs.errors import JobError
from jobs.registry import JobKind, register_kind
from kernel.errors import invalid

PROBE = "jobs.probe"
MAX_SECONDS = 600


def run_probe(job, context) -> dict:
    steps = max(1, min(int(context.params.get("steps", 1)), 1000))
    seconds = max(0.0, min(float(context.params.get("seconds", 0)), MAX_SECONDS))
    for step in range(1, steps + 1):
        context.check_cancelled()
        if seconds:
            # Sleep in short slices so a cancellation is seen within one heartbeat.
            deadline = time.monotonic() + seconds / steps
            while time.monotonic() < deadline:
                context.check_cancelled()
                time.sleep(min(0.05, max(0.0, deadline - time.monotonic())))
        context.report(step=step, steps=steps)
    if context.params.get("fail"):
        raise invalid(JobError.CRASHED, _("The probe was asked to fail."))
    return {"steps": steps}


def register() -> None:
    register_kind(JobKind(key=PROBE, label=gettext_lazy("Worker probe"), run=run_probe))
