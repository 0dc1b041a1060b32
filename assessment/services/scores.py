"""Scores: an assessor's points, a cadre's self-assessment, and the upload of actual
values (business volume) for a period."""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from assessment import scoring
from assessment.errors import AssessmentError
from assessment.models import Indicator, Member, Period, RubricLevel, Score
from assessment.services.guards import decider_apart, require_manager
from kernel.errors import invalid
from kernel.history import save_with_history

__all__ = ["actuals_import", "score_set", "self_assessment_save"]

SCORING_STATES = (Period.State.SCORING, Period.State.DEMOCRATIC, Period.State.REVIEW)


def _frozen_check(period: Period) -> None:
    if period.is_frozen:
        raise invalid(
            AssessmentError.PERIOD_FROZEN,
            _("The results are published and frozen; an upheld objection changes them."),
        )


def points_for(indicator: Indicator, *, actual: Decimal, target: Decimal | None) -> Decimal:
    if not indicator.rule:
        return scoring._clamp(Decimal(actual))
    return scoring.apply_rule(indicator.rule, indicator.rule_params, actual=actual, target=target)


def _apply(score: Score, *, actual_value=None, level: RubricLevel | None = None) -> None:
    indicator = score.indicator
    if indicator.kind == Indicator.Kind.COMPUTED:
        raise invalid(
            AssessmentError.SCORE_KIND,
            _("“%(name)s” is computed from its source, not scored by hand.")
            % {"name": indicator.name},
        )
    if indicator.kind == Indicator.Kind.RUBRIC:
        if level is None:
            raise invalid(AssessmentError.SCORE_KIND, _("Choose a level."), field="level")
        if level.indicator_id != indicator.pk:
            raise invalid(
                AssessmentError.LEVEL_NOT_OF_INDICATOR,
                _("That level belongs to another indicator."),
                field="level",
            )
        score.level = level
        score.points = level.points
        return
    if actual_value is None:
        raise invalid(
            AssessmentError.SCORE_KIND, _("Enter the actual value."), field="actual_value"
        )
    actual = Decimal(actual_value)
    if actual < 0:
        raise invalid(
            AssessmentError.SCORE_OUT_OF_RANGE,
            _("The actual value must not be negative."),
            field="actual_value",
        )
    target = score.target_value if score.target_value is not None else indicator.target_value
    score.actual_value = actual
    score.points = scoring.q2(points_for(indicator, actual=actual, target=target))


@transaction.atomic
def score_set(
    *,
    actor,
    score: Score,
    actual_value: Decimal | None = None,
    level: RubricLevel | None = None,
    comment: str = "",
    reason: str = "",
) -> Score:
    """An assessor scores one indicator of one cadre: a rubric level (with a comment) or
    the actual value of a quantitative indicator (points follow from its rule).

    The assessor manages the cadre's unit and is not the cadre (separation of duties);
    the period is in scoring, democratic appraisal or review; never once published.
    """
    score = (
        Score.objects.select_for_update(of=("self",))
        .select_related("member", "member__period", "member__staff", "member__unit", "indicator")
        .get(pk=score.pk)
    )
    member = score.member
    _frozen_check(member.period)
    if member.period.state not in SCORING_STATES:
        raise invalid(AssessmentError.PERIOD_STATE, _("The period is not being scored."))
    decider_apart(actor, about=[member.staff], unit=member.unit)
    require_manager(actor, unit=member.unit)
    _apply(score, actual_value=actual_value, level=level)
    comment = (comment or "").strip()
    if score.indicator.kind == Indicator.Kind.RUBRIC and not comment:
        raise invalid(
            AssessmentError.COMMENT_REQUIRED,
            _("A rubric score needs the assessor's comment."),
            field="comment",
        )
    score.comment = comment
    score.counted = True
    score.source = Score.Source.ASSESSOR
    score.assessor = actor if getattr(actor, "is_authenticated", False) else None
    score.updated_at = timezone.now()
    return save_with_history(score, actor=actor, reason=reason or _("Scored"))


