"""Computing a period's results, leadership's grade changes, rewards and punishments.

`period_compute_results(actor=, period=)` is the one entry point for the background job
and for `manage.py compute_assessment PERIOD`: it reads the period in a fixed number of
queries (members, indicators, scores, votes, one call per metric provider, results) and
writes in bulk with history, so its cost in queries does not grow with the cadres.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from assessment import scoring, selectors
from assessment.errors import AssessmentError
from assessment.models import (
    GRADE_ORDER,
    AnnualPart,
    Grade,
    Indicator,
    Member,
    Period,
    Result,
    RewardPunishment,
    Score,
)
from assessment.providers import DEMOCRATIC_METRIC, provider_by_key
from assessment.services.guards import (
    decider_apart,
    require_leadership,
    require_manager,
    require_reviewer,
)
from assessment.services.scores import points_for
from kernel.errors import invalid
from kernel.history import save_with_history

__all__ = [
    "GRADE_BAR_METRICS",
    "period_compute_results",
    "quota_breaches",
    "result_grade_change",
    "reward_record",
]

# Metric → (grade it bars when the figure is above zero, why). The providers come from
# the apps that know the facts (integrity_files registers the first after merging);
# without a registered provider the rule has nothing to read and bars nothing.
GRADE_BAR_METRICS = {
    "integrity_files.serious_violations": (
        Grade.EXCELLENT,
        "integrity_bar",
        lambda: _("A verified serious violation in the integrity file bars “excellent”."),
    ),
}

SCORE_FIELDS = ["actual_value", "points", "counted", "source", "updated_at"]
RESULT_FIELDS = [
    "composite",
    "terms",
    "parts",
    "rank_in_unit",
    "rank_in_post_type",
    "proposed_grade",
    "grade",
    "notes",
    "grade_reason",
    "computed_at",
]


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def period_compute_results(*, actor, period: Period, reason: str = "") -> list[Result]:
    """Compute every member's points, composite, ranks and proposed grade.

    Computed indicators read their metric provider (once per metric for the whole
    period); the democratic appraisal indicator converts the vote tally (below the
    period's minimum of votes it is not counted). Indicators without points are left out
    and their weight shared among the dimension's others; the scorecard says so.

    A grade leadership changed (with a reason) is kept; everything else follows the new
    proposal. Refused once the period is published, except through an upheld objection
    (`_recompute`). The background job calls this function.
    """
    period = Period.objects.select_for_update().select_related("unit").get(pk=period.pk)
    require_manager(actor, unit=period.unit)
    if period.is_frozen:
        raise invalid(
            AssessmentError.PERIOD_FROZEN,
            _("The results are published and frozen; an upheld objection changes them."),
        )
    if period.state not in (Period.State.SCORING, Period.State.DEMOCRATIC, Period.State.REVIEW):
        raise invalid(AssessmentError.PERIOD_STATE, _("Results are computed once scoring starts."))
    return _recompute(actor=actor, period=period, reason=reason or _("Results computed"))


def _recompute(*, actor, period: Period, reason: str) -> list[Result]:
    members = list(selectors.members_unscoped(period=period))
    if not members:
        return []
    scheme_ids = {m.scheme_id for m in members}
    indicators = {
        i.pk: i
        for i in Indicator.objects.filter(dimension__scheme_id__in=scheme_ids).select_related(
            "dimension", "dimension__scheme"
        )
    }
    scores = list(Score.objects.filter(member__period=period).select_related("level", "self_level"))
    staff_ids = [m.staff_id for m in members]
    metrics_needed = {
        i.metric for i in indicators.values() if i.kind == Indicator.Kind.COMPUTED and i.metric
    }
    providers = provider_by_key()
    metric_values: dict[str, dict[int, Decimal]] = {}
    for key in sorted(metrics_needed | set(GRADE_BAR_METRICS)):
        if key == DEMOCRATIC_METRIC or key not in providers:
            continue
        metric_values[key] = providers[key](
            staff_ids=staff_ids, start=period.start_date, end=period.end_date
        )
    tallies = (
        selectors.vote_tallies_unscoped(period=period)
        if DEMOCRATIC_METRIC in metrics_needed
        else {}
    )
    by_member = {m.pk: m for m in members}
    now = timezone.now()
    changed_scores = []
    for score in scores:
        indicator = indicators[score.indicator_id]
        member = by_member[score.member_id]
        before = (score.actual_value, score.points, score.counted, score.source)
        if indicator.kind == Indicator.Kind.COMPUTED:
            if indicator.metric == DEMOCRATIC_METRIC:
                tally = tallies.get(member.pk, {})
                points = scoring.democratic_points(tally, min_votes=period.min_votes)
                score.actual_value = Decimal(sum(tally.values()))
                score.source = Score.Source.DEMOCRATIC
            else:
                value = metric_values.get(indicator.metric, {}).get(member.staff_id)
                # A count's provider leaves out who had none (late check-ins, swaps): zero.
                # A rate's provider leaves out who has no figure: not counted.
                if (
                    value is None
                    and indicator.metric in metric_values
                    and providers[indicator.metric].absent_is_zero
                ):
                    value = Decimal(0)
                score.actual_value = value
                target = (
                    score.target_value if score.target_value is not None else indicator.target_value
                )
                points = (
                    None if value is None else points_for(indicator, actual=value, target=target)
                )
                score.source = Score.Source.PROVIDER
            score.points = None if points is None else scoring.q2(points)
            score.counted = points is not None
        elif indicator.kind == Indicator.Kind.RUBRIC and score.source in (
            Score.Source.PENDING,
            Score.Source.SELF,
        ):
            uses_self = indicator.dimension.scheme.self_scores_count and score.self_level_id
            score.points = score.self_level.points if uses_self else None
            score.source = Score.Source.SELF if uses_self else Score.Source.PENDING
            score.counted = bool(uses_self)
        else:
            score.counted = score.points is not None
        if before != (score.actual_value, score.points, score.counted, score.source):
            score.updated_at = now
            changed_scores.append(score)
    if changed_scores:
        bulk_update_with_history(
            changed_scores,
            Score,
            SCORE_FIELDS,
            default_user=_user(actor),
            default_change_reason=reason,
        )

    # Dimension scores and the composite, per member.
    scores_by_member: dict[int, list[Score]] = defaultdict(list)
    for score in scores:
        scores_by_member[score.member_id].append(score)
    dimension_weights: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for indicator in indicators.values():
        dimension_weights[indicator.dimension.scheme_id][indicator.dimension.dimension] = (
            indicator.dimension.weight
        )
    composites: dict[int, tuple[Decimal, list]] = {}
    for member in members:
        per_dimension: dict[str, list[tuple[Decimal, Decimal | None]]] = defaultdict(list)
        for score in scores_by_member[member.pk]:
            indicator = indicators[score.indicator_id]
            per_dimension[indicator.dimension.dimension].append(
                (indicator.weight, score.points if score.counted else None)
            )
        dimension_scores = {
            code: (weight, scoring.weighted_mean(per_dimension.get(code, [])))
            for code, weight in dimension_weights[member.scheme_id].items()
        }
        composites[member.pk] = scoring.composite(dimension_scores)

    # An annual period derived from its quarters: the own composite is one part.
    parts_by_member: dict[int, list[dict]] = {}
    annual = _annual_inputs(period)
    if annual is not None:
        parts, quarter_composites = annual
        for member in members:
            own, terms = composites[member.pk]
            own_known = any(term.score is not None for term in terms)
            total, part_terms = scoring.composite(
                {
                    str(part.pk): (
                        part.weight,
                        (own if own_known else None)
                        if part.quarter_id is None
                        else quarter_composites.get((part.quarter_id, member.staff_id)),
                    )
                    for part in parts
                }
            )
            parts_by_member[member.pk] = [
                {
                    "period": part.quarter_id,
                    "name": part.quarter.name if part.quarter_id else "",
                    **{k: v for k, v in term.as_json().items() if k != "dimension"},
                }
                for part, term in zip(parts, part_terms, strict=True)
            ]
            composites[member.pk] = (total, terms)

    # Ranks within unit and within post type; grades by band, bars, then the quota.
    rank_unit: dict[int, int] = {}
    rank_type: dict[int, int] = {}
    by_unit: dict[int, list[Member]] = defaultdict(list)
    by_type: dict[str, list[Member]] = defaultdict(list)
    for member in members:
        by_unit[member.unit_id].append(member)
        by_type[member.scheme.post_type].append(member)
    for group, target in ((by_unit, rank_unit), (by_type, rank_type)):
        for people in group.values():
            target.update(scoring.ranks([(m.pk, composites[m.pk][0]) for m in people]))

    existing = {r.member_id: r for r in Result.objects.filter(member__period=period)}
    candidates: dict[int, scoring.Candidate] = {}
    for member in members:
        score = composites[member.pk][0]
        candidate = scoring.Candidate(
            key=member.pk,
            score=score,
            grade=scoring.band_grade(
                score,
                excellent=period.band_excellent,
                competent=period.band_competent,
                basic=period.band_basic,
            ),
        )
        for metric, (grade, code, message) in GRADE_BAR_METRICS.items():
            value = metric_values.get(metric, {}).get(member.staff_id)
            if value is not None and value > 0:
                candidate.bars[grade] = (code, str(message()))
        scoring.cap_grade(candidate)
        candidates[member.pk] = candidate
    for people in by_unit.values():
        quota = scoring.quota_size(len(people), period.excellent_quota_percent)
        scoring.apply_quota([candidates[m.pk] for m in people], quota=quota)

    to_create, to_update, every = [], [], []
    for member in members:
        composite, terms = composites[member.pk]
        candidate = candidates[member.pk]
        result = existing.get(member.pk) or Result(member=member)
        every.append(result)
        before = _result_values(result) if result.pk else None
        overridden = result.pk is not None and bool(result.grade_reason)
        result.composite = scoring.q2(composite)
        result.terms = [term.as_json() for term in terms]
        result.parts = parts_by_member.get(member.pk, [])
        result.rank_in_unit = rank_unit[member.pk]
        result.rank_in_post_type = rank_type[member.pk]
        result.proposed_grade = candidate.grade
        result.notes = candidate.notes
        if not overridden or result.grade == candidate.grade:
            result.grade = candidate.grade
            result.grade_reason = ""
        if before is not None and _result_values(result) == before:
            # Unchanged: no write and no history row, so a recomputation that changes
            # nothing leaves nothing to explain.
            continue
        result.computed_at = now
        # Fields only: Django checks each CheckConstraint with a query per row, and the
        # database enforces the same named constraints on the bulk write anyway.
        result.full_clean(exclude=["member"], validate_unique=False, validate_constraints=False)
        (to_update if result.pk else to_create).append(result)
    if to_create:
        bulk_create_with_history(
            to_create, Result, default_user=_user(actor), default_change_reason=reason
        )
    if to_update:
        bulk_update_with_history(
            to_update,
            Result,
            RESULT_FIELDS,
            default_user=_user(actor),
            default_change_reason=reason,
        )
    return every


def _annual_inputs(period: Period):
    """(parts, {(quarter id, staff id): composite}) of an annual period derived from its
    quarters (two queries, whatever the number of cadres), or None. Only a published
    quarter's results count: a quarter under way has no composite yet."""
    if period.kind != Period.Kind.ANNUAL:
        return None
    # The own part first, then the quarters in order (as period_set_annual_parts wrote).
    parts = list(AnnualPart.objects.filter(period=period).select_related("quarter").order_by("id"))
    if not parts:
        return None
    quarter_ids = [part.quarter_id for part in parts if part.quarter_id]
    composites = {
        (period_id, staff_id): composite
        for period_id, staff_id, composite in Result.objects.filter(
            member__period_id__in=quarter_ids,
            member__period__state__in=[Period.State.PUBLISHED, Period.State.ARCHIVED],
        ).values_list("member__period_id", "member__staff_id", "composite")
    }
    return parts, composites


def _result_values(result: Result) -> tuple:
    return tuple(getattr(result, name) for name in RESULT_FIELDS if name != "computed_at")


def quota_breaches(period: Period) -> list[str]:
    """Messages for each unit whose "excellent" grades exceed its quota."""
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    names = {}
    for unit_id, unit_name, grade in Member.objects.filter(period=period).values_list(
        "unit_id", "unit__name", "result__grade"
    ):
        counts[unit_id][0] += 1
        counts[unit_id][1] += grade == Grade.EXCELLENT
        names[unit_id] = unit_name
    messages = []
    for unit_id, (size, excellent) in counts.items():
        quota = scoring.quota_size(size, period.excellent_quota_percent)
        if excellent > quota:
            messages.append(
                _("%(unit)s has %(n)d excellent grades; its quota is %(quota)d.")
                % {"unit": names[unit_id], "n": excellent, "quota": quota}
            )
    return messages


@transaction.atomic
def result_grade_change(*, actor, result: Result, grade: str, reason: str) -> Result:
    """Leadership changes a proposed grade, with a recorded reason. Not on one's own
    grade; not to a grade a rule bars; never beyond the unit's "excellent" quota."""
    result = (
        Result.objects.select_for_update(of=("self",))
        .select_related("member", "member__period", "member__staff", "member__unit")
        .get(pk=result.pk)
    )
    period = result.member.period
    require_leadership(actor, unit_id=result.member.unit_id)
    decider_apart(actor, about=[result.member.staff], unit=result.member.unit)
    if period.state != Period.State.REVIEW:
        raise invalid(AssessmentError.PERIOD_STATE, _("Grades are changed during review."))
    return _set_grade(actor=actor, result=result, grade=grade, reason=reason)


def _set_grade(*, actor, result: Result, grade: str, reason: str) -> Result:
    reason = (reason or "").strip()
    if grade not in Grade.values:
        raise invalid(AssessmentError.GRADE_BARRED, _("Choose a grade."), field="grade")
    if not reason:
        raise invalid(
            AssessmentError.REASON_REQUIRED, _("Say why the grade changes."), field="reason"
        )
    barred = [
        n for n in result.notes if n.get("code") == "integrity_bar" and grade == Grade.EXCELLENT
    ]
    if barred:
        raise invalid(AssessmentError.GRADE_BARRED, barred[0]["message"], field="grade")
    if grade == Grade.EXCELLENT and result.grade != Grade.EXCELLENT:
        period = result.member.period
        peers = Result.objects.filter(member__period=period, member__unit_id=result.member.unit_id)
        size = peers.count()
        excellent = peers.filter(grade=Grade.EXCELLENT).count()
        quota = scoring.quota_size(size, period.excellent_quota_percent)
        if excellent + 1 > quota:
            raise invalid(
                AssessmentError.QUOTA_EXCEEDED,
                _("The unit's excellent quota (%(quota)d) is full: lower another grade first.")
                % {"quota": quota},
                field="grade",
            )
    result.grade = grade
    result.grade_reason = reason if grade != result.proposed_grade else ""
    return save_with_history(result, actor=actor, reason=reason)


def grade_is_better(a: str, b: str) -> bool:
    return GRADE_ORDER.index(Grade(a)) < GRADE_ORDER.index(Grade(b))


@transaction.atomic
def reward_record(*, actor, result: Result, kind: str, note: str = "") -> RewardPunishment:
    """Record a reward or punishment against a published result (a reviewer of the
    cadre's unit, never about themselves)."""
    result = Result.objects.select_related(
        "member", "member__period", "member__staff", "member__unit"
    ).get(pk=result.pk)
    require_reviewer(actor, unit_id=result.member.unit_id)
    decider_apart(actor, about=[result.member.staff], unit=result.member.unit)
    if not result.member.period.is_frozen:
        raise invalid(
            AssessmentError.PERIOD_STATE, _("Rewards and punishments follow published results.")
        )
    return save_with_history(
        RewardPunishment(result=result, kind=kind, note=note.strip(), recorded_by=actor),
        actor=actor,
        reason=_("Recorded"),
    )
