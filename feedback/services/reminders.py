"""The daily deadline reminders: owners of what is due on the next working day get an
e-mail; what is overdue is escalated to the managers of its unit.

`feedback_reminders_send` is the function a scheduler calls (the `feedback_reminders`
management command runs it; a background job may call it directly). It is idempotent: a
`Reminder` row per target, kind and deadline (a database constraint) means a second run
the same day, or a retry after a crash, sends nothing twice. Mail goes out through
Django's e-mail settings after the rows are committed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Case, DateField, F, Q, When
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from feedback.models import EntryStatus, FollowUp, FollowUpStatus, Reminder, SuggestionEntry
from staffmgmt import selectors as staff_selectors

__all__ = ["ReminderReport", "feedback_reminders_send"]


@dataclass
class ReminderReport:
    due_soon: int = 0
    escalated: int = 0
    skipped_no_address: int = 0
    messages: list[tuple[str, str, list[str]]] = field(default_factory=list)


def _open_entries():
    return (
        SuggestionEntry.objects.filter(status__in=[EntryStatus.RECEIVED, EntryStatus.ACCEPTED])
        .select_related("unit", "window", "owner__user", "assigned_to__user")
        .annotate(
            current_due=Case(
                When(
                    status=EntryStatus.RECEIVED,
                    accept_due_date__isnull=False,
                    then=F("accept_due_date"),
                ),
                default=F("due_date"),
                output_field=DateField(),
            )
        )
    )


def _addresses(people) -> list[str]:
    return sorted({p.user.email for p in people if p is not None and p.user.email})


def _record(report: ReminderReport, *, kind, target: dict, due: date, recipients, subject, body):
    if not recipients:
        report.skipped_no_address += 1
        return
    try:
        with transaction.atomic():
            Reminder.objects.create(
                kind=kind, due_date=due, recipients=", ".join(recipients), **target
            )
    except IntegrityError:
        return  # sent by an earlier run
    if kind == Reminder.Kind.DUE_SOON:
        report.due_soon += 1
    else:
        report.escalated += 1
    report.messages.append((subject, body, recipients))
    transaction.on_commit(
        lambda: send_mail(
            subject=subject,
            message=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=recipients,
            fail_silently=False,
        )
    )


@transaction.atomic
def feedback_reminders_send(*, today: date | None = None) -> ReminderReport:
    """Send today's reminders and escalations, once each (see the module docstring).

    Due soon: open entries and follow-ups whose deadline is after today and no later than
    the next working day (a Friday's run covers Monday), to the owner, else the person
    assigned, else the unit's managers. Overdue: those whose deadline has passed, to the
    unit's managers (and the owner), once per deadline.
    """
    today = today or timezone.localdate()
    next_working = staff_selectors.add_working_days(day=today, n=1)
    report = ReminderReport()
    managers_cache: dict[int, list] = {}

    def managers(unit):
        if unit.pk not in managers_cache:
            managers_cache[unit.pk] = list(
                staff_selectors.managers_of_unit_unscoped(unit=unit).select_related("user")
            )
        return managers_cache[unit.pk]

    with translation.override(settings.LANGUAGE_CODE):
        entries = _open_entries().filter(Q(current_due__lte=next_working))
        for entry in entries:
            due = entry.current_due
            holder = entry.owner or entry.assigned_to
            what = _("Suggestion-book entry %(code)s (%(kind)s, window %(window)s)") % {
                "code": entry.tracking_code,
                "kind": entry.get_kind_display(),
                "window": entry.window.number,
            }
            if due > today:
                recipients = _addresses([holder] if holder else managers(entry.unit))
                _record(
                    report,
                    kind=Reminder.Kind.DUE_SOON,
                    target={"entry": entry},
                    due=due,
                    recipients=recipients,
                    subject=_("Due %(date)s: %(what)s") % {"date": due, "what": what},
                    body=_("%(what)s is due on %(date)s.") % {"what": what, "date": due},
                )
            elif due < today:
                recipients = _addresses([*managers(entry.unit), holder])
                _record(
                    report,
                    kind=Reminder.Kind.OVERDUE,
                    target={"entry": entry},
                    due=due,
                    recipients=recipients,
                    subject=_("Overdue since %(date)s: %(what)s") % {"date": due, "what": what},
                    body=_("%(what)s was due on %(date)s and has no answer yet.")
                    % {"what": what, "date": due},
                )
        follow_ups = (
            FollowUp.objects.filter(status=FollowUpStatus.OPEN, due_date__lte=next_working)
            .exclude(due_date=today)
            .select_related("unit", "owner__user", "rating__window")
        )
        for follow_up in follow_ups:
            due = follow_up.due_date
            what = _("Follow-up of a negative rating at window %(window)s") % {
                "window": follow_up.rating.window.number
            }
            if due > today:
                people = [follow_up.owner] if follow_up.owner else managers(follow_up.unit)
                kind, subject = Reminder.Kind.DUE_SOON, _("Due %(date)s: %(what)s")
            else:
                people = [*managers(follow_up.unit), follow_up.owner]
                kind, subject = Reminder.Kind.OVERDUE, _("Overdue since %(date)s: %(what)s")
            _record(
                report,
                kind=kind,
                target={"follow_up": follow_up},
                due=due,
                recipients=_addresses(people),
                subject=subject % {"date": due, "what": what},
                body=_("%(what)s is due on %(date)s.") % {"what": what, "date": due},
            )
    return report
