"""Queue the day's (or the month's) scheduled work as jobs. Run by cron; see the README."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jobs.models import Job
from jobs.scheduled import FREQUENCIES, SCHEDULED, declared
from jobs.services import job_mark_lost, job_start


class Command(BaseCommand):
    help = "Queue the scheduled jobs of one frequency (daily or monthly) for a worker."

    def add_arguments(self, parser):
        parser.add_argument("frequency", choices=FREQUENCIES)
        parser.add_argument("--day", help="YYYY-MM-DD (default: today in TIME_ZONE)")

    def handle(self, *args, frequency: str, day: str | None = None, **options):
        try:
            today = date.fromisoformat(day) if day else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--day: {error}") from error
        lost = job_mark_lost()
        if lost:
            self.stdout.write(f"{lost} job(s) of a lost worker marked failed")
        for declaration in declared(frequency):
            start, end = declaration.period(today)
            scope = f"scheduled:{declaration.key}"
            done = Job.objects.filter(
                kind=SCHEDULED,
                scope=scope,
                period_start=start,
                period_end=end,
                state=Job.State.DONE,
            ).exists()
            if done:
                self.stdout.write(f"{declaration.key} {start}: done already, skipped")
                continue
            try:
                job = job_start(
                    actor=None,
                    kind=SCHEDULED,
                    params={"key": declaration.key, "day": today.isoformat()},
                    scope=scope,
                    period_start=start,
                    period_end=end,
                )
            except ValidationError:
                self.stdout.write(f"{declaration.key} {start}: already queued or running")
                continue
            self.stdout.write(f"{declaration.key} {start}: queued as job {job.pk}")
