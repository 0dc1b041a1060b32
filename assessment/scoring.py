"""The arithmetic of assessment, pure (no queries): scoring rules, the formula in words,
weights, the composite, grade bands and the "excellent" quota.

Everything is on a 0-100 scale and in Decimal, rounded to two places only when shown or
stored, so the weighted sums the scorecard shows add up to the composite it states.
"""

# The formulas use the multiplication, division and minus signs on purpose: cadres read
# them on the scorecard.
# ruff: noqa: RUF001

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from assessment.errors import AssessmentError
from assessment.models import GRADE_ORDER, Grade, Indicator, Vote
from kernel.errors import invalid

HUNDRED = Decimal(100)
ZERO = Decimal(0)
CENT = Decimal("0.01")


def q2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _dec(value, *, name: str) -> Decimal:
    try:
        result = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError) as error:
        raise invalid(
            AssessmentError.RULE_PARAMS_INVALID,
            _("“%(name)s” must be a number.") % {"name": name},
            field="rule_params",
        ) from error
    if not result.is_finite():
        raise invalid(
            AssessmentError.RULE_PARAMS_INVALID,
            _("“%(name)s” must be a number.") % {"name": name},
            field="rule_params",
        )
    return result


def _clamp(value: Decimal, low: Decimal = ZERO, high: Decimal = HUNDRED) -> Decimal:
    return max(low, min(high, value))


# --- scoring rules ------------------------------------------------------------------


def validate_rule(rule: str, params: dict, target: Decimal | None) -> dict:
    """The rule's parameters, checked and normalised (numbers as strings); a coded
    ValidationError on `rule_params` when they make no sense."""
    params = dict(params or {})
    if rule == Indicator.Rule.RATIO_CAPPED:
        if target is None or target <= 0:
            raise invalid(
                AssessmentError.RULE_PARAMS_INVALID,
                _("A ratio to target needs a target above zero."),
                field="target_value",
            )
        cap = _dec(params.get("cap", 100), name="cap")
        if not ZERO < cap <= HUNDRED:
            raise invalid(
                AssessmentError.RULE_PARAMS_INVALID,
                _("The cap must be above 0 and at most 100 points."),
                field="rule_params",
            )
        return {"cap": str(cap)}
    if rule == Indicator.Rule.THRESHOLDS:
        steps = params.get("steps")
        if not isinstance(steps, list) or not steps:
            raise invalid(
                AssessmentError.RULE_PARAMS_INVALID,
                _("Thresholds need at least one step of “at least” and “points”."),
                field="rule_params",
            )
        normalised = []
        for step in steps:
            if not isinstance(step, dict):
                raise invalid(
                    AssessmentError.RULE_PARAMS_INVALID,
                    _("Thresholds need at least one step of “at least” and “points”."),
                    field="rule_params",
                )
            at_least = _dec(step.get("at_least"), name="at_least")
            points = _dec(step.get("points"), name="points")
            if not ZERO <= points <= HUNDRED:
                raise invalid(
                    AssessmentError.RULE_PARAMS_INVALID,
                    _("Points of a threshold must be between 0 and 100."),
                    field="rule_params",
                )
            normalised.append((at_least, points))
        normalised.sort(reverse=True)
        if len({at_least for at_least, _points in normalised}) != len(normalised):
            raise invalid(
                AssessmentError.RULE_PARAMS_INVALID,
                _("Two thresholds start at the same value."),
                field="rule_params",
            )
        return {"steps": [{"at_least": str(a), "points": str(p)} for a, p in normalised]}
    if rule == Indicator.Rule.DEDUCTION:
        per = _dec(params.get("per_occurrence"), name="per_occurrence")
        floor = _dec(params.get("floor", 0), name="floor")
        if per <= 0 or not ZERO <= floor <= HUNDRED:
            raise invalid(
                AssessmentError.RULE_PARAMS_INVALID,
                _("A deduction needs points per occurrence above 0 and a floor from 0 to 100."),
                field="rule_params",
            )
        return {"per_occurrence": str(per), "floor": str(floor)}
    raise invalid(AssessmentError.RULE_PARAMS_INVALID, _("Choose a scoring rule."), field="rule")


