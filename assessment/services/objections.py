"""Objections: a cadre objects to an indicator score or to the grade within five working
days of publication; a reviewer answers; an upheld objection re-scores and re-ranks."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.errors import AssessmentError
from assessment.models import Indicator, Member, Objection, Period, Result, RubricLevel, Score
from assessment.services.guards import decider_apart, require_reviewer
from assessment.services.results import _recompute, _set_grade
from assessment.services.scores import _apply
from kernel.errors import invalid
from kernel.history import save_with_history
from staffmgmt import selectors as staff_selectors

__all__ = ["OBJECTION_WORKING_DAYS", "objection_answer", "objection_deadline", "objection_file"]

OBJECTION_WORKING_DAYS = 5


def objection_deadline(period: Period):
    """The last day to object: the fifth working day after publication."""
    if period.published_at is None:
        return None
    published = timezone.localtime(period.published_at).date()
    return staff_selectors.add_working_days(day=published, n=OBJECTION_WORKING_DAYS)


@transaction.atomic
def objection_file(
    *, actor, member: Member, statement: str, score: Score | None = None
) -> Objection:
    """The cadre's own objection, with a statement, while the window is open."""
    member = Member.objects.select_related("period", "staff").get(pk=member.pk)
    if member.staff.user_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("You object to your own results only."))
    period = member.period
    if period.state != Period.State.PUBLISHED:
        raise invalid(
            AssessmentError.OBJECTION_WINDOW_CLOSED, _("Objections are made to published results.")
        )
    deadline = objection_deadline(period)
    if timezone.localdate() > deadline:
        raise invalid(
            AssessmentError.OBJECTION_WINDOW_CLOSED,
            _("The time for objections ended on %(day)s.") % {"day": deadline.isoformat()},
        )
    if score is not None and score.member_id != member.pk:
        raise invalid(
            AssessmentError.OBJECTION_TARGET, _("That score is not one of yours."), field="score"
        )
    statement = (statement or "").strip()
    if not statement:
        raise invalid(
            AssessmentError.REASON_REQUIRED, _("Say what you object to and why."), field="statement"
        )
    if Objection.objects.filter(member=member, score=score, status=Objection.Status.OPEN).exists():
        raise invalid(
            AssessmentError.OBJECTION_ANSWERED,
            _("An objection to this is already open."),
            field="score",
        )
    return save_with_history(
        Objection(member=member, score=score, statement=statement),
        actor=actor,
        reason=_("Objection"),
    )


@transaction.atomic
def objection_answer(
    *,
    actor,
    objection: Objection,
    upheld: bool,
    answer: str,
    actual_value: Decimal | None = None,
    level: RubricLevel | None = None,
    grade: str | None = None,
) -> Objection:
    """The reviewer's answer. Upheld on a score: the score is corrected (a level or an
    actual value) and the period's results recomputed and re-ranked, with history; upheld
    on the grade: the grade is changed with the answer as its reason. The reviewer is a
    manager or leader of the cadre's unit and not the objector."""
    objection = (
        Objection.objects.select_for_update(of=("self",))
        .select_related("member", "member__staff__user", "member__unit", "member__period", "score")
        .get(pk=objection.pk)
    )
    member = objection.member
    require_reviewer(actor, unit_id=member.unit_id)
    decider_apart(actor, about=[member.staff], requested_by=member.staff.user, unit=member.unit)
    if objection.status != Objection.Status.OPEN:
        raise invalid(AssessmentError.OBJECTION_ANSWERED, _("This objection is answered already."))
    answer = (answer or "").strip()
    if not answer:
        raise invalid(AssessmentError.REASON_REQUIRED, _("Write the answer."), field="answer")
    why = _("Objection upheld: %(answer)s") % {"answer": answer}
    if upheld and objection.score_id:
        score = Score.objects.select_related("indicator").get(pk=objection.score_id)
        if score.indicator.kind == Indicator.Kind.COMPUTED:
            raise invalid(
                AssessmentError.SCORE_KIND,
                _("A computed score is corrected at its source; uphold the grade instead."),
                field="score",
            )
        _apply(score, actual_value=actual_value, level=level)
        score.source = Score.Source.ASSESSOR
        score.assessor = actor
        score.counted = True
        score.comment = answer
        score.updated_at = timezone.now()
        save_with_history(score, actor=actor, reason=why)
        _recompute(actor=actor, period=member.period, reason=why)
    elif upheld:
        result = Result.objects.select_related("member", "member__period").get(member=member)
        _set_grade(actor=actor, result=result, grade=grade or "", reason=why)
    objection.status = Objection.Status.UPHELD if upheld else Objection.Status.REJECTED
    objection.answer = answer
    objection.answered_by = actor
    objection.answered_at = timezone.now()
    return save_with_history(objection, actor=actor, reason=objection.get_status_display())
