"""The scoring rules at their edges, and properties that hold for every input."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment import scoring
from assessment.errors import AssessmentError
from assessment.models import Indicator

R = Indicator.Rule
D = Decimal

amounts = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False)
positive = st.decimals(min_value=D("0.01"), max_value=10**6, places=2, allow_nan=False)
points = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False)

# Pure arithmetic, but generating inputs is slow on a loaded 2-core machine (other suites
# share it): no deadline and no "too slow" health check, as tests/staffmgmt does.
LOADED_MACHINE = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- ratio to target, capped ----------------------------------------------------------


def ratio(actual, target, cap=100):
    params = scoring.validate_rule(R.RATIO_CAPPED, {"cap": cap}, D(target))
    return scoring.apply_rule(R.RATIO_CAPPED, params, actual=D(actual), target=D(target))


def test_ratio_at_target_is_full_points():
    assert ratio(100, 100) == 100


def test_ratio_below_target_is_proportional():
    assert ratio(75, 100) == 75


def test_ratio_above_target_stops_at_the_cap():
    assert ratio(130, 100, cap=90) == 90


def test_ratio_of_nothing_is_zero():
    assert ratio(0, 100) == 0


def test_ratio_needs_a_target_above_zero():
    with pytest.raises(ValidationError) as error:
        scoring.validate_rule(R.RATIO_CAPPED, {"cap": 100}, D(0))
    assert error.value.error_dict["target_value"][0].code == AssessmentError.RULE_PARAMS_INVALID


def test_ratio_cap_above_100_is_refused():
    with pytest.raises(ValidationError):
        scoring.validate_rule(R.RATIO_CAPPED, {"cap": 101}, D(10))


@LOADED_MACHINE
@given(
    actual=amounts, target=positive, cap=st.decimals(min_value=D("0.01"), max_value=100, places=2)
)
def test_ratio_points_stay_between_zero_and_the_cap(actual, target, cap):
    assert 0 <= ratio(actual, target, cap) <= cap


@LOADED_MACHINE
@given(a=amounts, b=amounts, target=positive)
def test_ratio_never_falls_when_the_actual_rises(a, b, target):
    low, high = sorted((a, b))
    assert ratio(low, target) <= ratio(high, target)


# --- thresholds ---------------------------------------------------------------------

STEPS = {"steps": [{"at_least": 95, "points": 70}, {"at_least": 99, "points": 100}]}


def thresholds(actual):
    params = scoring.validate_rule(R.THRESHOLDS, STEPS, None)
    return scoring.apply_rule(R.THRESHOLDS, params, actual=D(actual), target=None)


def test_threshold_reached_exactly_gives_its_points():
    assert thresholds(99) == 100
    assert thresholds(95) == 70


def test_just_below_a_threshold_gives_the_lower_step():
    assert thresholds(D("98.99")) == 70


def test_below_every_threshold_is_zero():
    assert thresholds(D("94.99")) == 0


def test_two_thresholds_at_one_value_are_refused():
    bad = {"steps": [{"at_least": 1, "points": 5}, {"at_least": 1, "points": 9}]}
    with pytest.raises(ValidationError):
        scoring.validate_rule(R.THRESHOLDS, bad, None)


def test_threshold_points_above_100_are_refused():
    with pytest.raises(ValidationError):
        scoring.validate_rule(R.THRESHOLDS, {"steps": [{"at_least": 1, "points": 120}]}, None)


@LOADED_MACHINE
@given(
    steps=st.lists(st.tuples(amounts, points), min_size=1, max_size=6, unique_by=lambda s: s[0]),
    actual=amounts,
)
def test_threshold_points_are_always_one_of_the_steps_or_zero(steps, actual):
    params = scoring.validate_rule(
        R.THRESHOLDS, {"steps": [{"at_least": a, "points": p} for a, p in steps]}, None
    )
    result = scoring.apply_rule(R.THRESHOLDS, params, actual=actual, target=None)
    assert result in {D(p) for _a, p in steps} | {D(0)}


# --- deduction with a floor -----------------------------------------------------------


def deduction(occurrences, per=5, floor=40):
    params = scoring.validate_rule(R.DEDUCTION, {"per_occurrence": per, "floor": floor}, None)
    return scoring.apply_rule(R.DEDUCTION, params, actual=D(occurrences), target=None)


def test_no_occurrence_is_full_points():
    assert deduction(0) == 100


def test_each_occurrence_deducts():
    assert deduction(3) == 85


def test_deductions_stop_at_the_floor():
    assert deduction(12) == 40
    assert deduction(1000) == 40


def test_a_deduction_of_zero_per_occurrence_is_refused():
    with pytest.raises(ValidationError):
        scoring.validate_rule(R.DEDUCTION, {"per_occurrence": 0}, None)


@LOADED_MACHINE
@given(occurrences=amounts, per=positive, floor=points)
def test_deduction_points_stay_between_the_floor_and_100(occurrences, per, floor):
    assert floor <= deduction(occurrences, per, floor) <= 100


# --- the formula in words ---------------------------------------------------------------


def test_each_rule_is_stated_in_words_with_its_figures():
    ratio_params = scoring.validate_rule(R.RATIO_CAPPED, {"cap": 90}, D(1200))
    assert "1200" in scoring.rule_in_words(R.RATIO_CAPPED, ratio_params, D(1200))
    assert "90" in scoring.rule_in_words(R.RATIO_CAPPED, ratio_params, D(1200))
    steps = scoring.validate_rule(R.THRESHOLDS, STEPS, None)
    assert "99: 100" in scoring.rule_in_words(R.THRESHOLDS, steps, None)
    deduct = scoring.validate_rule(R.DEDUCTION, {"per_occurrence": 5, "floor": 40}, None)
    words = scoring.rule_in_words(R.DEDUCTION, deduct, None)
    assert "5 per occurrence" in words and "40" in words


# --- weights and the composite -----------------------------------------------------------


def test_weights_that_add_up_raise_no_problem():
    assert (
        scoring.weight_problems({"a": D(60), "b": D(40)}, {"a": [D(100)], "b": [D(50), D(50)]})
        == []
    )


def test_weight_problems_say_where_they_do_not_add_up():
    problems = scoring.weight_problems({"a": D(60), "b": D(30)}, {"a": [D(100)], "b": [D(70)]})
    assert [p.where for p in problems] == ["scheme", "b"]
    assert "90" in problems[0].message()
    assert "70" in problems[1].message()


def test_a_dimension_without_indicators_is_a_problem():
    problems = scoring.weight_problems({"a": D(100)}, {})
    assert [p.where for p in problems] == ["a"]


@LOADED_MACHINE
@given(
    dims=st.lists(
        st.tuples(st.integers(min_value=0, max_value=100), st.one_of(st.none(), points)),
        min_size=1,
        max_size=5,
    )
)
def test_the_composite_stays_between_0_and_100_and_is_the_sum_of_its_terms(dims):
    scores = {f"d{i}": (D(w), s) for i, (w, s) in enumerate(dims)}
    total, terms = scoring.composite(scores)
    assert 0 <= total <= 100
    assert abs(sum(t.contribution for t in terms) - total) < D("0.0001")


@LOADED_MACHINE
@given(
    pairs=st.lists(
        st.tuples(st.integers(min_value=1, max_value=100), points), min_size=1, max_size=8
    )
)
def test_a_weighted_mean_lies_between_the_lowest_and_highest_score(pairs):
    mean = scoring.weighted_mean([(D(w), s) for w, s in pairs])
    assert (
        min(s for _w, s in pairs) - D("0.0001") <= mean <= max(s for _w, s in pairs) + D("0.0001")
    )


def test_an_unknown_score_shares_its_weight_among_the_known_ones():
    assert scoring.weighted_mean([(D(60), D(80)), (D(40), None)]) == 80


# --- democratic appraisal points -----------------------------------------------------------


def test_votes_below_the_minimum_do_not_count():
    assert scoring.democratic_points({"excellent": 2}, min_votes=3) is None


def test_votes_convert_by_the_stated_rule():
    points = scoring.democratic_points(
        {"excellent": 1, "competent": 1, "incompetent": 2}, min_votes=3
    )
    assert points == D(45)


@LOADED_MACHINE
@given(
    tally=st.dictionaries(
        st.sampled_from(["excellent", "competent", "basic", "incompetent"]),
        st.integers(min_value=0, max_value=50),
    )
)
def test_vote_points_stay_between_0_and_100(tally):
    points = scoring.democratic_points(tally, min_votes=1)
    assert points is None or 0 <= points <= 100
