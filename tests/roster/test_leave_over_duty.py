from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from roster import domain, services
from roster.models import DutyAssignment, DutyNotification
from tests import factories

WED = date(2026, 3, 4)


@pytest.fixture
def published(hall, manager):
    for _ in range(3):
        factories.staff(unit=hall)
    noon = factories.duty_type(unit=hall)
    roster = services.roster_generate(
        actor=manager.user,
        duty_type=noon,
        start_date=date(2026, 3, 2),
        end_date=date(2026, 3, 6),
        time_limit_s=2,
    )
    return services.roster_publish(actor=manager.user, roster=roster)


def approve_leave_over(duty, manager, django_capture_on_commit_callbacks, **kwargs):
    approver = manager if duty.staff != manager else None
    if approver is None:
        approver = factories.staff(unit=duty.staff.unit, roles=("cadre", "manager"))
    with django_capture_on_commit_callbacks(execute=True):
        factories.approved_absence(
            staff=duty.staff, approver=approver, start_date=duty.date, **kwargs
        )


def test_leave_approved_over_a_published_duty_flags_it_and_proposes_a_replacement(
    published, manager, django_capture_on_commit_callbacks
):
    duty = published.assignments.get(date=WED)
    absentee = duty.staff

    approve_leave_over(duty, manager, django_capture_on_commit_callbacks)

    duty.refresh_from_db()
    assert duty.flagged_reason
    replacement = duty.proposed_replacement
    assert replacement is not None and replacement != absentee
    assert not replacement.duty_assignments.filter(date=WED).exists()
    notified = set(
        DutyNotification.objects.filter(kind="flagged").values_list("recipient_id", flat=True)
    )
    assert {absentee.pk, manager.pk} <= notified


def test_accepting_the_proposed_replacement_hands_over_the_duty(
    published, manager, django_capture_on_commit_callbacks
):
    duty = published.assignments.get(date=WED)
    absentee = duty.staff
    approve_leave_over(duty, manager, django_capture_on_commit_callbacks)
    duty.refresh_from_db()
    proposed = duty.proposed_replacement

    services.assignment_accept_replacement(actor=manager.user, assignment=duty)

    duty.refresh_from_db()
    assert duty.staff == proposed and not duty.flagged_reason
    assert DutyNotification.objects.filter(kind="replaced", recipient=absentee).exists()
    with pytest.raises(ValidationError):
        services.assignment_accept_replacement(actor=manager.user, assignment=duty)


def test_half_day_leave_flags_noon_duty_and_a_morning_duty_touches_only_the_morning(
    published, manager, django_capture_on_commit_callbacks, hall
):
    morning = factories.duty_type(unit=hall, name="Morning desk")
    morning = services.duty_type_update(
        actor=None, duty_type=morning, start_time=time(8), end_time=time(11)
    )
    duty = published.assignments.get(date=WED)
    # An afternoon-only leave against noon duty still flags (the duty runs past noon).
    approve_leave_over(duty, manager, django_capture_on_commit_callbacks, start_half="pm")
    duty.refresh_from_db()
    assert duty.flagged_reason
    assert domain.duty_halves(morning) == frozenset({"am"})


def test_draft_duties_are_not_flagged(hall, manager, django_capture_on_commit_callbacks):
    for _ in range(2):
        factories.staff(unit=hall)
    noon = factories.duty_type(unit=hall)
    draft = services.roster_generate(
        actor=manager.user, duty_type=noon, start_date=WED, end_date=WED, time_limit_s=2
    )
    duty = draft.assignments.get()

    approve_leave_over(duty, manager, django_capture_on_commit_callbacks)

    duty.refresh_from_db()
    assert not duty.flagged_reason


def test_a_flag_is_stored_as_pieces_and_read_in_the_readers_language(
    published, manager, django_capture_on_commit_callbacks
):
    duty = published.assignments.get(date=WED)

    approve_leave_over(duty, manager, django_capture_on_commit_callbacks)

    duty.refresh_from_db()
    assert duty.flagged_reason == DutyAssignment.FLAG_LEAVE
    assert duty.flag_params == {"kind": "annual", "start": "2026-03-04", "end": "2026-03-04"}
    with translation.override("en"):
        assert duty.flag_message == "Annual leave approved from March 4, 2026 to March 4, 2026"
    with translation.override("zh-hans"):
        chinese = duty.flag_message
    assert "年休假" in chinese and "2026年3月4日" in chinese
    assert "approved" not in chinese


def test_roster_page_and_api_show_the_flag_in_the_readers_language(
    published, manager, client, api_as, django_capture_on_commit_callbacks
):
    duty = published.assignments.get(date=WED)
    approve_leave_over(duty, manager, django_capture_on_commit_callbacks)
    duty.refresh_from_db()
    with translation.override("zh-hans"):
        expected = duty.flag_message

    client.force_login(manager.user)
    # The locale middleware switches the thread's language; the block restores it after.
    with translation.override("en"):
        page = client.get(
            f"/roster/{published.pk}/?year=2026&month=3", HTTP_ACCEPT_LANGUAGE="zh-hans"
        ).content.decode()
        listed = api_as(manager).get(
            f"/api/assignments/?roster={published.pk}", HTTP_ACCEPT_LANGUAGE="zh-hans"
        )

    assert expected in page
    row = next(r for r in listed.json()["results"] if r["id"] == duty.pk)
    assert row["flag_message"] == expected
    assert row["flagged_reason"] == DutyAssignment.FLAG_LEAVE


def test_a_flag_stored_as_text_before_the_pieces_is_shown_as_it_is(published):
    duty = published.assignments.get(date=WED)
    duty.flagged_reason = "Annual leave approved from March 4, 2026 to March 4, 2026"

    assert duty.flag_message == duty.flagged_reason
    assert duty.is_flagged
