"""Periods: the scheme version in force when opened, stages in order with their checks,
score history with who and why."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assessment import services
from assessment.errors import AssessmentError
from assessment.models import Member, Period, Scheme, Score
from kernel.errors import ConfirmationRequired
from tests.assessment.conftest import (
    POST_TYPE,
    advance_to,
    build_world,
    open_period,
    score_everyone,
    simple_dimensions,
)


@pytest.fixture
def world(db):
    return build_world(democratic=True)


def test_a_period_uses_the_scheme_version_in_force_when_it_opened(world):
    first = open_period(world)
    newer = services.scheme_create(
        actor=world.manager.user,
        post_type=POST_TYPE,
        name="Window posts 2",
        valid_from=date(2021, 1, 1),
        dimensions=simple_dimensions(),
    )
    services.scheme_activate(actor=world.manager.user, scheme=newer)
    second = open_period(world)

    assert newer.version == 2
    assert set(Member.objects.filter(period=first).values_list("scheme", flat=True)) == {
        world.scheme.pk
    }
    assert set(Member.objects.filter(period=second).values_list("scheme", flat=True)) == {newer.pk}


def test_a_scheme_whose_weights_do_not_add_up_is_not_put_in_force(world):
    dims = simple_dimensions()
    dims[0]["weight"] = 25
    draft = services.scheme_create(
        actor=world.manager.user,
        post_type="back",
        name="Back",
        valid_from=date(2020, 1, 1),
        dimensions=dims,
    )
    with pytest.raises(ValidationError) as error:
        services.scheme_activate(actor=world.manager.user, scheme=draft)
    assert error.value.error_dict["dimensions"][0].code == AssessmentError.WEIGHTS_DO_NOT_ADD_UP
    assert "105" in error.value.messages[0]
    draft.refresh_from_db()
    assert draft.status == Scheme.Status.DRAFT


def test_a_period_without_a_scheme_in_force_is_refused(world):
    with pytest.raises(ValidationError) as error:
        services.period_create(
            actor=world.manager.user,
            name="X",
            kind="monthly",
            unit=world.hall,
            start_date=date(2026, 1, 1),
            end_date=date(2026, 1, 31),
            post_type="unknown",
        )
    assert error.value.error_dict["post_type"][0].code == AssessmentError.NO_SCHEME_IN_FORCE
    assert not Period.objects.exists()


def test_closing_the_appraisal_asks_to_confirm_when_some_have_not_voted(world):
    period = advance_to(open_period(world), Period.State.SCORING, world.manager.user)
    score_everyone(period, world)
    period = services.period_advance(actor=world.manager.user, period=period)
    with pytest.raises(ConfirmationRequired) as needed:
        services.period_advance(actor=world.manager.user, period=period)
    assert len(needed.value.warnings) == Member.objects.filter(period=period).count()
    period.refresh_from_db()
    assert period.state == Period.State.DEMOCRATIC


def test_review_is_left_only_by_approval(world):
    period = advance_to(open_period(world), Period.State.SCORING, world.manager.user)
    score_everyone(period, world)
    period = advance_to(period, Period.State.REVIEW, world.manager.user)
    with pytest.raises(ValidationError) as error:
        services.period_advance(actor=world.manager.user, period=period)
    assert error.value.code == AssessmentError.PERIOD_STATE


def test_scores_are_entered_only_while_scoring(world):
    open_period(world)
    score = Score.objects.filter(
        member__staff=world.cadres[0], indicator__code="declarations"
    ).get()
    with pytest.raises(ValidationError) as error:
        services.score_set(actor=world.manager.user, score=score, actual_value=1)
    assert error.value.code == AssessmentError.PERIOD_STATE


def test_every_score_change_is_in_history_with_who_and_why(world):
    advance_to(open_period(world), Period.State.SCORING, world.manager.user)
    score = Score.objects.get(member__staff=world.cadres[0], indicator__code="declarations")
    services.score_set(actor=world.manager.user, score=score, actual_value=80)
    services.score_set(actor=world.manager.user, score=score, actual_value=90, reason="Recount")
    history = list(score.history.all()[:2])
    assert [h.points for h in history] == [90, 80]
    assert history[0].history_user == world.manager.user
    assert history[0].history_change_reason == "Recount"


def test_a_rubric_score_needs_a_comment(world):
    advance_to(open_period(world), Period.State.SCORING, world.manager.user)
    score = Score.objects.get(member__staff=world.cadres[0], indicator__code="ethics")
    with pytest.raises(ValidationError) as error:
        services.score_set(
            actor=world.manager.user, score=score, level=score.indicator.levels.first()
        )
    assert error.value.error_dict["comment"][0].code == AssessmentError.COMMENT_REQUIRED


def test_a_level_of_another_indicator_is_refused(world):
    advance_to(open_period(world), Period.State.SCORING, world.manager.user)
    score = Score.objects.get(member__staff=world.cadres[0], indicator__code="ethics")
    other = Score.objects.get(member__staff=world.cadres[0], indicator__code="clean")
    with pytest.raises(ValidationError) as error:
        services.score_set(
            actor=world.manager.user, score=score, level=other.indicator.levels.first(), comment="x"
        )
    assert error.value.error_dict["level"][0].code == AssessmentError.LEVEL_NOT_OF_INDICATOR


def test_self_assessment_is_shown_and_not_counted_unless_the_scheme_says_so(world):
    period = advance_to(open_period(world), Period.State.SELF_ASSESSMENT, world.manager.user)
    member = Member.objects.get(period=period, staff=world.cadres[0])
    ethics = Score.objects.get(member=member, indicator__code="ethics")
    services.self_assessment_save(
        actor=world.cadres[0].user,
        member=member,
        summary="A good quarter.",
        self_levels={ethics.pk: ethics.indicator.levels.get(label="Good")},
    )
    period = advance_to(period, Period.State.SCORING, world.manager.user)
    services.period_compute_results(actor=world.manager.user, period=period)
    ethics.refresh_from_db()
    assert ethics.self_level.label == "Good"
    assert ethics.points is None and not ethics.counted


def test_only_the_cadre_writes_their_self_assessment(world):
    period = advance_to(open_period(world), Period.State.SELF_ASSESSMENT, world.manager.user)
    member = Member.objects.get(period=period, staff=world.cadres[0])
    with pytest.raises(PermissionDenied):
        services.self_assessment_save(
            actor=world.manager.user, member=member, summary="x", self_levels={}
        )
