"""The core path through the services: open, score, vote, compute, approve, object."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from assessment import selectors, services
from assessment.errors import AssessmentError
from assessment.models import Grade, Member, Period, Result, Score, VoterMark
from tests.assessment.conftest import advance_to, build_world, open_period, score_everyone


@pytest.fixture
def world(db):
    return build_world(democratic=True)


def test_a_period_enrols_every_active_cadre_of_the_unit_with_a_score_row_per_indicator(world):
    period = open_period(world)

    members = Member.objects.filter(period=period)
    assert members.count() == len(world.cadres) + 1  # the cadres and the manager
    assert Score.objects.filter(member__period=period).count() == members.count() * 5


def test_moving_into_appraisal_is_refused_naming_who_is_not_scored(world):
    period = advance_to(open_period(world), Period.State.SCORING, world.manager.user)
    score_everyone(period, world, only={c.pk for c in world.cadres[1:]} | {world.manager.pk})

    with pytest.raises(ValidationError) as error:
        services.period_advance(actor=world.manager.user, period=period)

    assert error.value.code == AssessmentError.PERIOD_INCOMPLETE
    assert world.cadres[0].name in error.value.messages[0]


def test_full_path_computes_ranks_grades_and_publishes_on_approval(world):
    period = advance_to(open_period(world), Period.State.SCORING, world.manager.user)
    score_everyone(period, world)
    period = services.period_advance(actor=world.manager.user, period=period)
    members = list(Member.objects.filter(period=period).select_related("staff"))
    for voter in members:
        votes = {m.pk: "excellent" for m in members if m.pk != voter.pk}
        services.ballot_cast(actor=voter.staff.user, period=period, votes=votes)
    period = services.period_advance(actor=world.manager.user, period=period)

    results = list(Result.objects.filter(member__period=period))
    assert len(results) == len(members)
    # Everyone: morality/diligence/integrity 90, ability 100 (votes), performance 100.
    assert {r.composite for r in results} == {Decimal("96.00")}
    # Six in the unit: a quota of one; all tied, so nobody is excellent (the tie rule).
    assert all(r.proposed_grade == Grade.COMPETENT for r in results)

    period = services.period_approve(actor=world.leader.user, period=period)
    assert period.state == Period.State.PUBLISHED
    assert VoterMark.objects.filter(period=period).count() == len(members)
    assert selectors.result_list(user=world.cadres[0].user).count() == 1
