"""Grades by band, the "excellent" quota applied by rank, its tie rule, and grade bars."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment import scoring, services
from assessment.errors import AssessmentError
from assessment.models import Grade, Period, Result, Score
from assessment.providers import MetricProvider, metric_providers
from tests.assessment.conftest import advance_to, build_world, open_period, score_everyone

D = Decimal

# Pure arithmetic, but generating inputs is slow on a loaded 2-core machine (other suites
# share it): no deadline and no "too slow" health check, as tests/staffmgmt does.
LOADED_MACHINE = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def candidates(*scores):
    return [
        scoring.Candidate(key=i, score=D(s), grade=Grade.EXCELLENT) for i, s in enumerate(scores)
    ]


def test_the_quota_is_20_percent_of_the_unit_rounded_down():
    assert scoring.quota_size(9, D(20)) == 1
    assert scoring.quota_size(10, D(20)) == 2
    assert scoring.quota_size(4, D(20)) == 0


def test_the_best_within_the_quota_stay_excellent_the_rest_become_competent():
    people = candidates(95, 99, 92)
    scoring.apply_quota(people, quota=1)
    assert [p.grade for p in people] == [Grade.COMPETENT, Grade.EXCELLENT, Grade.COMPETENT]
    assert people[0].notes[0]["code"] == "quota"


def test_ties_at_the_edge_of_the_quota_leave_all_the_tied_out():
    people = candidates(99, 95, 95)
    scoring.apply_quota(people, quota=2)
    assert [p.grade for p in people] == [Grade.EXCELLENT, Grade.COMPETENT, Grade.COMPETENT]
    assert {n["code"] for p in people[1:] for n in p.notes} == {"quota_tie"}


def test_ties_that_fit_inside_the_quota_all_stay_excellent():
    people = candidates(95, 95, 90)
    scoring.apply_quota(people, quota=2)
    assert [p.grade for p in people] == [Grade.EXCELLENT, Grade.EXCELLENT, Grade.COMPETENT]


@LOADED_MACHINE
@given(
    scores=st.lists(st.integers(min_value=90, max_value=100), min_size=0, max_size=30),
    quota=st.integers(min_value=0, max_value=10),
)
def test_the_quota_is_never_exceeded_and_equal_scores_get_equal_grades(scores, quota):
    people = candidates(*scores)
    scoring.apply_quota(people, quota=quota)
    assert sum(p.grade == Grade.EXCELLENT for p in people) <= quota
    by_score = {}
    for p in people:
        by_score.setdefault(p.score, set()).add(p.grade)
    assert all(len(grades) == 1 for grades in by_score.values())


def test_bands_decide_the_proposed_grade():
    bands = {"excellent": D(90), "competent": D(70), "basic": D(60)}
    assert scoring.band_grade(D(90), **bands) == Grade.EXCELLENT
    assert scoring.band_grade(D("89.99"), **bands) == Grade.COMPETENT
    assert scoring.band_grade(D(60), **bands) == Grade.BASIC
    assert scoring.band_grade(D("59.99"), **bands) == Grade.INCOMPETENT


def test_competition_ranks_share_a_place_on_equal_scores():
    assert scoring.ranks([(1, D(90)), (2, D(95)), (3, D(90)), (4, D(80))]) == {
        2: 1,
        1: 2,
        3: 2,
        4: 4,
    }


# --- through the services -------------------------------------------------------------


@pytest.fixture
def scored(db):
    world = build_world(cadres=9)
    period = advance_to(open_period(world), Period.State.SCORING, world.manager.user)
    score_everyone(period, world, level_label="Good", actual=100)
    # Cadre 1 does best on performance, cadre 2 next; the rest are tied.
    for cadre, actual in ((world.cadres[0], 100), (world.cadres[1], 99)):
        score = Score.objects.get(member__staff=cadre, indicator__code="declarations")
        services.score_set(actor=world.manager.user, score=score, actual_value=actual)
    for cadre in [*world.cadres[2:], world.manager]:
        score = Score.objects.get(member__staff=cadre, indicator__code="declarations")
        assessor = world.chief if cadre == world.manager else world.manager
        services.score_set(actor=assessor.user, score=score, actual_value=98)
    return world, period


def test_with_ten_in_the_unit_only_two_are_excellent_by_rank(scored):
    world, period = scored
    # Everyone: 90 on the rubrics; performance 100 / 99 / 98 gives 94 / 93.6 / 93.2.
    services.period_compute_results(actor=world.manager.user, period=period)
    excellent = Result.objects.filter(member__period=period, grade=Grade.EXCELLENT)
    assert {r.member.staff_id for r in excellent} == {world.cadres[0].pk, world.cadres[1].pk}
    third = Result.objects.get(member__staff=world.cadres[2])
    assert third.proposed_grade == Grade.COMPETENT
    assert third.notes and third.notes[0]["code"] == "quota"


def test_leadership_cannot_raise_a_grade_beyond_the_quota(scored):
    world, period = scored
    period = advance_to(period, Period.State.REVIEW, world.manager.user)
    third = Result.objects.get(member__staff=world.cadres[2])
    with pytest.raises(ValidationError) as error:
        services.result_grade_change(
            actor=world.leader.user, result=third, grade=Grade.EXCELLENT, reason="Outstanding year"
        )
    assert error.value.error_dict["grade"][0].code == AssessmentError.QUOTA_EXCEEDED


def test_leadership_changes_a_grade_with_a_reason_kept_in_history(scored):
    world, period = scored
    period = advance_to(period, Period.State.REVIEW, world.manager.user)
    first = Result.objects.get(member__staff=world.cadres[0])
    services.result_grade_change(
        actor=world.leader.user, result=first, grade=Grade.COMPETENT, reason="Late reports"
    )
    first.refresh_from_db()
    assert (first.grade, first.proposed_grade) == (Grade.COMPETENT, Grade.EXCELLENT)
    latest = first.history.first()
    assert latest.history_user == world.leader.user
    assert latest.history_change_reason == "Late reports"


def test_a_grade_change_without_a_reason_is_refused(scored):
    world, period = scored
    period = advance_to(period, Period.State.REVIEW, world.manager.user)
    first = Result.objects.get(member__staff=world.cadres[0])
    with pytest.raises(ValidationError) as error:
        services.result_grade_change(
            actor=world.leader.user, result=first, grade="basic", reason=" "
        )
    assert error.value.error_dict["reason"][0].code == AssessmentError.REASON_REQUIRED


def test_a_serious_integrity_violation_bars_excellent_and_says_why(scored):
    world, period = scored
    violations = MetricProvider(
        key="integrity_files.serious_violations",
        label="Serious violations",
        compute=lambda *, staff_ids, start, end: {world.cadres[0].pk: 1},
    )
    with metric_providers.registered(violations):
        services.period_compute_results(actor=world.manager.user, period=period)
    first = Result.objects.get(member__staff=world.cadres[0])
    assert first.proposed_grade == Grade.COMPETENT
    assert first.notes[0]["code"] == "integrity_bar"
