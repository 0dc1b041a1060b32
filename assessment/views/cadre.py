"""A cadre's pages: their periods, scorecard (self-assessment and objection on it) and
the democratic appraisal ballot. Reads through selectors, writes through services; a
broken rule re-shows the page with the service's message."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from assessment import selectors, services
from assessment.forms import ObjectionForm, SelfAssessmentForm, VoteForm
from assessment.models import Indicator, Member, Period, RubricLevel
from assessment.services.objections import objection_deadline
from assessment.services.votes import my_ballot_choices
from kernel.forms import add_service_errors

RECEIPT_COOKIE = "hm_ballot_{period}"
# The receipt lives in the voter's browser only (not in the session, which the database
# stores): a year is longer than any appraisal stage.
RECEIPT_MAX_AGE = 366 * 24 * 3600


@require_GET
@login_required
def my_periods(request):
    periods = selectors.period_list(user=request.user).order_by("-start_date")
    mine = {
        m.period_id: m
        for m in selectors.member_list(user=request.user)
        .filter(staff__user=request.user)
        .select_related("result")
    }
    rows = [(period, mine.get(period.pk)) for period in periods]
    return render(request, "assessment/my_periods.html", {"rows": rows})


def _member_or_404(request, pk) -> Member:
    member = selectors.member_list(user=request.user).filter(pk=pk).first()
    if member is None:
        raise Http404
    return member


@require_GET
@login_required
def my_scorecard(request, period_pk):
    period = selectors.period_get_for_user(user=request.user, pk=period_pk)
    member = selectors.member_for_user(user=request.user, period=period)
    if member is None:
        raise Http404
    return redirect("assessment:scorecard", member.pk)


@login_required
def scorecard(request, pk):
    member = _member_or_404(request, pk)
    period = member.period
    own = member.staff.user_id == request.user.pk
    dimensions = selectors.scorecard(user=request.user, member=member)
    scores = [line.score for d in dimensions for line in d.lines]
    rubric_scores = [s for s in scores if s.indicator.kind == Indicator.Kind.RUBRIC]
    self_form = None
    objection_form = None
    if own and period.state == Period.State.SELF_ASSESSMENT:
        self_form = SelfAssessmentForm(
            request.POST if request.POST.get("form") == "self" else None,
            rubric_scores=rubric_scores,
            initial={"summary": member.self_summary},
        )
    deadline = objection_deadline(period)
    can_object = (
        own
        and period.state == Period.State.PUBLISHED
        and deadline
        and timezone.localdate() <= deadline
    )
    if can_object:
        objection_form = ObjectionForm(
            request.POST if request.POST.get("form") == "objection" else None, scores=scores
        )
    if request.method == "POST":
        posted = request.POST.get("form")
        # Only the forms this person is shown may be posted (own, and in the right stage).
        shown = {"self": self_form, "objection": objection_form}
        if shown.get(posted) is None:
            raise PermissionDenied
        if posted == "self" and self_form.is_valid():
            levels = {}
            for score in rubric_scores:
                level_id = self_form.cleaned_data.get(f"self_{score.pk}")
                levels[score.pk] = (
                    RubricLevel.objects.filter(pk=level_id, indicator=score.indicator).first()
                    if level_id
                    else None
                )
            try:
                services.self_assessment_save(
                    actor=request.user,
                    member=member,
                    summary=self_form.cleaned_data["summary"],
                    self_levels=levels,
                )
            except ValidationError as error:
                add_service_errors(self_form, error)
            else:
                messages.success(request, _("Self-assessment saved."))
                return redirect("assessment:scorecard", member.pk)
        elif posted == "objection" and objection_form.is_valid():
            score_id = objection_form.cleaned_data.get("score")
            score = next((s for s in scores if str(s.pk) == score_id), None)
            try:
                services.objection_file(
                    actor=request.user,
                    member=member,
                    score=score,
                    statement=objection_form.cleaned_data["statement"],
                )
            except ValidationError as error:
                add_service_errors(objection_form, error)
            else:
                messages.success(request, _("Objection filed: the reviewer will answer."))
                return redirect("assessment:scorecard", member.pk)
    try:
        result = member.result
    except Member.result.RelatedObjectDoesNotExist:
        result = None
    # Results are shown to the cadre once published; reviewers see them while reviewing.
    show_result = result is not None and (period.is_frozen or not own)
    history = []
    if own:
        for past in (
            selectors.member_list(user=request.user)
            .filter(staff=member.staff, period__state__in=["published", "archived"])
            .select_related("period", "result")
            .order_by("-period__start_date")
        ):
            history.append(past)
    return render(
        request,
        "assessment/scorecard.html",
        {
            "member": member,
            "period": period,
            "own": own,
            "dimensions": dimensions,
            "result": result if show_result else None,
            "self_form": self_form,
            "objection_form": objection_form,
            "deadline": deadline,
            "objections": selectors.objection_list(user=request.user).filter(member=member),
            "consequences": selectors.consequence_list(user=request.user, member=member),
            "history": history,
        },
    )


@login_required
def vote(request, period_pk):
    period = selectors.period_get_for_user(user=request.user, pk=period_pk)
    if selectors.member_for_user(user=request.user, period=period) is None:
        # Only the period's own cadres vote; reviewers follow the turnout elsewhere.
        raise Http404
    cookie = RECEIPT_COOKIE.format(period=period.pk)
    receipt = request.COOKIES.get(cookie)
    colleagues = selectors.colleagues_to_appraise(user=request.user, period=period)
    voted = selectors.has_voted(user=request.user, period=period)
    current = my_ballot_choices(actor=request.user, period=period, receipt=receipt)
    form = VoteForm(
        request.POST if request.method == "POST" else None, colleagues=colleagues, current=current
    )
    new_receipt = None
    if request.method == "POST" and form.is_valid():
        try:
            cast = services.ballot_cast(
                actor=request.user, period=period, votes=form.votes(), receipt=receipt
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            new_receipt = cast.receipt
            messages.success(
                request,
                _("Your votes are changed.") if cast.changed else _("Your votes are recorded."),
            )
            response = redirect("assessment:vote", period.pk)
            response.set_cookie(
                cookie, new_receipt, max_age=RECEIPT_MAX_AGE, httponly=True, samesite="Lax"
            )
            return response
    response = render(
        request,
        "assessment/vote.html",
        {
            "period": period,
            "form": form,
            "voted": voted,
            "can_change": bool(current),
            "open": period.state == Period.State.DEMOCRATIC,
            "turnout": selectors.turnout(user=request.user, period=period),
        },
    )
    return response
