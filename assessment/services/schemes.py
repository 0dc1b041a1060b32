"""Schemes, their dimensions, indicators and rubric levels; targets and their tree."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Sum
from django.utils.translation import gettext as _

from assessment import scoring, selectors
from assessment.errors import AssessmentError
from assessment.models import (
    TARGET_CHILD_LEVEL,
    Dimension,
    Indicator,
    Member,
    RubricLevel,
    Scheme,
    SchemeDimension,
    Target,
)
from assessment.providers import DEMOCRATIC_METRIC, provider_by_key
from assessment.services.guards import require_manager, require_scheme_author
from kernel.errors import invalid
from kernel.history import attribute_change, save_with_history

__all__ = [
    "indicator_add",
    "indicator_remove",
    "scheme_activate",
    "scheme_copy",
    "scheme_create",
    "scheme_dimensions_set",
    "target_create",
    "target_decompose",
    "target_update",
]


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
    where (`selectors.scheme_check`) and cannot be activated until they do. Managers and
    leadership write schemes."""
    require_scheme_author(actor)
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
def scheme_copy(*, actor, scheme: Scheme, valid_from) -> Scheme:
    """A new draft version of `scheme`'s post type with the same dimensions, indicators,
    rules and levels, in force from `valid_from` once activated: how a scheme in force
    is changed (the periods that use it keep it)."""
    require_scheme_author(actor)
    scheme = selectors.schemes_with_tree_unscoped().get(pk=scheme.pk)
    dimensions = [
        {
            "dimension": dimension.dimension,
            "weight": dimension.weight,
            "indicators": [
                {
                    "code": indicator.code,
                    "name": indicator.name,
                    "weight": indicator.weight,
                    "kind": indicator.kind,
                    "rule": indicator.rule,
                    "rule_params": indicator.rule_params,
                    "target_value": indicator.target_value,
                    "metric": indicator.metric,
                    "unit_label": indicator.unit_label,
                    "levels": [
                        {"label": lv.label, "description": lv.description, "points": lv.points}
                        for lv in indicator.levels.all()
                    ],
                }
                for indicator in dimension.indicators.all()
            ],
        }
        for dimension in scheme.dimensions.all()
    ]
    return scheme_create(
        actor=actor,
        post_type=scheme.post_type,
        name=scheme.name,
        valid_from=valid_from,
        dimensions=dimensions,
        self_scores_count=scheme.self_scores_count,
    )


@transaction.atomic
def scheme_activate(*, actor, scheme: Scheme) -> Scheme:
    """Put a draft in force from its `valid_from`. Refused while weights do not add up
    (the message says where). Earlier versions stay for the periods that use them."""
    require_scheme_author(actor)
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


def _draft(scheme: Scheme) -> Scheme:
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    if scheme.status != Scheme.Status.DRAFT:
        raise invalid(
            AssessmentError.SCHEME_IN_USE,
            _("Only a draft is changed: a scheme in force gets a new version."),
        )
    return scheme


def _weight(value, *, field: str) -> Decimal:
    try:
        weight = Decimal(str(value if value not in (None, "") else 0))
    except ArithmeticError as error:
        raise invalid(
            AssessmentError.WEIGHTS_DO_NOT_ADD_UP, _("Enter a number."), field=field
        ) from error
    if not weight.is_finite() or not 0 <= weight <= 100:
        raise invalid(
            AssessmentError.WEIGHTS_DO_NOT_ADD_UP,
            _("A weight is between 0 and 100."),
            field=field,
        )
    return weight


@transaction.atomic
def scheme_dimensions_set(*, actor, scheme: Scheme, weights: dict[str, Decimal]) -> Scheme:
    """Set a draft's dimension weights (德能勤绩廉): a weight above 0 adds or changes the
    dimension, 0 or none takes it out (only while it has no indicators). Refused unless
    the weights add up to 100, saying to what they add up."""
    require_scheme_author(actor)
    scheme = _draft(scheme)
    wanted = {code: _weight(weights.get(code), field=code) for code in Dimension.values}
    total = sum(wanted.values(), Decimal(0))
    if total != 100:
        raise invalid(
            AssessmentError.WEIGHTS_DO_NOT_ADD_UP,
            scoring.WeightProblem("scheme", total).message(),
            field="dimensions",
        )
    existing = {d.dimension: d for d in SchemeDimension.objects.filter(scheme=scheme)}
    for code, weight in wanted.items():
        dimension = existing.get(code)
        if weight == 0:
            if dimension is None:
                continue
            if dimension.indicators.exists():
                raise invalid(
                    AssessmentError.WEIGHTS_DO_NOT_ADD_UP,
                    _("%(dimension)s has indicators: remove them before taking it out.")
                    % {"dimension": dimension.get_dimension_display()},
                    field=code,
                )
            attribute_change(dimension, actor=actor, reason=_("Dimension taken out"))
            dimension.delete()
        elif dimension is None:
            save_with_history(
                SchemeDimension(scheme=scheme, dimension=code, weight=weight),
                actor=actor,
                reason=_("Dimension weights set"),
            )
        elif dimension.weight != weight:
            dimension.weight = weight
            save_with_history(dimension, actor=actor, reason=_("Dimension weights set"))
    return scheme


