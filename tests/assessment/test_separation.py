"""Separation of duties: nobody scores themselves, approves their own grade or answers
their own objection; each refusal carries its code."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assessment import services
from assessment.models import Grade, Period, Result, Score
from kernel.errors import DecisionError
from kernel.roles import Role
from tests import factories
from tests.assessment.conftest import advance_to, build_world, open_period, score_everyone


@pytest.fixture
def world(db):
    return build_world()


def test_an_assessor_never_scores_themselves(world):
    advance_to(open_period(world), Period.State.SCORING, world.manager.user)
    own = Score.objects.get(member__staff=world.manager, indicator__code="declarations")
    with pytest.raises(ValidationError) as error:
        services.score_set(actor=world.manager.user, score=own, actual_value=100)
    assert error.value.code == DecisionError.ABOUT_SELF


def test_a_leader_graded_in_the_period_cannot_approve_it(world):
    # A hall leader, assessed with the hall, is refused; the bureau leader is not.
    hall_leader = factories.staff(unit=world.hall, roles=(Role.CADRE, Role.LEADERSHIP))
    period = advance_to(open_period(world), Period.State.SCORING, world.manager.user)
    score_everyone(period, world)
    for score in Score.objects.filter(member__staff=hall_leader).select_related("indicator"):
        if score.indicator.kind == "rubric":
            services.score_set(
                actor=world.manager.user,
                score=score,
                level=score.indicator.levels.first(),
                comment="ok",
            )
        else:
            services.score_set(actor=world.manager.user, score=score, actual_value=90)
    period = advance_to(period, Period.State.REVIEW, world.manager.user)

    with pytest.raises(ValidationError) as error:
        services.period_approve(actor=hall_leader.user, period=period)
    assert error.value.code == DecisionError.ABOUT_SELF

    own = Result.objects.get(member__staff=hall_leader)
    with pytest.raises(ValidationError) as error:
        services.result_grade_change(
            actor=hall_leader.user, result=own, grade=Grade.BASIC, reason="modest"
        )
    assert error.value.code == DecisionError.ABOUT_SELF

    assert services.period_approve(actor=world.leader.user, period=period).state == "published"


def test_a_manager_is_not_leadership_and_cannot_approve(world):
    period = advance_to(open_period(world), Period.State.SCORING, world.manager.user)
    score_everyone(period, world)
    period = advance_to(period, Period.State.REVIEW, world.manager.user)
    with pytest.raises(PermissionDenied):
        services.period_approve(actor=world.manager.user, period=period)
