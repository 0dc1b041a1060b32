"""Proposals from other parts: a late duty check-in (roster) and a verified complaint
(feedback) each propose one draft record, through `staffmgmt.conduct_event`, once the
source's change commits; an integrity officer confirms or dismisses it."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from feedback import services as feedback_services
from feedback.models import EntryKind, Verification
from integrity_files import selectors, services
from integrity_files.models import IntegrityRecord, PointsRange
from kernel.roles import Role
from roster import services as roster_services
from roster.models import DutyAssignment
from staffmgmt.extensions import LATE_CHECKIN, ConductEvent, conduct_event
from tests import factories
from tests.feedback.conftest import (  # noqa: F401 (fixtures)
    WORKDAY,
    b_holder,
    card,
    clear_cache,
    client_id,
    local,
    post,
    submit_entry,
    window,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 3, 10)


@pytest.fixture
def officer(hall):
    return factories.staff(
        unit=hall, roles=(Role.CADRE, Role.INTEGRITY_OFFICER), name="Officer Zhao"
    )


@pytest.fixture
def complaint(request):
    """A complaint about window 3 while Cadre Li was serving it (feedback's fixtures)."""
    submit = request.getfixturevalue("submit_entry")
    return submit(kind=EntryKind.COMPLAINT, topic="attitude", at=local(WORKDAY, 10))


@pytest.fixture
def duty(hall, cadre):
    noon = factories.duty_type(unit=hall)  # 12:00, report 11:45
    factories.published_roster(duty_type=noon, duties={DAY: [cadre]})
    return DutyAssignment.objects.get(staff=cadre, date=DAY)


def _check_in(duty, cadre, hour, minute, capture):
    with capture(execute=True):
        return roster_services.checkin_record(
            actor=cadre.user,
            assignment=duty,
            at=datetime(DAY.year, DAY.month, DAY.day, hour, minute, tzinfo=SHANGHAI),
        )


def test_a_late_checkin_proposes_one_draft_record(duty, cadre, django_capture_on_commit_callbacks):
    checkin = _check_in(duty, cadre, 11, 52, django_capture_on_commit_callbacks)

    record = IntegrityRecord.objects.get()
    assert record.staff == cadre
    assert record.status == IntegrityRecord.Status.DRAFT
    assert record.is_proposal
    assert record.source_ref == f"roster.checkin:{checkin.pk}"
    assert (record.source, record.kind, record.category) == (
        "duty_checkin",
        "violation",
        "work_style",
    )
    assert record.occurred_on == DAY
    assert "7 minutes late" in record.facts
    assert record.recorded_by is None


def test_an_on_time_checkin_proposes_nothing(duty, cadre, django_capture_on_commit_callbacks):
    _check_in(duty, cadre, 11, 40, django_capture_on_commit_callbacks)

    assert not IntegrityRecord.objects.exists()


def test_the_same_checkin_reported_again_still_gives_one_record(
    duty, cadre, django_capture_on_commit_callbacks
):
    checkin = _check_in(duty, cadre, 11, 52, django_capture_on_commit_callbacks)
    event = ConductEvent(
        staff=cadre,
        kind=LATE_CHECKIN,
        occurred_on=DAY,
        source_ref=f"roster.checkin:{checkin.pk}",
        description="Reported a second time.",
    )

    conduct_event.call(event)
    conduct_event.call(event)

    record = IntegrityRecord.objects.get()
    assert "Reported a second time" not in record.facts


def test_a_proposal_already_dismissed_is_not_proposed_again(
    duty, cadre, officer, django_capture_on_commit_callbacks
):
    checkin = _check_in(duty, cadre, 11, 52, django_capture_on_commit_callbacks)
    record = IntegrityRecord.objects.get()
    services.record_dismiss(actor=officer.user, record=record, reason="Traffic accident.")

    services.record_propose_for_conduct(
        ConductEvent(
            staff=cadre,
            kind=LATE_CHECKIN,
            occurred_on=DAY,
            source_ref=f"roster.checkin:{checkin.pk}",
            description="Again.",
        )
    )

    assert IntegrityRecord.objects.count() == 1


def test_a_checkin_that_rolls_back_proposes_nothing(
    duty, cadre, django_capture_on_commit_callbacks
):
    with (
        pytest.raises(RuntimeError),
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        roster_services.checkin_record(
            actor=cadre.user,
            assignment=duty,
            at=datetime(DAY.year, DAY.month, DAY.day, 11, 52, tzinfo=SHANGHAI),
        )
        raise RuntimeError("the request failed after the check-in")

    assert not IntegrityRecord.objects.exists()


def test_a_failing_receiver_does_not_undo_the_checkin(
    duty, cadre, django_capture_on_commit_callbacks
):
    def broken(event):
        raise RuntimeError("integrity files are down")

    receiver = "integrity_files.services.record_propose_for_conduct"
    with conduct_event.registered(broken, key=receiver):
        checkin = _check_in(duty, cadre, 11, 52, django_capture_on_commit_callbacks)

    assert checkin.pk is not None and checkin.is_late
    assert not IntegrityRecord.objects.exists()


def _verify(complaint, manager, capture, verification=Verification.VERIFIED):
    with capture(execute=True):
        return feedback_services.entry_verify(
            actor=manager.user, entry=complaint, verification=verification, note="CCTV shows it."
        )


def test_a_verified_complaint_proposes_one_draft_record(
    complaint, manager, cadre, django_capture_on_commit_callbacks
):
    _verify(complaint, manager, django_capture_on_commit_callbacks)
    _verify(complaint, manager, django_capture_on_commit_callbacks)  # checked again

    record = IntegrityRecord.objects.get()
    assert record.staff == cadre
    assert record.status == IntegrityRecord.Status.DRAFT
    assert record.source == "complaint"
    assert record.source_ref == f"feedback.entry:{complaint.pk}"
    assert record.occurred_on == WORKDAY
    assert complaint.tracking_code in record.facts and "CCTV shows it." in record.facts


def test_an_unfounded_complaint_proposes_nothing(
    complaint, manager, django_capture_on_commit_callbacks
):
    _verify(complaint, manager, django_capture_on_commit_callbacks, Verification.UNFOUNDED)

    assert not IntegrityRecord.objects.exists()


def test_an_officer_confirms_a_proposal_with_points_and_the_cadre_sees_it(
    complaint, manager, cadre, officer, django_capture_on_commit_callbacks
):
    _verify(complaint, manager, django_capture_on_commit_callbacks)
    proposal = selectors.proposal_list(user=officer.user).get()
    assert not selectors.record_list(user=cadre.user).exists()  # a draft: not shown to them

    confirmed = services.proposal_confirm(actor=officer.user, record=proposal, points=-3)

    assert confirmed.status == IntegrityRecord.Status.CONFIRMED
    assert confirmed.points == -3
    assert confirmed.confirmed_by == officer.user
    assert list(selectors.record_list(user=cadre.user)) == [confirmed]
    assert not selectors.proposal_list(user=officer.user).exists()


def test_a_proposal_takes_the_points_nearest_zero_the_configured_range_allows(
    duty, cadre, django_capture_on_commit_callbacks
):
    PointsRange.objects.filter(kind="violation").update(min_points=-10, max_points=-1)

    _check_in(duty, cadre, 11, 52, django_capture_on_commit_callbacks)

    assert IntegrityRecord.objects.get().points == -1
