"""The integrity reminders run as scheduled jobs (jobs.scheduled), each sent once: answers
due (a notice on the file and a mail), objections to decide, talk follow-ups due, training
credits short."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from integrity_files import scheduled, services
from integrity_files.models import IntegrityNotice
from jobs.extensions import scheduled_jobs
from jobs.models import Job
from jobs.scheduled import DAILY, MONTHLY, SCHEDULED, ScheduledRun
from staffmgmt.selectors.calendar import add_working_days
from tests.integrity_files.conftest import confirmed
from tests.jobs.conftest import run_worker

# The worker runs the queued jobs as in production, with its own transactions.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def addresses(org):
    for name in ("cadre_x", "other_cadre_x", "officer_x", "second_officer_x", "officer_y"):
        user = getattr(org, name).user
        user.email = f"{name}@hall.cn"
        user.save()


def _daily(day):
    """What cron does, twice (a second run must send nothing again), through the worker."""
    for _ in range(2):
        call_command("run_scheduled_jobs", "daily", "--day", day.isoformat())
        run_worker()


def _to(*names):
    """Addresses mailed (one entry per message and address), of `names` only if given."""
    sent = sorted(address for message in mail.outbox for address in message.to)
    return [a for a in sent if not names or a.split("@")[0] in names]


def test_the_reminders_are_declared_as_scheduled_jobs():
    declared = {job.key: job.frequency for job in scheduled_jobs}

    assert declared[scheduled.ANSWER_DUE] == DAILY
    assert declared[scheduled.OBJECTION_DUE] == DAILY
    assert declared[scheduled.TALK_FOLLOW_UP_DUE] == DAILY
    assert declared[scheduled.CREDIT_SHORTFALL] == MONTHLY


def test_a_cadre_is_reminded_once_when_the_answer_period_ends(org):
    record = confirmed(org)
    day_before = record.respond_by - timedelta(days=1)
    while add_working_days(day=day_before, n=1) != record.respond_by:
        day_before -= timedelta(days=1)

    _daily(day_before - timedelta(days=7))  # not yet due: nothing
    assert _to("cadre_x") == []
    _daily(day_before)
    _daily(record.respond_by)  # the last day: already reminded

    assert _to("cadre_x") == ["cadre_x@hall.cn"]
    notices = IntegrityNotice.objects.filter(kind=IntegrityNotice.Kind.ANSWER_DUE)
    assert [(n.recipient, n.record) for n in notices] == [(org.cadre_x, record)]
    jobs = Job.objects.filter(kind=SCHEDULED, params__key=scheduled.ANSWER_DUE)
    assert {job.state for job in jobs} == {Job.State.DONE}


def test_an_answered_record_is_not_reminded(org):
    record = confirmed(org)
    services.record_acknowledge(actor=org.cadre_x.user, record=record)

    _daily(record.respond_by)

    assert _to("cadre_x") == []
    assert not IntegrityNotice.objects.filter(kind=IntegrityNotice.Kind.ANSWER_DUE).exists()


def test_the_officers_keeping_the_file_are_reminded_once_of_an_objection_to_decide(org):
    record = confirmed(org)
    objection = services.objection_lodge(
        actor=org.cadre_x.user, record=record, statement="I was on leave."
    )

    _daily(objection.decide_by)
    _daily(objection.decide_by + timedelta(days=3))  # overdue: not sent again

    officers = _to("officer_x", "second_officer_x", "officer_y")
    assert officers == ["officer_x@hall.cn", "second_officer_x@hall.cn"]
    assert _to("cadre_x") == []  # the cadre objecting is not asked to decide


def test_a_decided_objection_is_not_reminded(org):
    record = confirmed(org)
    objection = services.objection_lodge(actor=org.cadre_x.user, record=record, statement="No.")
    services.objection_decide(
        actor=org.second_officer_x.user, objection=objection, upheld=False, reason="Log."
    )

    _daily(objection.decide_by)

    assert _to("officer_x", "second_officer_x", "officer_y") == []


def test_the_officer_who_recorded_a_talk_is_reminded_once_of_its_follow_up(org):
    today = timezone.localdate()
    talk = services.talk_record(
        actor=org.officer_x.user,
        staff=org.cadre_x,
        kind="reminder",
        held_on=today,
        participants="Officer Zhao, Li Na",
        summary="On punctuality.",
        follow_up="Check the check-in log.",
        follow_up_due=today + timedelta(days=20),
    )

    _daily(today)  # far off: nothing
    _daily(talk.follow_up_due)
    _daily(talk.follow_up_due)

    assert _to() == ["officer_x@hall.cn"]
    assert "Check the check-in log." in mail.outbox[0].body


def test_a_talk_whose_follow_up_is_done_is_not_reminded(org):
    today = timezone.localdate()
    talk = services.talk_record(
        actor=org.officer_x.user,
        staff=org.cadre_x,
        kind="reminder",
        held_on=today,
        participants="Officer Zhao, Li Na",
        summary="On punctuality.",
        follow_up="Check the check-in log.",
        follow_up_due=today + timedelta(days=20),
    )
    services.talk_follow_up_done(
        actor=org.second_officer_x.user, talk=talk, note="Log checked: on time since."
    )

    _daily(talk.follow_up_due)
    call_command("integrity_reminders", "--date", talk.follow_up_due.isoformat())

    assert _to() == []


def test_cadres_short_of_credits_are_mailed_once_a_year_from_the_configured_month(org, settings):
    today = timezone.localdate()
    services.credit_requirement_set(
        actor=org.officer_x.user, unit=org.hall_x, year=today.year, required_credits=Decimal(8)
    )
    services.training_credit_record(
        actor=org.officer_x.user,
        staff=org.cadre_x,
        course="Tax law",
        hours=Decimal(6),
        credits=Decimal(3),
        completed_on=today,
    )
    services.training_credit_record(
        actor=org.officer_x.user,
        staff=org.other_cadre_x,
        course="Tax law",
        hours=Decimal(16),
        credits=Decimal(8),
        completed_on=today,
    )
    run = scheduled.remind_credit_shortfalls

    settings.INTEGRITY_CREDIT_REMINDER_FROM_MONTH = today.month + 1
    assert run(ScheduledRun(key=scheduled.CREDIT_SHORTFALL, day=today, job=None)) == {"sent": 0}
    settings.INTEGRITY_CREDIT_REMINDER_FROM_MONTH = today.month
    first = run(ScheduledRun(key=scheduled.CREDIT_SHORTFALL, day=today, job=None))
    again = run(ScheduledRun(key=scheduled.CREDIT_SHORTFALL, day=today, job=None))

    # cadre_x is 5 short; other_cadre_x has enough; hall Y requires nothing.
    assert (first, again) == ({"sent": 3}, {"sent": 0})
    assert _to("cadre_x") == ["cadre_x@hall.cn"]
    assert "5.0" in next(m.body for m in mail.outbox if "cadre_x@hall.cn" in m.to)
    assert _to("other_cadre_x") == [] and _to("officer_y") == []


def test_the_management_command_shares_the_jobs_ledger(org, capsys):
    record = confirmed(org)

    call_command("integrity_reminders", "--date", record.respond_by.isoformat())
    _daily(record.respond_by)

    assert f"{scheduled.ANSWER_DUE}: sent 1" in capsys.readouterr().out
    assert _to("cadre_x") == ["cadre_x@hall.cn"]
