"""Records through their life: draft, confirm, correct (supersede), totals, answers,
objections and their decision, notices, deadlines, talks and credits."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from integrity_files import selectors, services
from integrity_files.models import IntegrityNotice, IntegrityRecord, RecordResponse
from staffmgmt.selectors.calendar import add_working_days
from tests.integrity_files.conftest import confirmed, draft


def _code(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return next(iter(error.error_dict.values()))[0].code
    return error.error_list[0].code


def _total(org, user=None):
    today = timezone.localdate()
    points = selectors.integrity_points_by_category(
        user=user or org.officer_x.user,
        start=today - timedelta(days=30),
        end=today,
        staff=org.cadre_x,
    )
    return sum(points.values())


def test_confirming_sets_the_answer_deadline_in_working_days_and_notifies_the_cadre(org):
    record = confirmed(org)

    assert record.respond_by == add_working_days(
        day=timezone.localdate(), n=services.OBJECTION_WORKING_DAYS
    )
    notice = IntegrityNotice.objects.get(recipient=org.cadre_x)
    assert notice.kind == IntegrityNotice.Kind.RECORD_CONFIRMED


def test_points_outside_the_kinds_range_are_refused(org):
    with pytest.raises(ValidationError) as error:
        draft(org, kind="violation", points=5)

    assert _code(error.value) == "integrity.points_out_of_range"


def test_a_correction_supersedes_the_record_and_only_the_current_one_counts(org):
    record = confirmed(org, points=-4)
    assert _total(org) == -4

    correction = services.record_correct(
        actor=org.officer_x.user, record=record, reason="Ten minutes, not twenty.", points=-1
    )
    assert _total(org) == -4  # a draft correction counts for nothing yet
    services.record_confirm(actor=org.officer_x.user, record=correction)

    assert _total(org) == -1
    shown = {r.pk: r.is_current for r in selectors.record_list(user=org.officer_x.user)}
    assert shown == {record.pk: False, correction.pk: True}


def test_a_superseded_record_cannot_be_corrected_again(org):
    record = confirmed(org)
    services.record_correct(actor=org.officer_x.user, record=record, reason="Wrong.", confirm=True)

    with pytest.raises(ValidationError) as error:
        services.record_correct(actor=org.officer_x.user, record=record, reason="Again.")

    assert _code(error.value) == "integrity.already_superseded"


def test_a_correction_must_say_why(org):
    record = confirmed(org)

    with pytest.raises(ValidationError) as error:
        services.record_correct(actor=org.officer_x.user, record=record, reason="  ")

    assert _code(error.value) == "integrity.reason_required"


def test_the_cadre_acknowledges_a_record_once(org):
    record = confirmed(org)
    services.record_acknowledge(actor=org.cadre_x.user, record=record)

    with pytest.raises(ValidationError) as error:
        services.record_acknowledge(actor=org.cadre_x.user, record=record)

    assert _code(error.value) == "integrity.already_answered"


def test_only_the_cadre_the_record_is_about_answers_it(org):
    record = confirmed(org)

    with pytest.raises(PermissionDenied):
        services.objection_lodge(actor=org.other_cadre_x.user, record=record, statement="No.")


def test_an_objection_after_the_answer_period_is_refused(org, monkeypatch):
    record = confirmed(org)
    late = record.respond_by + timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: late)

    with pytest.raises(ValidationError) as error:
        services.objection_lodge(actor=org.cadre_x.user, record=record, statement="Too late?")

    assert _code(error.value) == "integrity.objection_too_late"


def test_an_upheld_objection_supersedes_the_record_and_changes_the_total(org):
    record = confirmed(org, points=-4)
    objection = services.objection_lodge(
        actor=org.cadre_x.user, record=record, statement="I was on approved leave."
    )
    assert objection.decide_by == add_working_days(
        day=timezone.localdate(), n=services.DECISION_WORKING_DAYS
    )

    services.objection_decide(
        actor=org.second_officer_x.user, objection=objection, upheld=True, reason="Leave found."
    )

    objection.refresh_from_db()
    assert objection.status == RecordResponse.Status.UPHELD
    correction = IntegrityRecord.objects.get(supersedes=record)
    assert correction.status == IntegrityRecord.Status.CONFIRMED
    assert correction.correction_reason == "Leave found."
    assert _total(org) == 0
    assert IntegrityNotice.objects.filter(
        recipient=org.cadre_x, kind=IntegrityNotice.Kind.OBJECTION_UPHELD
    ).exists()


def test_a_rejected_objection_keeps_the_record_and_its_reasons(org):
    record = confirmed(org, points=-4)
    objection = services.objection_lodge(actor=org.cadre_x.user, record=record, statement="No.")

    services.objection_decide(
        actor=org.second_officer_x.user, objection=objection, upheld=False, reason="Log is clear."
    )

    objection.refresh_from_db()
    assert (objection.status, objection.decision_reason) == ("rejected", "Log is clear.")
    assert _total(org) == -4


def test_the_officer_who_recorded_the_record_may_not_decide_the_objection(org):
    record = confirmed(org)
    objection = services.objection_lodge(actor=org.cadre_x.user, record=record, statement="No.")

    with pytest.raises(ValidationError) as error:
        services.objection_decide(
            actor=org.officer_x.user, objection=objection, upheld=False, reason="Stands."
        )

    # The shared rule (kernel.decisions): the decision is about the record's author too,
    # and the refusal names who can decide instead.
    assert _code(error.value) == "decision.about_self"
    assert "Officer Qian (Hall X)" in " ".join(error.value.messages)
    assert "Officer Zhao" not in " ".join(error.value.messages)


def test_an_officer_of_another_hall_may_not_decide_the_objection(org):
    record = confirmed(org)
    objection = services.objection_lodge(actor=org.cadre_x.user, record=record, statement="No.")

    with pytest.raises(PermissionDenied):
        services.objection_decide(
            actor=org.officer_y.user, objection=objection, upheld=True, reason="Yes."
        )


def test_a_decided_objection_is_not_decided_twice(org):
    record = confirmed(org)
    objection = services.objection_lodge(actor=org.cadre_x.user, record=record, statement="No.")
    services.objection_decide(
        actor=org.second_officer_x.user, objection=objection, upheld=False, reason="Stands."
    )

    with pytest.raises(ValidationError) as error:
        services.objection_decide(
            actor=org.second_officer_x.user, objection=objection, upheld=True, reason="Changed."
        )

    assert _code(error.value) == "integrity.objection_not_open"


def test_a_dismissed_draft_is_frozen_and_says_why(org):
    record = services.record_dismiss(actor=org.officer_x.user, record=draft(org), reason="No.")

    with pytest.raises(ValidationError) as error:
        services.record_update(actor=org.officer_x.user, record=record, points=-1)

    assert _code(error.value) == "integrity.record_frozen"


def test_a_proposed_draft_waits_for_an_officer(org):
    record = services.record_propose(
        staff=org.cadre_x,
        category="diligence",
        kind="violation",
        occurred_on=timezone.localdate(),
        facts="Check-in 12:10 for a 11:45 duty.",
        source="duty_checkin",
        points=-1,
    )

    assert record.status == IntegrityRecord.Status.DRAFT
    assert not selectors.record_list(user=org.cadre_x.user).exists()
    assert selectors.record_list(user=org.officer_x.user).filter(pk=record.pk).exists()


def test_a_talk_follow_up_due_date_needs_a_follow_up(org):
    with pytest.raises(ValidationError) as error:
        services.talk_record(
            actor=org.officer_x.user,
            staff=org.cadre_x,
            kind="admonishment",
            held_on=timezone.localdate(),
            participants="Officer Zhao, Li Na",
            summary="Admonished for lateness.",
            follow_up_due=timezone.localdate() + timedelta(days=5),
        )

    assert _code(error.value) == "integrity.follow_up_due"


def test_credit_shortfall_uses_the_nearest_units_requirement(org):
    year = timezone.localdate().year
    services.credit_requirement_set(
        actor=_bureau_officer(org).user,
        unit=org.bureau,
        year=year,
        required_credits=Decimal(12),
    )
    services.credit_requirement_set(
        actor=org.officer_x.user, unit=org.hall_x, year=year, required_credits=Decimal(8)
    )
    services.training_credit_record(
        actor=org.officer_x.user,
        staff=org.cadre_x,
        course="Tax law",
        hours=Decimal(6),
        credits=Decimal(3),
        completed_on=timezone.localdate(),
    )

    mine = selectors.credit_shortfall_for_staff(
        user=org.officer_x.user, staff=org.cadre_x, year=year
    )
    short_y = selectors.credit_shortfall_for_unit(user=org.leader.user, unit=org.hall_y, year=year)

    assert (mine.required, mine.earned, mine.shortfall) == (8, 3, 5)
    assert [(row.staff, row.shortfall) for row in short_y] == [
        (org.cadre_y, 12),
        (org.officer_y, 12),
    ]


def _bureau_officer(org):
    from kernel.roles import Role
    from tests import factories

    return factories.staff(unit=org.bureau, roles=(Role.CADRE, Role.INTEGRITY_OFFICER))
