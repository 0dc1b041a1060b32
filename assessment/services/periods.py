"""Periods: opening (with enrolment under the scheme in force), moving through the stages
with completeness checks, and approval by leadership, which publishes."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from assessment import selectors
from assessment.errors import AssessmentError
from assessment.models import (
    STATE_ORDER,
    AnnualPart,
    Indicator,
    Member,
    Objection,
    Period,
    Result,
    Score,
    Target,
)
from assessment.services.guards import decider_apart, require_leadership, require_manager
from kernel.errors import ConfirmationRequired, invalid
from kernel.history import attribute_change, save_with_history
from staffmgmt import selectors as staff_selectors

__all__ = [
    "period_advance",
    "period_approve",
    "period_create",
    "period_enroll",
    "period_set_annual_parts",
]


@transaction.atomic
def period_create(
    *,
    actor,
    name: str,
    kind: str,
    unit,
    start_date,
    end_date,
    post_type: str,
    excellent_quota_percent: Decimal = Decimal(20),
    min_votes: int = 3,
) -> Period:
    """Open a period for a unit and enrol every active cadre of it (and of the units
    below) under the `post_type` scheme in force today; others are enrolled one by one
    with `period_enroll` (another post type)."""
    require_manager(actor, unit=unit)
    if end_date < start_date:
        raise invalid(
            AssessmentError.PERIOD_DATES,
            _("The last day must not be before the first day."),
            field="end_date",
        )
    period = save_with_history(
        Period(
            name=name,
            kind=kind,
            unit=unit,
            start_date=start_date,
            end_date=end_date,
            excellent_quota_percent=excellent_quota_percent,
            min_votes=min_votes,
            opened_at=timezone.now(),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        ),
        actor=actor,
        reason=_("Period opened"),
    )
    people = list(staff_selectors.active_staff_of_unit_unscoped(unit=unit))
    _enrol(actor=actor, period=period, people=people, post_type=post_type)
    return period


def _scheme_for(period: Period, post_type: str):
    scheme = selectors.scheme_in_force_unscoped(
        post_type=post_type, on_day=timezone.localtime(period.opened_at).date()
    )
    if scheme is None:
        raise invalid(
            AssessmentError.NO_SCHEME_IN_FORCE,
            _("No scheme for “%(post_type)s” is in force.") % {"post_type": post_type},
            field="post_type",
        )
    return scheme


def _enrol(*, actor, period: Period, people, post_type: str, reason: str = "") -> list[Member]:
    reason = reason or _("Enrolled")
    scheme = _scheme_for(period, post_type)
    existing = set(Member.objects.filter(period=period).values_list("staff_id", flat=True))
    members = [
        Member(period=period, staff=person, unit_id=person.unit_id, scheme=scheme)
        for person in people
        if person.pk not in existing
    ]
    if not members:
        return []
    for member in members:
        member.full_clean(validate_unique=False, validate_constraints=False)
    bulk_create_with_history(
        members, Member, default_user=_user(actor), default_change_reason=reason
    )
    members = list(Member.objects.filter(period=period, staff_id__in=[m.staff_id for m in members]))
    indicators = list(Indicator.objects.filter(dimension__scheme=scheme))
    personal = {
        (t.staff_id, t.indicator_code): t.value
        for t in Target.objects.filter(
            year=period.start_date.year,
            level=Target.Level.PERSON,
            staff_id__in=[m.staff_id for m in members],
            indicator_code__in=[i.code for i in indicators],
        )
    }
    scores = [
        Score(
            member=member,
            indicator=indicator,
            target_value=personal.get((member.staff_id, indicator.code), indicator.target_value),
        )
        for member in members
        for indicator in indicators
    ]
    bulk_create_with_history(scores, Score, default_user=_user(actor), default_change_reason=reason)
    return members


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def period_enroll(*, actor, period: Period, staff, post_type: str, reason: str = "") -> Member:
    """Enrol one more cadre of the period's unit (of another post type, or who joined)
    before scoring, under that post type's scheme in force on the day the period opened;
    the reason is kept in the member's history. Nobody is enrolled twice."""
    require_manager(actor, unit=staff.unit)
    if STATE_ORDER.index(period.state) >= STATE_ORDER.index(Period.State.SCORING):
        raise invalid(AssessmentError.PERIOD_STATE, _("Cadres are enrolled before scoring starts."))
    if not staff_selectors.staff_in_unit(staff=staff, unit=period.unit):
        raise invalid(
            AssessmentError.ENROL_OUTSIDE_UNIT,
            _("%(name)s is not of the period's unit.") % {"name": staff.name},
            field="staff",
        )
    if Member.objects.filter(period=period, staff=staff).exists():
        raise invalid(
            AssessmentError.ALREADY_ENROLLED,
            _("%(name)s is already assessed in this period.") % {"name": staff.name},
            field="staff",
        )
    if actor is not None and not (reason or "").strip():
        raise invalid(
            AssessmentError.REASON_REQUIRED, _("Say why the cadre is enrolled."), field="reason"
        )
    _enrol(
        actor=actor,
        period=period,
        people=[staff],
        post_type=post_type,
        reason=(reason or "").strip() or _("Enrolled"),
    )
    return Member.objects.get(period=period, staff=staff)