@transaction.atomic
def self_assessment_save(
    *, actor, member: Member, summary: str, self_levels: dict[int, RubricLevel | None]
) -> Member:
    """A cadre's own summary and, on rubric indicators, their own level (shown beside the
    assessor's; counted only where the scheme says so). Only during self-assessment."""
    member = Member.objects.select_for_update().select_related("period", "staff").get(pk=member.pk)
    if member.staff.user_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Only the cadre writes their own assessment."))
    if member.period.state != Period.State.SELF_ASSESSMENT:
        raise invalid(AssessmentError.PERIOD_STATE, _("Self-assessment is closed."))
    member.self_summary = (summary or "").strip()
    save_with_history(member, actor=actor, reason=_("Self-assessment"))
    scores = {
        s.pk: s
        for s in Score.objects.filter(member=member, pk__in=list(self_levels)).select_related(
            "indicator"
        )
    }
    for score_id, level in self_levels.items():
        score = scores.get(int(score_id))
        if score is None or score.indicator.kind != Indicator.Kind.RUBRIC:
            raise invalid(
                AssessmentError.SCORE_KIND,
                _("Own scores are given on rubric indicators only."),
                field="self_levels",
            )
        if level is not None and level.indicator_id != score.indicator_id:
            raise invalid(
                AssessmentError.LEVEL_NOT_OF_INDICATOR,
                _("That level belongs to another indicator."),
                field="self_levels",
            )
        score.self_level = level
        save_with_history(score, actor=actor, reason=_("Self-assessment"))
    return member


# --- upload of actual values ----------------------------------------------------------

IMPORT_COLUMNS = ("employee_no", "indicator_code", "actual_value")
MAX_IMPORT_ROWS = 50_000


def _rows(content: bytes, filename: str) -> list[list[str]]:
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        except Exception as error:  # openpyxl raises many kinds for a broken file
            raise invalid(
                AssessmentError.IMPORT_FORMAT,
                _("The file is not a readable Excel workbook."),
                field="file",
            ) from error
        return [
            ["" if cell is None else str(cell).strip() for cell in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise invalid(
            AssessmentError.IMPORT_FORMAT,
            _("The file must be CSV in UTF-8 or an .xlsx workbook."),
            field="file",
        ) from error
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]


@transaction.atomic
def actuals_import(*, actor, period: Period, content: bytes, filename: str) -> int:
    """Actual values of quantitative indicators from a CSV or Excel file with the columns
    employee_no, indicator_code, actual_value (header row first).

    Checked row by row; any error refuses the whole file, listing every bad line by its
    number. A re-upload replaces the values it names, each change in history. Returns the
    number of scores written.
    """
    require_manager(actor, unit=period.unit)
    _frozen_check(period)
    if period.state not in SCORING_STATES:
        raise invalid(AssessmentError.PERIOD_STATE, _("The period is not being scored."))
    rows = _rows(content, filename)
    if not rows or tuple(c.lower() for c in rows[0][:3]) != IMPORT_COLUMNS:
        raise invalid(
            AssessmentError.IMPORT_FORMAT,
            _("The first row must be: employee_no, indicator_code, actual_value."),
            field="file",
        )
    if len(rows) - 1 > MAX_IMPORT_ROWS:
        raise invalid(AssessmentError.IMPORT_FORMAT, _("The file has too many rows."), field="file")
    scores = {
        (s.member.staff.employee_no, s.indicator.code): s
        for s in Score.objects.filter(member__period=period).select_related(
            "member__staff", "member__unit", "indicator"
        )
    }
    errors: list[ValidationError] = []
    changed: dict[int, Score] = {}
    me = getattr(actor, "pk", None)
    for line, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        employee_no, code, raw = ([*row, "", "", ""])[:3]
        score = scores.get((employee_no, code))
        message = None
        if score is None:
            message = _("no cadre %(employee_no)s with indicator %(code)s in this period") % {
                "employee_no": employee_no,
                "code": code,
            }
        elif score.indicator.kind != Indicator.Kind.QUANTITATIVE:
            message = _("indicator %(code)s is not quantitative") % {"code": code}
        elif score.member.staff.user_id == me:
            message = _("you cannot enter your own values")
        elif score.pk in changed:
            message = _("the same cadre and indicator appear twice")
        else:
            try:
                value = Decimal(raw.replace(",", ""))
                if not value.is_finite() or value < 0:
                    raise InvalidOperation
                _apply(score, actual_value=value)
            except (InvalidOperation, ValidationError):
                message = _("“%(value)s” is not a number of zero or more") % {"value": raw}
        if message is not None:
            errors.append(
                ValidationError(
                    _("Line %(line)d: %(message)s") % {"line": line, "message": message},
                    code=AssessmentError.IMPORT_ROWS_INVALID,
                )
            )
            continue
        score.source = Score.Source.IMPORT
        score.counted = True
        score.assessor = actor if getattr(actor, "is_authenticated", False) else None
        score.updated_at = timezone.now()
        changed[score.pk] = score
    if errors:
        raise ValidationError({"file": errors})
    for score in changed.values():
        score.full_clean(validate_unique=False, validate_constraints=False)
    bulk_update_with_history(
        list(changed.values()),
        Score,
        ["actual_value", "points", "source", "counted", "assessor", "updated_at"],
        default_user=actor if getattr(actor, "is_authenticated", False) else None,
        default_change_reason=_("Uploaded: %(file)s") % {"file": filename[:80]},
    )
    return len(changed)
