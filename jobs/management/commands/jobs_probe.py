"""Queue worker probes: is a worker taking work? (and the job benchmark's small jobs)."""

import time

from django.core.management.base import BaseCommand, CommandError

from jobs.models import Job
from jobs.probe import PROBE
from jobs.services import job_start


class Command(BaseCommand):
    help = "Queue probe jobs; with --wait, wait for them and say how they ended."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1)
        parser.add_argument("--seconds", type=float, default=0.0, help="work time of each")
        parser.add_argument("--wait", type=float, default=0.0, help="seconds to wait at most")

    def handle(self, *args, count: int, seconds: float, wait: float, **options):
        if count < 1:
            raise CommandError("--count must be at least 1")
        ids = [
            job_start(actor=None, kind=PROBE, params={"seconds": seconds}).pk for _ in range(count)
        ]
        self.stdout.write(f"queued {count} probe job(s)")
        if not wait:
            return
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if not Job.objects.filter(pk__in=ids, state__in=Job.ACTIVE_STATES).exists():
                break
            time.sleep(0.2)
        states = {}
        for state in Job.objects.filter(pk__in=ids).values_list("state", flat=True):
            states[state] = states.get(state, 0) + 1
        self.stdout.write(" ".join(f"{k}={v}" for k, v in sorted(states.items())))
        if states.get(Job.State.DONE, 0) != count:
            raise CommandError("not every probe finished: is a worker running?")