def _locked(period: Period) -> Period:
    return Period.objects.select_for_update().get(pk=period.pk)


def _names(members, limit: int = 10) -> str:
    names = sorted({m.staff.name for m in members})
    shown = ", ".join(names[:limit])
    if len(names) > limit:
        shown += _(" and %(n)d more") % {"n": len(names) - limit}
    return shown


def unscored(period: Period) -> list[Member]:
    """Members with an assessor-scored indicator (rubric, quantitative) still pending."""
    pending = (
        Score.objects.filter(member__period=period, source=Score.Source.PENDING)
        .exclude(indicator__kind=Indicator.Kind.COMPUTED)
        .values("member_id")
    )
    return list(Member.objects.filter(pk__in=pending).select_related("staff"))


@transaction.atomic
def period_advance(*, actor, period: Period, confirm: bool = False) -> Period:
    """Move a period to its next stage, checking it is complete:

    - into democratic appraisal: every rubric and quantitative indicator is scored
      (refused, naming who is not);
    - into review: everyone has voted, or the actor confirms going on without the
      listed non-voters (ConfirmationRequired); the results are computed;
    - published only through `period_approve`; archived only with no open objection.
    """
    period = _locked(period)
    require_manager(actor, unit=period.unit)
    if period.state in (Period.State.REVIEW, Period.State.ARCHIVED):
        message = (
            _("Leadership approves the results to publish them.")
            if period.state == Period.State.REVIEW
            else _("The period is archived.")
        )
        raise invalid(AssessmentError.PERIOD_STATE, message)
    following = STATE_ORDER[STATE_ORDER.index(period.state) + 1]
    if following == Period.State.SELF_ASSESSMENT and not period.members.exists():
        raise invalid(AssessmentError.PERIOD_INCOMPLETE, _("Nobody is enrolled in the period."))
    if following == Period.State.DEMOCRATIC and not _own_part_is_zero(period):
        missing = unscored(period)
        if missing:
            raise invalid(
                AssessmentError.PERIOD_INCOMPLETE,
                _("Not scored yet: %(names)s.") % {"names": _names(missing)},
            )
    if following == Period.State.REVIEW:
        non_voters = selectors.non_voters_unscoped(period=period)
        if non_voters and not confirm:
            raise ConfirmationRequired(
                _("%(n)d cadres have not voted: %(names)s. Close the appraisal anyway?")
                % {"n": len(non_voters), "names": _names(non_voters)},
                code=AssessmentError.PERIOD_INCOMPLETE,
                warnings=[{"staff": m.staff.name} for m in non_voters],
            )
    if (
        following == Period.State.ARCHIVED
        and Objection.objects.filter(member__period=period, status=Objection.Status.OPEN).exists()
    ):
        raise invalid(
            AssessmentError.PERIOD_INCOMPLETE, _("Objections are still open: answer them first.")
        )
    period.state = following
    save_with_history(
        period, actor=actor, reason=_("Moved to %(state)s") % {"state": period.get_state_display()}
    )
    if following == Period.State.REVIEW:
        from assessment.services.results import period_compute_results

        period_compute_results(actor=actor, period=period)
    return period


@transaction.atomic
def period_approve(*, actor, period: Period) -> Period:
    """Leadership approves the reviewed grades; approval publishes and freezes them.

    Refused when the approver is graded in the period themselves (separation of duties),
    when a cadre has no result, or when a unit's "excellent" grades exceed its quota.
    """
    period = Period.objects.select_for_update().select_related("unit").get(pk=period.pk)
    require_leadership(actor, unit_id=period.unit_id)
    if period.state != Period.State.REVIEW:
        raise invalid(AssessmentError.PERIOD_STATE, _("Only a period under review is approved."))
    # The approver is none of the graded (every member of the period).
    graded = [m.staff for m in Member.objects.filter(period=period).select_related("staff")]
    decider_apart(actor, about=graded, unit=period.unit)
    if Member.objects.filter(period=period, result__isnull=True).exists():
        raise invalid(
            AssessmentError.RESULTS_MISSING, _("Some cadres have no result: compute again.")
        )
    pending = [
        part.quarter.name
        for part in AnnualPart.objects.filter(period=period, quarter__isnull=False)
        .select_related("quarter")
        .order_by("quarter__start_date")
        if not part.quarter.is_frozen
    ]
    if pending:
        raise invalid(
            AssessmentError.PERIOD_INCOMPLETE,
            _(
                "The annual score counts quarters not published yet: %(names)s. Publish "
                "them, or take them out of the annual score."
            )
            % {"names": ", ".join(pending)},
        )
    from assessment.services.results import quota_breaches

    breaches = quota_breaches(period)
    if breaches:
        raise invalid(AssessmentError.QUOTA_EXCEEDED, " ".join(breaches))
    period.state = Period.State.PUBLISHED
    period.published_at = timezone.now()
    period.approved_by = _user(actor)
    save_with_history(period, actor=actor, reason=_("Approved and published"))
    return period


