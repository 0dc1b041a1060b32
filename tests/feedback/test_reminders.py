"""The daily reminders: due soon to the owner, overdue escalated to the managers, each
once however often the job runs."""

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command

from feedback import services
from feedback.models import Reminder
from tests.feedback.conftest import WORKDAY, local

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def addresses(manager, cadre, b_holder):
    for person, address in ((manager, "wang@hall.cn"), (cadre, "li@hall.cn")):
        person.user.email = address
        person.user.save()


def test_the_owner_of_an_entry_due_on_the_next_working_day_is_reminded(submit_entry):
    entry = submit_entry(at=local(WORKDAY, 10))  # due Friday 2026-03-06

    report = services.feedback_reminders_send(today=date(2026, 3, 5))

    assert report.due_soon == 1
    assert [m.to for m in mail.outbox] == [["wang@hall.cn"]]
    assert entry.tracking_code in mail.outbox[0].subject


def test_a_fridays_run_reminds_of_what_is_due_on_monday(submit_entry):
    submit_entry(at=local(date(2026, 3, 4), 10))  # due Monday 2026-03-09

    report = services.feedback_reminders_send(today=date(2026, 3, 6))

    assert report.due_soon == 1


def test_an_overdue_entry_is_escalated_to_the_units_managers_and_its_owner(
    submit_entry, manager, b_holder
):
    entry = submit_entry(at=local(WORKDAY, 10))  # due 2026-03-06
    services.entry_assign(actor=manager.user, entry=entry, assignee=b_holder)
    b_holder.user.email = "zhao@hall.cn"
    b_holder.user.save()
    services.entry_take(actor=b_holder.user, entry=entry)

    report = services.feedback_reminders_send(today=date(2026, 3, 9))

    assert report.escalated == 1
    assert sorted(mail.outbox[0].to) == ["wang@hall.cn", "zhao@hall.cn"]
    assert "Overdue" in mail.outbox[0].subject


def test_running_twice_sends_nothing_twice(submit_entry, submit_rating):
    submit_entry(at=local(WORKDAY, 10))
    submit_rating(level=1, at=local(WORKDAY, 10))

    first = services.feedback_reminders_send(today=date(2026, 3, 20))
    second = services.feedback_reminders_send(today=date(2026, 3, 20))
    third = services.feedback_reminders_send(today=date(2026, 3, 21))

    assert first.escalated == 2
    assert second.escalated == third.escalated == 0
    assert len(mail.outbox) == 2
    assert Reminder.objects.count() == 2


def test_an_answered_entry_is_not_reminded(submit_entry, manager):
    entry = submit_entry(at=local(WORKDAY, 10))
    services.entry_reply(actor=manager.user, entry=entry, text="Done")

    report = services.feedback_reminders_send(today=date(2026, 3, 9))

    assert (report.due_soon, report.escalated) == (0, 0)


def test_the_management_command_runs_the_reminders(submit_entry, capsys):
    submit_entry(at=local(WORKDAY, 10))

    call_command("feedback_reminders", "--date", "2026-03-05")

    assert "due soon: 1" in capsys.readouterr().out