def apply_rule(rule: str, params: dict, *, actual: Decimal, target: Decimal | None) -> Decimal:
    """Points (0-100) for an actual value. `params` as `validate_rule` returns them."""
    actual = Decimal(actual)
    if rule == Indicator.Rule.RATIO_CAPPED:
        cap = Decimal(params.get("cap", "100"))
        if target is None or target <= 0:
            return ZERO
        return _clamp(HUNDRED * actual / Decimal(target), ZERO, cap)
    if rule == Indicator.Rule.THRESHOLDS:
        for step in params.get("steps", []):
            if actual >= Decimal(step["at_least"]):
                return _clamp(Decimal(step["points"]))
        return ZERO
    if rule == Indicator.Rule.DEDUCTION:
        per = Decimal(params["per_occurrence"])
        floor = Decimal(params.get("floor", "0"))
        occurrences = max(actual, ZERO)
        return _clamp(HUNDRED - per * occurrences, floor, HUNDRED)
    return ZERO


def _num(value) -> str:
    value = Decimal(value).normalize()
    return f"{value:f}"


def rule_in_words(rule: str, params: dict, target: Decimal | None) -> str:
    """The formula as the cadre reads it on the scorecard."""
    if rule == Indicator.Rule.RATIO_CAPPED:
        return _("Points = 100 × actual ÷ target (target %(target)s), at most %(cap)s points.") % {
            "target": _num(target or 0),
            "cap": _num(params.get("cap", 100)),
        }
    if rule == Indicator.Rule.THRESHOLDS:
        parts = [
            _("at least %(at_least)s: %(points)s points")
            % {"at_least": _num(step["at_least"]), "points": _num(step["points"])}
            for step in params.get("steps", [])
        ]
        return _("Points by threshold: %(steps)s; below that: 0 points.") % {
            "steps": "; ".join(parts)
        }
    if rule == Indicator.Rule.DEDUCTION:
        return _("Points = 100 − %(per)s per occurrence, never below %(floor)s points.") % {
            "per": _num(params["per_occurrence"]),
            "floor": _num(params.get("floor", 0)),
        }
    return _("Scored by an assessor on the rubric levels.")


# --- democratic appraisal -------------------------------------------------------------

VOTE_POINTS = {
    Vote.Choice.EXCELLENT: Decimal(100),
    Vote.Choice.COMPETENT: Decimal(80),
    Vote.Choice.BASIC: Decimal(60),
    Vote.Choice.INCOMPETENT: Decimal(0),
}


def democratic_points(tally: dict[str, int], *, min_votes: int) -> Decimal | None:
    """Mean of the vote points (excellent 100, competent 80, basically competent 60,
    incompetent 0); None (not counted) below `min_votes` votes."""
    votes = sum(tally.values())
    if votes == 0 or votes < min_votes:
        return None
    total = sum(VOTE_POINTS[Vote.Choice(choice)] * count for choice, count in tally.items())
    return total / votes


def democratic_rule_in_words(min_votes: int) -> str:
    return _(
        "Points = mean of the votes: excellent 100, competent 80, basically competent 60, "
        "incompetent 0; counts only with at least %(min)d votes."
    ) % {"min": min_votes}


# --- weights and the composite ----------------------------------------------------------


@dataclass(frozen=True)
class WeightProblem:
    where: str  # "scheme" or the dimension's code
    total: Decimal

    def message(self) -> str:
        if self.where == "scheme":
            return _("The dimension weights add up to %(total)s%%, not 100%%.") % {
                "total": _num(self.total)
            }
        return _("The indicator weights of %(dimension)s add up to %(total)s%%, not 100%%.") % {
            "dimension": self.where,
            "total": _num(self.total),
        }


def weight_problems(
    dimension_weights: dict[str, Decimal], indicator_weights: dict[str, list[Decimal]]
) -> list[WeightProblem]:
    """Where weights do not add up to 100: the scheme's dimensions, and inside each
    dimension that has indicators (a dimension with no indicators is a problem too)."""
    problems = []
    total = sum(dimension_weights.values(), ZERO)
    if total != HUNDRED:
        problems.append(WeightProblem("scheme", total))
    for dimension in dimension_weights:
        weights = indicator_weights.get(dimension, [])
        inner = sum(weights, ZERO)
        if inner != HUNDRED:
            problems.append(WeightProblem(dimension, inner))
    return problems


@dataclass
class Term:
    dimension: str
    weight: Decimal
    score: Decimal | None
    contribution: Decimal = ZERO
    effective_weight: Decimal = ZERO

    def as_json(self) -> dict:
        return {
            "dimension": self.dimension,
            "weight": str(self.weight),
            "effective_weight": str(q2(self.effective_weight)),
            "score": None if self.score is None else str(q2(self.score)),
            "contribution": str(q2(self.contribution)),
        }


