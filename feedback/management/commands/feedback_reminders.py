from datetime import date

from django.core.management.base import BaseCommand

from feedback.services import feedback_reminders_send


class Command(BaseCommand):
    help = (
        "E-mail owners of feedback due on the next working day and escalate overdue "
        "feedback to the unit's managers. Run daily; a second run sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", type=date.fromisoformat, help="run as of this day")

    def handle(self, *args, **options):
        report = feedback_reminders_send(today=options.get("date"))
        self.stdout.write(
            f"due soon: {report.due_soon}, escalated: {report.escalated}, "
            f"without an address: {report.skipped_no_address}"
        )
