"""Objections: within five working days of publication, by the cadre, answered by a
reviewer; an upheld one re-scores and re-ranks with history."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from assessment import services
from assessment.errors import AssessmentError
from assessment.models import Member, Objection, Period, Result, Score
from kernel.errors import DecisionError
from staffmgmt.selectors import add_working_days
from tests.assessment.conftest import advance_to, build_world, open_period, score_everyone


@pytest.fixture
def published(db):
    world = build_world()
    period = advance_to(open_period(world), Period.State.SCORING, world.manager.user)
    score_everyone(period, world, level_label="Good", actual=100)
    # Cadre 1 was scored low on ethics; the others are all equal.
    low = Score.objects.get(member__staff=world.cadres[0], indicator__code="ethics")
    services.score_set(
        actor=world.manager.user,
        score=low,
        level=low.indicator.levels.get(label="Poor"),
        comment="late",
    )
    period = advance_to(period, Period.State.REVIEW, world.manager.user)
    period = services.period_approve(actor=world.leader.user, period=period)
    member = Member.objects.get(period=period, staff=world.cadres[0])
    return world, period, member, low


def test_a_cadre_objects_to_a_score_and_an_upheld_answer_rescores_and_reranks(published):
    world, period, member, low = published
    before = Result.objects.get(member=member)
    assert before.rank_in_unit == Member.objects.filter(period=period).count()

    objection = services.objection_file(
        actor=world.cadres[0].user, member=member, score=low, statement="I was on approved leave."
    )
    services.objection_answer(
        actor=world.manager.user,
        objection=objection,
        upheld=True,
        answer="Leave confirmed.",
        level=low.indicator.levels.get(label="Good"),
    )

    after = Result.objects.get(member=member)
    assert after.composite > before.composite
    assert after.rank_in_unit == 1
    low.refresh_from_db()
    assert low.history.first().history_change_reason.startswith("Objection upheld")
    assert after.history.first().history_user == world.manager.user
    assert Objection.objects.get().status == Objection.Status.UPHELD


def test_a_rejected_objection_changes_no_score(published):
    world, _period, member, low = published
    objection = services.objection_file(
        actor=world.cadres[0].user, member=member, score=low, statement="Too harsh."
    )
    services.objection_answer(
        actor=world.manager.user, objection=objection, upheld=False, answer="The record stands."
    )
    low.refresh_from_db()
    assert low.level.label == "Poor"
    assert Objection.objects.get().status == Objection.Status.REJECTED


def test_an_objection_after_five_working_days_is_refused(published):
    world, _period, member, low = published
    deadline = add_working_days(day=timezone.localdate(), n=5)
    day_after = deadline + timedelta(days=1)
    with (
        mock.patch("django.utils.timezone.localdate", return_value=day_after),
        pytest.raises(ValidationError) as error,
    ):
        services.objection_file(
            actor=world.cadres[0].user, member=member, score=low, statement="Late."
        )
    assert error.value.code == AssessmentError.OBJECTION_WINDOW_CLOSED


def test_an_objection_on_the_last_day_is_accepted(published):
    world, _period, member, low = published
    deadline = add_working_days(day=timezone.localdate(), n=5)
    with mock.patch("django.utils.timezone.localdate", return_value=deadline):
        services.objection_file(
            actor=world.cadres[0].user, member=member, score=low, statement="Just in time."
        )
    assert Objection.objects.count() == 1


def test_nobody_objects_for_someone_else(published):
    world, _period, member, _low = published
    with pytest.raises(PermissionDenied):
        services.objection_file(
            actor=world.cadres[1].user, member=member, statement="For a friend."
        )


def test_an_objection_needs_a_statement(published):
    world, _period, member, _low = published
    with pytest.raises(ValidationError) as error:
        services.objection_file(actor=world.cadres[0].user, member=member, statement="  ")
    assert error.value.error_dict["statement"][0].code == AssessmentError.REASON_REQUIRED


def test_the_objector_cannot_answer_their_own_objection(published):
    world, period, _member, _low = published
    own = Member.objects.get(period=period, staff=world.manager)
    objection = services.objection_file(actor=world.manager.user, member=own, statement="Mine.")
    with pytest.raises(ValidationError) as error:
        services.objection_answer(
            actor=world.manager.user, objection=objection, upheld=False, answer="No."
        )
    assert error.value.code == DecisionError.ABOUT_SELF


def test_published_results_are_frozen_outside_an_objection(published):
    world, period, _member, low = published
    with pytest.raises(ValidationError) as error:
        services.score_set(
            actor=world.manager.user, score=low, level=low.indicator.levels.first(), comment="x"
        )
    assert error.value.code == AssessmentError.PERIOD_FROZEN
    with pytest.raises(ValidationError) as error:
        services.period_compute_results(actor=world.manager.user, period=period)
    assert error.value.code == AssessmentError.PERIOD_FROZEN


def test_rewards_and_punishments_are_recorded_against_published_results(published):
    world, _period, member, _low = published
    result = Result.objects.get(member=member)
    record = services.reward_record(
        actor=world.leader.user, result=result, kind="talk", note="Punctuality talk"
    )
    assert record.history.first().history_user == world.leader.user
