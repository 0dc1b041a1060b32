"""Schemes, their dimensions, indicators and rubric levels; targets and their tree."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from assessment import scoring, selectors
from assessment.errors import AssessmentError
from assessment.models import (
    Indicator,
    Member,
    RubricLevel,
    Scheme,
    SchemeDimension,
    Target,
)
from assessment.providers import DEMOCRATIC_METRIC, provider_by_key
from assessment.services.guards import require_manager
from kernel.errors import invalid
from kernel.history import save_with_history

__all__ = ["scheme_activate", "scheme_create", "target_create", "target_update"]


def _validate_indicator(spec: dict) -> dict:
    kind = spec.get("kind")
    target = spec.get("target_value")
    target = None if target in (None, "") else Decimal(str(target))
    rule = spec.get("rule") or ""
    params = spec.get("rule_params") or {}
    metric = spec.get("metric") or ""
    if kind == Indicator.Kind.RUBRIC:
        levels = spec.get("levels") or []
        if not levels:
            raise invalid(
                AssessmentError.RULE_PARAMS_INVALID,
                _("A rubric indicator needs at least one level."),
                field="levels",
            )
        return {**spec, "rule": "", "rule_params": {}, "metric": "", "target_value": None}
    if kind == Indicator.Kind.COMPUTED:
        known = {DEMOCRATIC_METRIC, *provider_by_key()}
        if metric not in known:
            raise invalid(
                AssessmentError.METRIC_UNKNOWN,
                _("No metric provider is registered for “%(metric)s”.") % {"metric": metric},
                field="metric",
            )
        if metric == DEMOCRATIC_METRIC or not rule:
            return {**spec, "rule": "", "rule_params": {}, "target_value": target}
    params = scoring.validate_rule(rule, params, target)
    return {**spec, "rule": rule, "rule_params": params, "target_value": target}


@transaction.atomic
def scheme_create(
    *,
    actor,
    post_type: str,
    name: str,
    valid_from,
    dimensions: list[dict],
    self_scores_count: bool = False,
) -> Scheme:
    """A new draft version of a post type's scheme (the next version number), with its
    dimensions, indicators and rubric levels. Weights may not add up yet: the draft says
    where (`selectors.scheme_check`) and cannot be activated until they do."""
    require_manager(actor)
    latest = Scheme.objects.filter(post_type=post_type).aggregate(v=Max("version"))["v"] or 0
    scheme = save_with_history(
        Scheme(
            post_type=post_type,
            version=latest + 1,
            name=name,
            valid_from=valid_from,
            self_scores_count=self_scores_count,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        ),
        actor=actor,
        reason=_("Scheme created"),
    )
    seen = set()
    for dimension_spec in dimensions:
        code = dimension_spec.get("dimension")
        if code in seen:
            raise invalid(
                AssessmentError.WEIGHTS_DO_NOT_ADD_UP,
                _("A dimension appears twice."),
                field="dimensions",
            )
        seen.add(code)
        dimension = save_with_history(
            SchemeDimension(scheme=scheme, dimension=code, weight=dimension_spec.get("weight")),
            actor=actor,
        )
        for raw in dimension_spec.get("indicators", []):
            spec = _validate_indicator(dict(raw))
            indicator = save_with_history(
                Indicator(
                    dimension=dimension,
                    code=spec.get("code"),
                    name=spec.get("name"),
                    weight=spec.get("weight"),
                    kind=spec.get("kind"),
                    rule=spec["rule"],
                    rule_params=spec["rule_params"],
                    target_value=spec["target_value"],
                    metric=spec.get("metric") or "",
                    unit_label=spec.get("unit_label") or "",
                ),
                actor=actor,
            )
            for level in spec.get("levels") or []:
                save_with_history(
                    RubricLevel(
                        indicator=indicator,
                        label=level.get("label"),
                        description=level.get("description", ""),
                        points=level.get("points"),
                    ),
                    actor=actor,
                )
    return scheme


@transaction.atomic
def scheme_activate(*, actor, scheme: Scheme) -> Scheme:
    """Put a draft in force from its `valid_from`. Refused while weights do not add up
    (the message says where). Earlier versions stay for the periods that use them."""
    require_manager(actor)
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    if scheme.status != Scheme.Status.DRAFT:
        raise invalid(AssessmentError.SCHEME_IN_USE, _("Only a draft scheme can be put in force."))
    check = selectors.scheme_check(scheme=selectors.schemes_with_tree_unscoped().get(pk=scheme.pk))
    if check.problems:
        raise invalid(
            AssessmentError.WEIGHTS_DO_NOT_ADD_UP, " ".join(check.messages), field="dimensions"
        )
    scheme.status = Scheme.Status.ACTIVE
    return save_with_history(scheme, actor=actor, reason=_("Put in force"))


def scheme_is_used(scheme: Scheme) -> bool:
    return Member.objects.filter(scheme=scheme).exists()


# --- targets --------------------------------------------------------------------------

_CHILD_LEVEL = {
    Target.Level.BUREAU: Target.Level.UNIT,
    Target.Level.UNIT: Target.Level.POST,
    Target.Level.POST: Target.Level.PERSON,
}


@transaction.atomic
def target_create(
    *,
    actor,
    year: int,
    indicator_code: str,
    level: str,
    unit,
    value: Decimal,
    parent: Target | None = None,
    post=None,
    staff=None,
    stretch_note: str = "",
) -> Target:
    """A target one level below its parent (bureau → unit → post → person). Children may
    add up to less than the parent while it is being split; above it only with a stated
    stretch on the parent (the tree shows both)."""
    require_manager(actor, unit=unit)
    if parent is not None:
        if _CHILD_LEVEL.get(parent.level) != level:
            raise invalid(
                AssessmentError.TARGET_LEVEL_ORDER,
                _("A target below a %(parent)s target is a %(child)s target.")
                % {
                    "parent": parent.get_level_display(),
                    "child": Target.Level(_CHILD_LEVEL.get(parent.level, parent.level)).label,
                },
                field="level",
            )
        year, indicator_code = parent.year, parent.indicator_code
    target = Target(
        year=year,
        indicator_code=indicator_code,
        level=level,
        parent=parent,
        unit=unit,
        post=post,
        staff=staff,
        value=value,
        stretch_note=stretch_note,
    )
    save_with_history(target, actor=actor, reason=_("Target set"))
    if parent is not None:
        _check_children(parent)
    return target


def _check_children(parent: Target) -> None:
    total = sum((c.value for c in Target.objects.filter(parent=parent)), Decimal(0))
    if total > parent.value and not parent.stretch_note:
        raise invalid(
            AssessmentError.TARGET_CHILDREN_EXCEED_PARENT,
            _(
                "The targets below add up to %(total)s, above the parent's %(value)s; state a "
                "stretch on the parent to allow it."
            )
            % {"total": scoring._num(total), "value": scoring._num(parent.value)},
            field="value",
        )


@transaction.atomic
def target_update(
    *, actor, target: Target, value: Decimal, reason: str, stretch_note=None
) -> Target:
    """Change a target's value. A change at the top is allowed even when the children no
    longer add up: the tree then marks them (the decomposition is redone below)."""
    require_manager(actor, unit=target.unit)
    if not (reason or "").strip():
        raise invalid(
            AssessmentError.REASON_REQUIRED, _("Say why the target changes."), field="reason"
        )
    target.value = value
    if stretch_note is not None:
        target.stretch_note = stretch_note
    save_with_history(target, actor=actor, reason=reason)
    if target.parent_id:
        _check_children(target.parent)
    return target
