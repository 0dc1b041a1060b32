"""Managers' and leaders' pages: periods and their stages, the scoring grid, the upload
of actual values, the leadership review with the quota, objections, schemes (targets:
assessment.views.targets)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from assessment import scoring, selectors, services
from assessment.forms import (
    AdvanceForm,
    AnnualPartsForm,
    AnswerForm,
    DimensionWeightsForm,
    GradeChangeForm,
    ImportForm,
    IndicatorForm,
    PeriodCreateForm,
    PeriodEnrollForm,
    RewardForm,
    SchemeCopyForm,
    SchemeCreateForm,
)
from assessment.models import STATE_ORDER, Indicator, Objection, Period, RubricLevel, Scheme
from kernel.errors import ConfirmationRequired
from kernel.forms import add_service_errors
from kernel.roles import Role, user_has_role, user_roles
from staffmgmt import selectors as staff_selectors


def _reviewer_only(request) -> None:
    if not (request.user.is_superuser or user_roles(request.user) & selectors.REVIEWER_ROLES):
        raise PermissionDenied


@login_required
def period_list(request):
    _reviewer_only(request)
    is_manager = request.user.is_superuser or user_has_role(request.user, Role.MANAGER)
    post_types = sorted(
        set(Scheme.objects.filter(status=Scheme.Status.ACTIVE).values_list("post_type", flat=True))
    )
    form = None
    if is_manager:
        form = PeriodCreateForm(
            request.POST if request.method == "POST" else None,
            units=staff_selectors.managed_org_unit_list(user=request.user),
            post_types=post_types,
        )
        if request.method == "POST" and form.is_valid():
            try:
                period = services.period_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Period opened."))
                return redirect("assessment:period-detail", period.pk)
    elif request.method == "POST":
        raise PermissionDenied
    periods = selectors.period_list(user=request.user).order_by("-start_date", "-id")
    return render(request, "assessment/period_list.html", {"periods": periods, "form": form})


@login_required
def period_detail(request, pk):
    _reviewer_only(request)
    period = selectors.period_get_for_user(user=request.user, pk=pk)
    advance_form = AdvanceForm()
    import_form = ImportForm()
    quarters = selectors.annual_quarter_candidates(user=request.user, period=period)
    parts = selectors.annual_part_list(period=period)
    annual_form = AnnualPartsForm(quarters=quarters, parts=parts)
    can_manage = staff_selectors.can_manage_unit(user=request.user, unit=period.unit)
    can_enroll = can_manage and STATE_ORDER.index(period.state) < STATE_ORDER.index(
        Period.State.SCORING
    )
    enroll_form = None
    if can_enroll:
        enroll_form = PeriodEnrollForm(
            staff=selectors.enrolment_candidate_list(user=request.user, period=period),
            post_types=selectors.active_post_types(),
            prefix="enrol",
        )
    confirmation = None
    if request.method == "POST":
        step = request.POST.get("step")
        try:
            if step == "enroll":
                if enroll_form is None:
                    raise PermissionDenied
                enroll_form = PeriodEnrollForm(
                    request.POST,
                    staff=enroll_form.fields["staff"].queryset,
                    post_types=selectors.active_post_types(),
                    prefix="enrol",
                )
                if not enroll_form.is_valid():
                    raise ValidationError(_("Correct the enrolment."))
                member = services.period_enroll(
                    actor=request.user, period=period, **enroll_form.cleaned_data
                )
                messages.success(
                    request, _("%(name)s is enrolled in the period.") % {"name": member.staff.name}
                )
            elif step == "annual":
                annual_form = AnnualPartsForm(request.POST, quarters=quarters, parts=parts)
                if not annual_form.is_valid():
                    raise ValidationError(_("Correct the weights."))
                services.period_set_annual_parts(
                    actor=request.user,
                    period=period,
                    own_weight=annual_form.cleaned_data.get("own") or 0,
                    quarters=annual_form.weights(),
                )
                messages.success(request, _("The annual score's weights are saved."))
            elif step == "advance":
                services.period_advance(
                    actor=request.user, period=period, confirm=request.POST.get("confirm") == "1"
                )
                messages.success(request, _("The period moved to its next stage."))
            elif step == "compute":
                services.period_compute_results(actor=request.user, period=period)
                messages.success(request, _("Results computed."))
            elif step == "import":
                import_form = ImportForm(request.POST, request.FILES)
                if not import_form.is_valid():
                    raise ValidationError(import_form.errors.get("file") or _("Choose a file."))
                upload = import_form.cleaned_data["file"]
                count = services.actuals_import(
                    actor=request.user, period=period, content=upload.read(), filename=upload.name
                )
                messages.success(request, _("%(n)d values uploaded.") % {"n": count})
            else:
                raise PermissionDenied
        except ConfirmationRequired as needed:
            confirmation = needed
        except ValidationError as error:
            target = {
                "import": import_form,
                "annual": annual_form,
                "enroll": enroll_form,
            }.get(step, advance_form)
            add_service_errors(target, error)
        else:
            return redirect("assessment:period-detail", period.pk)
        period.refresh_from_db()
    members = selectors.reviewed_member_list(user=request.user, period=period)
    return render(
        request,
        "assessment/period_detail.html",
        {
            "period": period,
            "member_count": members.count(),
            "advance_form": advance_form,
            "import_form": import_form,
            "annual_form": annual_form if period.kind == "annual" else None,
            "annual_parts": parts,
            "enroll_form": enroll_form,
            "can_set_annual": can_manage and not period.is_frozen,
            "confirmation": confirmation,
            "turnout": selectors.turnout(user=request.user, period=period),
            "can_advance": can_manage and period.state not in ("review", "archived"),
            "can_compute": can_manage and period.state in ("scoring", "democratic", "review"),
            "is_leader": request.user.is_superuser or user_has_role(request.user, Role.LEADERSHIP),
        },
    )


def _decimal(raw: str):
    raw = (raw or "").strip().replace(",", "")
    if not raw:
        return None
    try:
        return Decimal(raw)
    except InvalidOperation as error:
        raise ValidationError({"actual_value": [_("Enter a number.")]}) from error


@login_required
def score_grid(request, pk):
    """Members by indicators in one table. With JavaScript each cell saves as it changes
    (through the API); without, the form posts the whole grid and saves what changed."""
    _reviewer_only(request)
    period = selectors.period_get_for_user(user=request.user, pk=pk)
    grids = selectors.score_grid(user=request.user, period=period)
    errors: dict[int, list[str]] = {}
    if request.method == "POST":
        saved = 0
        for grid in grids:
            for _member, cells in grid.rows:
                for score in cells:
                    if score is None or score.indicator.kind == Indicator.Kind.COMPUTED:
                        continue
                    key = f"s{score.pk}"
                    comment = request.POST.get(f"{key}-comment", score.comment)
                    try:
                        if score.indicator.kind == Indicator.Kind.RUBRIC:
                            level_id = request.POST.get(f"{key}-level") or None
                            if not level_id or (
                                str(score.level_id) == level_id and comment == score.comment
                            ):
                                continue
                            level = RubricLevel.objects.filter(
                                pk=level_id, indicator=score.indicator
                            ).first()
                            services.score_set(
                                actor=request.user, score=score, level=level, comment=comment
                            )
                        else:
                            value = _decimal(request.POST.get(f"{key}-actual", ""))
                            if value is None or value == score.actual_value:
                                continue
                            services.score_set(
                                actor=request.user, score=score, actual_value=value, comment=comment
                            )
                        saved += 1
                    except ValidationError as error:
                        errors[score.pk] = error.messages
        if not errors:
            messages.success(request, _("%(n)d scores saved.") % {"n": saved})
            return redirect("assessment:score-grid", period.pk)
        grids = selectors.score_grid(user=request.user, period=period)
    return render(
        request,
        "assessment/score_grid.html",
        {"period": period, "grids": grids, "errors": errors, "editable": not period.is_frozen},
    )


@login_required
def review(request, pk):
    """Leadership's review: the proposal with ranks, rules and the quota; grade changes
    with a reason; approval (which publishes)."""
    _reviewer_only(request)
    period = selectors.period_get_for_user(user=request.user, pk=pk)
    results = list(selectors.reviewed_result_list(user=request.user, period=period))
    form_errors = None
    failed_result = None
    if request.method == "POST":
        step = request.POST.get("step")
        form = GradeChangeForm(request.POST) if step == "grade" else RewardForm(request.POST)
        try:
            if step == "approve":
                services.period_approve(actor=request.user, period=period)
                messages.success(request, _("Approved: the results are published."))
                return redirect("assessment:review", period.pk)
            result = next((r for r in results if str(r.pk) == request.POST.get("result")), None)
            if result is None:
                raise Http404
            failed_result = result.pk
            if not form.is_valid():
                raise ValidationError([m for msgs in form.errors.values() for m in msgs])
            if step == "grade":
                services.result_grade_change(actor=request.user, result=result, **form.cleaned_data)
                messages.success(request, _("Grade changed."))
            elif step == "reward":
                services.reward_record(actor=request.user, result=result, **form.cleaned_data)
                messages.success(request, _("Recorded."))
            else:
                raise PermissionDenied
            return redirect("assessment:review", period.pk)
        except ValidationError as error:
            form_errors = error.messages
    return render(
        request,
        "assessment/review.html",
        {
            "period": period,
            "results": results,
            "quota": selectors.quota_summary(results=results, period=period),
            "form_errors": form_errors,
            "failed_result": failed_result,
            "grade_form": GradeChangeForm(),
            "reward_form": RewardForm(),
            "is_leader": request.user.is_superuser or user_has_role(request.user, Role.LEADERSHIP),
        },
    )


@login_required
def objections(request, pk):
    _reviewer_only(request)
    period = selectors.period_get_for_user(user=request.user, pk=pk)
    items = list(
        selectors.objection_list(user=request.user, period=period)
        .exclude(member__staff__user=request.user)
        .order_by("status", "-created_at")
    )
    forms = {o.pk: AnswerForm(objection=o, prefix=f"o{o.pk}") for o in items}
    if request.method == "POST":
        objection = next((o for o in items if str(o.pk) == request.POST.get("objection")), None)
        if objection is None:
            raise Http404
        form = AnswerForm(request.POST, objection=objection, prefix=f"o{objection.pk}")
        forms[objection.pk] = form
        if form.is_valid():
            data = form.cleaned_data
            level = (
                RubricLevel.objects.filter(
                    pk=data["level"], indicator__scores=objection.score_id
                ).first()
                if data.get("level")
                else None
            )
            try:
                services.objection_answer(
                    actor=request.user,
                    objection=objection,
                    upheld=data["decision"] == "upheld",
                    answer=data["answer"],
                    actual_value=data.get("actual_value"),
                    level=level,
                    grade=data.get("grade") or None,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Answered."))
                return redirect("assessment:objections", period.pk)
    rows = [(o, forms[o.pk]) for o in items]
    return render(
        request,
        "assessment/objections.html",
        {"period": period, "rows": rows, "open_status": Objection.Status.OPEN},
    )


def _scheme_author(user) -> bool:
    return user.is_superuser or bool(user_roles(user) & selectors.REVIEWER_ROLES)


@require_GET
@login_required
def scheme_list(request):
    schemes = list(selectors.scheme_list(user=request.user))
    rows = [(s, selectors.scheme_check(scheme=s)) for s in schemes]
    return render(
        request,
        "assessment/scheme_list.html",
        {"rows": rows, "can_create": _scheme_author(request.user)},
    )


@login_required
def scheme_create(request):
    """A manager or leader starts a draft: post type, name, day in force and the five
    dimension weights (which must add up to 100); indicators follow on its page."""
    if not _scheme_author(request.user):
        raise PermissionDenied
    form = SchemeCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        weights = form.weights()
        total = sum(weights.values(), Decimal(0))
        try:
            if total != 100:
                # The page asks for the dimensions up front (a draft from the API may
                # still be incomplete): the same message as the scheme's own check.
                raise ValidationError(scoring.WeightProblem("scheme", total).message())
            scheme = services.scheme_create(
                actor=request.user,
                post_type=data["post_type"].strip(),
                name=data["name"],
                valid_from=data["valid_from"],
                self_scores_count=data["self_scores_count"],
                dimensions=[
                    {"dimension": code, "weight": weight}
                    for code, weight in weights.items()
                    if weight
                ],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Draft created: add its indicators."))
            return redirect("assessment:scheme-detail", scheme.pk)
    post_types = sorted(
        set(selectors.scheme_list(user=request.user).values_list("post_type", flat=True))
    )
    return render(request, "assessment/scheme_form.html", {"form": form, "post_types": post_types})


@login_required
def scheme_detail(request, pk):
    """A scheme's dimensions and indicators with their rules in words. On a draft, a
    manager or leader sets the dimension weights, adds and removes indicators and puts
    it in force once the weights add up; every refusal re-shows the form that caused it."""
    from assessment.providers import DEMOCRATIC_METRIC, metric_choices

    scheme = selectors.scheme_get_for_user(user=request.user, pk=pk)
    editable = scheme.status == Scheme.Status.DRAFT and _scheme_author(request.user)
    metrics = metric_choices()
    weights_form = DimensionWeightsForm(scheme=scheme) if editable else None
    indicator_form = IndicatorForm(scheme=scheme, metrics=metrics) if editable else None
    activate_errors: list[str] = []
    if request.method == "POST":
        if not _scheme_author(request.user):
            raise PermissionDenied
        if request.POST.get("step") == "copy":
            copy_form = SchemeCopyForm(request.POST)
            if copy_form.is_valid():
                draft = services.scheme_copy(
                    actor=request.user,
                    scheme=scheme,
                    valid_from=copy_form.cleaned_data["valid_from"],
                )
                messages.success(
                    request, _("New version drafted: change it, then put it in force.")
                )
                return redirect("assessment:scheme-detail", draft.pk)
            messages.error(request, " ".join(copy_form.errors.get("valid_from", [])))
            return redirect("assessment:scheme-detail", scheme.pk)
        if not editable:
            messages.error(
                request, _("Only a draft is changed: a scheme in force gets a new version.")
            )
            return redirect("assessment:scheme-detail", scheme.pk)
        step = request.POST.get("step", "activate")
        try:
            if step == "dimensions":
                weights_form = DimensionWeightsForm(request.POST, scheme=scheme)
                if weights_form.is_valid():
                    services.scheme_dimensions_set(
                        actor=request.user, scheme=scheme, weights=weights_form.weights()
                    )
                    messages.success(request, _("Dimension weights saved."))
                    return redirect("assessment:scheme-detail", scheme.pk)
            elif step == "indicator":
                indicator_form = IndicatorForm(request.POST, scheme=scheme, metrics=metrics)
                if indicator_form.is_valid():
                    services.indicator_add(
                        actor=request.user,
                        scheme=scheme,
                        dimension=indicator_form.cleaned_data["dimension"],
                        spec=indicator_form.spec(),
                    )
                    messages.success(request, _("Indicator added."))
                    return redirect("assessment:scheme-detail", scheme.pk)
            elif step == "remove":
                indicator = Indicator.objects.filter(
                    dimension__scheme=scheme, pk=request.POST.get("indicator") or 0
                ).first()
                if indicator is None:
                    raise Http404
                services.indicator_remove(actor=request.user, indicator=indicator)
                messages.success(request, _("Indicator removed."))
                return redirect("assessment:scheme-detail", scheme.pk)
            elif step == "activate":
                services.scheme_activate(actor=request.user, scheme=scheme)
                messages.success(request, _("The scheme is in force."))
                return redirect("assessment:scheme-detail", scheme.pk)
            else:
                raise PermissionDenied
        except ValidationError as error:
            if step == "dimensions":
                add_service_errors(weights_form, error)
            elif step == "indicator":
                add_service_errors(
                    indicator_form, error, field_map={"rule_params": "rule", "levels": "levels"}
                )
            else:
                activate_errors = error.messages
        scheme = selectors.scheme_get_for_user(user=request.user, pk=pk)
    dimensions = []
    for dimension in scheme.dimensions.all():
        indicators = []
        for indicator in dimension.indicators.all():
            if indicator.metric == DEMOCRATIC_METRIC:
                words = scoring.democratic_rule_in_words(3)
            elif indicator.kind == Indicator.Kind.COMPUTED and not indicator.rule:
                words = selectors._metric_as_points()
            else:
                words = scoring.rule_in_words(
                    indicator.rule, indicator.rule_params, indicator.target_value
                )
            indicators.append((indicator, words))
        dimensions.append((dimension, indicators))
    return render(
        request,
        "assessment/scheme_detail.html",
        {
            "scheme": scheme,
            "dimensions": dimensions,
            "check": selectors.scheme_check(scheme=scheme),
            "editable": editable,
            "weights_form": weights_form,
            "indicator_form": indicator_form,
            "activate_errors": activate_errors,
            "copy_form": SchemeCopyForm() if _scheme_author(request.user) else None,
        },
    )
