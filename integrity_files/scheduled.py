"""Integrity files' scheduled work (cron through jobs.scheduled): the reminders.

Daily:
- answer due: a cadre with a confirmed record they have neither acknowledged nor objected
  to, whose answer period ends today or on the next working day, gets a notice on their
  file (and an e-mail);
- objection to decide: an open objection due to be decided by the next working day (or
  overdue) is mailed to the integrity officers keeping the file;
- talk follow-up due: a heart-to-heart talk whose follow-up falls due by the next working
  day, and is not marked done, is mailed to the officer who recorded it (else the
  officers keeping the file).
Monthly, from INTEGRITY_CREDIT_REMINDER_FROM_MONTH (October by default) to December:
- training credits short: each active cadre short of their unit's yearly requirement is
  mailed, once a year.

Each reminder goes through `run.once(subject, ...)`: the jobs ledger makes a second run,
a retry, or `manage.py integrity_reminders` after cron, send nothing twice.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Exists, OuterRef
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integrity_files import selectors, services
from integrity_files.models import RecordResponse, Talk
from jobs.extensions import scheduled_jobs
from jobs.scheduled import DAILY, MONTHLY, ScheduledJob, ScheduledRun
from kernel.roles import Role
from staffmgmt import selectors as staff_selectors

ANSWER_DUE = "integrity.answer_due"
OBJECTION_DUE = "integrity.objection_due"
TALK_FOLLOW_UP_DUE = "integrity.talk_follow_up_due"
CREDIT_SHORTFALL = "integrity.credit_shortfall"
DEFAULT_CREDIT_REMINDER_FROM_MONTH = 10


def _mail(users, subject: str, body: str) -> bool:
    addresses = sorted({u.email for u in users if u is not None and u.email})
    if addresses:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses)
    return bool(addresses)


class _Keepers:
    """The integrity officers keeping files of a unit (its own and those above), cached
    per unit: one query per unit, not per reminder."""

    def __init__(self):
        self._by_unit: dict[int, list] = {}

    def __call__(self, unit) -> list:
        if unit.pk not in self._by_unit:
            self._by_unit[unit.pk] = list(
                staff_selectors.staff_of_units_unscoped(
                    units=staff_selectors.org_unit_and_ancestors_unscoped(unit=unit)
                )
                .filter(user__groups__name=Role.INTEGRITY_OFFICER)
                .select_related("user")
            )
        return self._by_unit[unit.pk]


def remind_answers_due(run: ScheduledRun) -> dict:
    next_working = staff_selectors.add_working_days(day=run.day, n=1)
    records = (
        selectors.current_records()
        .filter(respond_by__gte=run.day, respond_by__lte=next_working)
        .exclude(Exists(RecordResponse.objects.filter(record=OuterRef("pk"))))
        .select_related("staff__user")
        .order_by("pk")
    )
    sent = 0
    for record in records:

        def remind(record=record) -> None:
            services.record_answer_reminder(record=record)
            with translation.override(settings.LANGUAGE_CODE):
                context = {"pk": record.pk, "date": record.respond_by.isoformat()}
                _mail(
                    [record.staff.user],
                    _("Integrity record #%(pk)s: answer by %(date)s") % context,
                    _(
                        "A record in your integrity file awaits your answer: acknowledge it "
                        "or object to it in HallMark (My integrity file) by %(date)s."
                    )
                    % context,
                )

        if run.once(f"record={record.pk}:respond_by={record.respond_by}", remind):
            sent += 1
    return {"sent": sent}


def remind_objections_due(run: ScheduledRun) -> dict:
    next_working = staff_selectors.add_working_days(day=run.day, n=1)
    objections = (
        RecordResponse.objects.filter(
            kind=RecordResponse.Kind.OBJECTION,
            status=RecordResponse.Status.OPEN,
            decide_by__lte=next_working,
        )
        .select_related("record__staff__unit")
        .order_by("pk")
    )
    keepers = _Keepers()
    sent = 0
    for objection in objections:
        record = objection.record
        officers = [p.user for p in keepers(record.staff.unit) if p.pk != record.staff_id]

        def remind(objection=objection, record=record, officers=officers) -> None:
            with translation.override(settings.LANGUAGE_CODE):
                context = {
                    "pk": record.pk,
                    "name": record.staff.name,
                    "date": objection.decide_by.isoformat(),
                }
                _mail(
                    officers,
                    _("Objection to integrity record #%(pk)s: decide by %(date)s") % context,
                    _(
                        "%(name)s objects to integrity record #%(pk)s; the objection is to be "
                        "decided by %(date)s (HallMark, Objections)."
                    )
                    % context,
                )

        if officers and run.once(f"objection={objection.pk}:{objection.decide_by}", remind):
            sent += 1
    return {"sent": sent}


def remind_talk_follow_ups(run: ScheduledRun) -> dict:
    next_working = staff_selectors.add_working_days(day=run.day, n=1)
    talks = (
        Talk.objects.filter(follow_up_due__gte=run.day, follow_up_due__lte=next_working)
        # A follow-up marked done (talk_follow_up_done) needs no reminder.
        .filter(follow_up_done_at__isnull=True)
        .select_related("staff__unit", "recorded_by")
        .order_by("pk")
    )
    keepers = _Keepers()
    sent = 0
    for talk in talks:
        if talk.recorded_by is not None and talk.recorded_by.email:
            people = [talk.recorded_by]
        else:
            people = [p.user for p in keepers(talk.staff.unit) if p.pk != talk.staff_id]

        def remind(talk=talk, people=people) -> None:
            with translation.override(settings.LANGUAGE_CODE):
                context = {
                    "name": talk.staff.name,
                    "held": talk.held_on.isoformat(),
                    "date": talk.follow_up_due.isoformat(),
                    "follow_up": talk.follow_up,
                }
                _mail(
                    people,
                    _("Follow-up of the talk with %(name)s due %(date)s") % context,
                    _(
                        "The heart-to-heart talk with %(name)s on %(held)s has a follow-up "
                        "due on %(date)s: %(follow_up)s"
                    )
                    % context,
                )

        if people and run.once(f"talk={talk.pk}:{talk.follow_up_due}", remind):
            sent += 1
    return {"sent": sent}


def remind_credit_shortfalls(run: ScheduledRun) -> dict:
    first_month = int(
        getattr(
            settings, "INTEGRITY_CREDIT_REMINDER_FROM_MONTH", DEFAULT_CREDIT_REMINDER_FROM_MONTH
        )
    )
    if run.day.month < first_month:
        return {"sent": 0}
    year = run.day.year
    sent = 0
    for row in selectors.credit_shortfall_unscoped(year=year):

        def remind(row=row) -> None:
            with translation.override(settings.LANGUAGE_CODE):
                context = {
                    "year": year,
                    "earned": row.earned,
                    "required": row.required,
                    "short": row.shortfall,
                }
                _mail(
                    [row.staff.user],
                    _("Training credits %(year)s: %(short)s short") % context,
                    _(
                        "You have earned %(earned)s of the %(required)s learning and training "
                        "credits required in %(year)s: %(short)s to go before the year ends."
                    )
                    % context,
                )

        if row.staff.user.email and run.once(f"staff={row.staff.pk}:year={year}", remind):
            sent += 1
    return {"sent": sent}


DECLARATIONS = (
    (ANSWER_DUE, gettext_lazy("Integrity records: answers due"), DAILY, remind_answers_due),
    (
        OBJECTION_DUE,
        gettext_lazy("Integrity objections to decide"),
        DAILY,
        remind_objections_due,
    ),
    (
        TALK_FOLLOW_UP_DUE,
        gettext_lazy("Heart-to-heart talk follow-ups due"),
        DAILY,
        remind_talk_follow_ups,
    ),
    (
        CREDIT_SHORTFALL,
        gettext_lazy("Training credits short"),
        MONTHLY,
        remind_credit_shortfalls,
    ),
)


def register_scheduled() -> None:
    for key, label, frequency, run in DECLARATIONS:
        scheduled_jobs.register(
            ScheduledJob(key=key, label=label, frequency=frequency, run=run), key=key
        )