@transaction.atomic
def indicator_add(*, actor, scheme: Scheme, dimension: str, spec: dict) -> Indicator:
    """Add an indicator to a draft's dimension: quantitative (a rule, its parameters and
    usually a target), rubric (levels with points and descriptions) or computed (a
    registered metric, with or without a rule). Its code is unique in the scheme (uploads
    and targets name it); the dimension's indicator weights may not go above 100."""
    require_scheme_author(actor)
    scheme = _draft(scheme)
    target_dimension = SchemeDimension.objects.filter(scheme=scheme, dimension=dimension).first()
    if target_dimension is None:
        raise invalid(
            AssessmentError.WEIGHTS_DO_NOT_ADD_UP,
            _("Give the dimension a weight first."),
            field="dimension",
        )
    if spec.get("kind") not in Indicator.Kind.values:
        raise invalid(AssessmentError.RULE_PARAMS_INVALID, _("Choose a kind."), field="kind")
    spec = _validate_indicator(dict(spec))
    code = spec.get("code") or ""
    if Indicator.objects.filter(dimension__scheme=scheme, code=code).exists():
        raise invalid(
            AssessmentError.RULE_PARAMS_INVALID,
            _("The scheme already has an indicator “%(code)s”.") % {"code": code},
            field="code",
        )
    weight = _weight(spec.get("weight"), field="weight")
    inner = sum(
        (i.weight for i in Indicator.objects.filter(dimension=target_dimension)), Decimal(0)
    )
    if inner + weight > 100:
        raise invalid(
            AssessmentError.WEIGHTS_DO_NOT_ADD_UP,
            _("The indicator weights of %(dimension)s would add up to %(total)s%%, above 100%%.")
            % {
                "dimension": target_dimension.get_dimension_display(),
                "total": scoring._num(inner + weight),
            },
            field="weight",
        )
    indicator = save_with_history(
        Indicator(
            dimension=target_dimension,
            code=code,
            name=spec.get("name"),
            weight=weight,
            kind=spec.get("kind"),
            rule=spec["rule"],
            rule_params=spec["rule_params"],
            target_value=spec["target_value"],
            metric=spec.get("metric") or "",
            unit_label=spec.get("unit_label") or "",
        ),
        actor=actor,
        reason=_("Indicator added"),
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
            reason=_("Indicator added"),
        )
    return indicator


@transaction.atomic
def indicator_remove(*, actor, indicator: Indicator) -> None:
    """Take an indicator (and its rubric levels) out of a draft, with history."""
    require_scheme_author(actor)
    _draft(indicator.dimension.scheme)
    reason = _("Indicator removed")
    for level in RubricLevel.objects.filter(indicator=indicator):
        attribute_change(level, actor=actor, reason=reason)
        level.delete()
    attribute_change(indicator, actor=actor, reason=reason)
    indicator.delete()


def scheme_is_used(scheme: Scheme) -> bool:
    return Member.objects.filter(scheme=scheme).exists()


# --- targets --------------------------------------------------------------------------

_CHILD_LEVEL = TARGET_CHILD_LEVEL


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
    if parent is None and level != Target.Level.BUREAU:
        raise invalid(
            AssessmentError.TARGET_LEVEL_ORDER,
            _("A target without a parent is the bureau's target."),
            field="level",
        )
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


@transaction.atomic
def target_decompose(
    *, actor, parent: Target, children: list[dict], stretch_note: str | None = None
) -> list[Target]:
    """Split `parent` into targets one level below it, all of them or none. Each child is
    `{"unit": OrgUnit}` below a bureau target, `{"post": Post}` below a unit's, `{"staff":
    Staff}` below a post's, with its `"value"`; its unit is the post's or the person's.
    Together with the children already there they may add up to less than the parent (the
    tree shows the shortfall); above it only with a stretch stated on the parent, given
    here (recorded in the parent's history) or already there. One child per unit, post or
    person."""
    # No select_related: PostgreSQL locks no nullable side of an outer join (the post).
    parent = Target.objects.select_for_update().get(pk=parent.pk)
    level = _CHILD_LEVEL.get(parent.level)
    if level is None:
        raise invalid(
            AssessmentError.TARGET_LEVEL_ORDER,
            _("A personal target is not decomposed further."),
            field="level",
        )
    if not children:
        raise invalid(
            AssessmentError.TARGET_NO_CHILDREN,
            _("Give a value to at least one part."),
            field="children",
        )
    if stretch_note is not None and stretch_note.strip() != parent.stretch_note:
        require_manager(actor, unit=parent.unit)
        parent.stretch_note = stretch_note.strip()
        reason = _("Stretch stated") if parent.stretch_note else _("Stretch withdrawn")
        save_with_history(parent, actor=actor, reason=reason)
    existing = Target.objects.filter(parent=parent)
    taken = {
        Target.Level.UNIT: set(existing.values_list("unit_id", flat=True)),
        Target.Level.POST: set(existing.values_list("post_id", flat=True)),
        Target.Level.PERSON: set(existing.values_list("staff_id", flat=True)),
    }[level]
    created = []
    for child in children:
        part = {Target.Level.UNIT: "unit", Target.Level.POST: "post"}.get(level, "staff")
        holder = child[part]
        if holder.pk in taken:
            raise invalid(
                AssessmentError.TARGET_CHILD_EXISTS,
                _("%(name)s already has a target below this one: change that one.")
                % {"name": holder.name},
                field="children",
            )
        taken.add(holder.pk)
        unit = holder if level == Target.Level.UNIT else holder.unit
        require_manager(actor, unit=unit)
        target = Target(
            year=parent.year,
            indicator_code=parent.indicator_code,
            level=level,
            parent=parent,
            unit=unit,
            post=holder
            if level == Target.Level.POST
            else (parent.post if level == Target.Level.PERSON else None),
            staff=holder if level == Target.Level.PERSON else None,
            value=child["value"],
        )
        created.append(save_with_history(target, actor=actor, reason=_("Target decomposed")))
    _check_children(parent)
    return created


def _check_children(parent: Target) -> None:
    total = Target.objects.filter(parent=parent).aggregate(total=Sum("value"))["total"] or 0
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
