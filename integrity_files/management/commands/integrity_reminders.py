from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from integrity_files.scheduled import DECLARATIONS
from jobs.scheduled import ScheduledRun


class Command(BaseCommand):
    help = (
        "Send the integrity files' reminders of a day now (answers due, objections to "
        "decide, talk follow-ups due, training credits short), outside the job queue. They "
        "share the scheduled jobs' ledger: nothing is sent twice, whichever runs first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", type=date.fromisoformat, help="run as of this day")

    def handle(self, *args, **options):
        day = options.get("date") or timezone.localdate()
        for key, _label, _frequency, run in DECLARATIONS:
            report = run(ScheduledRun(key=key, day=day, job=None)) or {}
            self.stdout.write(f"{key}: sent {report.get('sent', 0)}")