def results_of(period: Period):
    return Result.objects.filter(member__period=period)


# --- annual periods derived from their quarters ---------------------------------------


def _own_part_is_zero(period: Period) -> bool:
    """An annual period whose own indicators weigh 0: nothing of it needs scoring."""
    return AnnualPart.objects.filter(period=period, quarter__isnull=True, weight=0).exists()


@transaction.atomic
def period_set_annual_parts(
    *, actor, period: Period, own_weight, quarters, reason: str = ""
) -> list[AnnualPart]:
    """Derive an annual period's composite from its quarters: each cadre's composite
    is `own_weight`% of the year's own indicators plus, for each `(quarter, weight)`
    in `quarters`, weight% of their composite in that quarterly period (published ones
    only; a quarter a cadre was not assessed in is not counted and its weight is shared
    among the other parts, as for indicators). The weights add up to 100.

    The quarters are quarterly periods of the same unit inside the year's dates. No
    quarter with a weight above 0 means the period is no longer derived. Replaces the
    previous parts with history; recomputes the results when they are being computed.
    """
    period = _locked(period)
    require_manager(actor, unit=period.unit)
    if period.kind != Period.Kind.ANNUAL:
        raise invalid(
            AssessmentError.ANNUAL_PARTS_INVALID,
            _("Only an annual period is derived from its quarters."),
        )
    if period.is_frozen:
        raise invalid(
            AssessmentError.PERIOD_FROZEN,
            _("The results are published and frozen; an upheld objection changes them."),
        )
    own_weight = Decimal(str(own_weight if own_weight not in (None, "") else 0))
    chosen: list[tuple[Period, Decimal]] = []
    seen = set()
    for quarter, weight in quarters:
        weight = Decimal(str(weight if weight not in (None, "") else 0))
        if weight < 0 or weight > 100 or own_weight < 0 or own_weight > 100:
            raise invalid(
                AssessmentError.ANNUAL_PARTS_INVALID,
                _("A weight is between 0 and 100."),
                field="weights",
            )
        if weight == 0:
            continue
        if (
            quarter.kind != Period.Kind.QUARTERLY
            or quarter.unit_id != period.unit_id
            or quarter.start_date < period.start_date
            or quarter.end_date > period.end_date
        ):
            raise invalid(
                AssessmentError.ANNUAL_PARTS_INVALID,
                _("“%(name)s” is not a quarterly period of this unit within the year.")
                % {"name": quarter.name},
                field="weights",
            )
        if quarter.pk in seen:
            raise invalid(
                AssessmentError.ANNUAL_PARTS_INVALID,
                _("A quarter appears twice."),
                field="weights",
            )
        seen.add(quarter.pk)
        chosen.append((quarter, weight))
    if chosen:
        total = own_weight + sum((w for _q, w in chosen), Decimal(0))
        if total != 100:
            raise invalid(
                AssessmentError.ANNUAL_PARTS_INVALID,
                _(
                    "The weights of the quarters and of the year's own indicators add up "
                    "to %(total)s%%, not 100%%."
                )
                % {"total": f"{total.normalize():f}"},
                field="weights",
            )
    reason = reason or _("Annual score from the quarters set")
    for old in AnnualPart.objects.filter(period=period):
        attribute_change(old, actor=actor, reason=reason)
        old.delete()
    parts = []
    if chosen:
        parts.append(
            save_with_history(
                AnnualPart(period=period, quarter=None, weight=own_weight),
                actor=actor,
                reason=reason,
            )
        )
        for quarter, weight in sorted(chosen, key=lambda item: item[0].start_date):
            parts.append(
                save_with_history(
                    AnnualPart(period=period, quarter=quarter, weight=weight),
                    actor=actor,
                    reason=reason,
                )
            )
    if period.state in (Period.State.SCORING, Period.State.DEMOCRATIC, Period.State.REVIEW):
        from assessment.services.results import _recompute

        _recompute(actor=actor, period=period, reason=reason)
    return parts
