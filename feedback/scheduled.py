"""feedback's scheduled work (cron through jobs.scheduled): the daily deadline reminders.

The reminders keep their own ledger (`Reminder`, one row per target and deadline), so a
second run the same day, or a retry after a crash, mails nothing twice.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from feedback.services.reminders import feedback_reminders_send
from jobs.extensions import scheduled_jobs
from jobs.scheduled import DAILY, ScheduledJob, ScheduledRun

DEADLINE_REMINDERS = "feedback.deadline_reminders"


def send_deadline_reminders(run: ScheduledRun) -> dict:
    report = feedback_reminders_send(today=run.day)
    return {
        "due_soon": report.due_soon,
        "escalated": report.escalated,
        "skipped_no_address": report.skipped_no_address,
    }


def register_scheduled() -> None:
    scheduled_jobs.register(
        ScheduledJob(
            key=DEADLINE_REMINDERS,
            label=gettext_lazy("Feedback deadline reminders"),
            frequency=DAILY,
            run=send_deadline_reminders,
        ),
        key=DEADLINE_REMINDERS,
    )