def weighted_mean(pairs: Iterable[tuple[Decimal, Decimal | None]]) -> Decimal | None:
    """Σ w·x ÷ Σ w over the pairs whose x is known; None when none is. Weights of the
    unknown ones are thereby shared out in proportion among the known ones."""
    known = [(w, x) for w, x in pairs if x is not None and w > 0]
    total = sum((w for w, _x in known), ZERO)
    if total == 0:
        return None
    return sum((w * x for w, x in known), ZERO) / total


def composite(
    dimension_scores: dict[str, tuple[Decimal, Decimal | None]],
) -> tuple[Decimal, list[Term]]:
    """The composite (0-100) and its terms: dimension → (weight, score or None)."""
    known_total = sum((w for w, s in dimension_scores.values() if s is not None and w > 0), ZERO)
    terms = []
    total = ZERO
    for dimension, (weight, score) in dimension_scores.items():
        term = Term(dimension=dimension, weight=weight, score=score)
        if score is not None and weight > 0 and known_total > 0:
            term.effective_weight = HUNDRED * weight / known_total
            term.contribution = term.effective_weight * score / HUNDRED
            total += term.contribution
        terms.append(term)
    return _clamp(total), terms


# --- grades and the quota ---------------------------------------------------------------


def band_grade(score: Decimal, *, excellent: Decimal, competent: Decimal, basic: Decimal) -> str:
    if score >= excellent:
        return Grade.EXCELLENT
    if score >= competent:
        return Grade.COMPETENT
    if score >= basic:
        return Grade.BASIC
    return Grade.INCOMPETENT


def quota_size(unit_size: int, percent: Decimal) -> int:
    """How many of a unit may be "excellent": the percentage of its size, rounded down."""
    return math.floor(Decimal(unit_size) * Decimal(percent) / HUNDRED)


@dataclass
class Candidate:
    key: int
    score: Decimal
    grade: str
    # Grades this candidate may not receive, with the reason (code, message).
    bars: dict[str, tuple[str, str]] = field(default_factory=dict)
    notes: list[dict] = field(default_factory=list)


def cap_grade(candidate: Candidate) -> None:
    """Lower the grade below every barred grade, noting why."""
    while candidate.grade in candidate.bars:
        code, message = candidate.bars[candidate.grade]
        index = GRADE_ORDER.index(Grade(candidate.grade))
        if index + 1 >= len(GRADE_ORDER):
            break
        candidate.grade = GRADE_ORDER[index + 1]
        candidate.notes.append({"code": code, "message": message})


def apply_quota(candidates: Sequence[Candidate], *, quota: int) -> None:
    """Keep at most `quota` "excellent" grades among the candidates (one unit), by score.

    Tie rule at the boundary: when the candidates tied on the last place that fits
    cannot all have "excellent" within the quota, none of the tied ones gets it (equal
    scores get equal grades, and the quota is never exceeded). Those who lose "excellent"
    become "competent", with a note saying so.
    """
    excellent = sorted(
        (c for c in candidates if c.grade == Grade.EXCELLENT), key=lambda c: c.score, reverse=True
    )
    if len(excellent) <= quota:
        return
    boundary = excellent[quota].score  # the best score that does not fit
    for candidate in excellent:
        if candidate.score > boundary:
            continue
        candidate.grade = Grade.COMPETENT
        if candidate.score == boundary and any(
            other.score == boundary for other in excellent[:quota]
        ):
            message = _(
                "Tied with others at the edge of the excellent quota (%(quota)d): none of the "
                "tied cadres is excellent."
            ) % {"quota": quota}
            code = "quota_tie"
        else:
            message = _("Beyond the excellent quota of %(quota)d for the unit.") % {"quota": quota}
            code = "quota"
        candidate.notes.append({"code": code, "message": message})


def ranks(scores: Sequence[tuple[int, Decimal]]) -> dict[int, int]:
    """Competition ranks (1, 2, 2, 4) by score, best first."""
    ordered = sorted(scores, key=lambda item: item[1], reverse=True)
    result: dict[int, int] = {}
    previous = None
    rank = 0
    for position, (key, score) in enumerate(ordered, start=1):
        if score != previous:
            rank = position
            previous = score
        result[key] = rank
    return result
