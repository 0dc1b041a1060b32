"""Acting holders: a manager fills a coverage gap (A and B both away) with someone present
who has the post's skills. Reached from each gap on the coverage-gap list."""

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kernel.forms import add_service_errors
from kernel.roles import Role, user_roles
from staffmgmt import selectors, services
from staffmgmt.forms.org import StaffChoiceField
from staffmgmt.models import Staff


class ActingForm(forms.Form):
    acting_holder = StaffChoiceField(
        queryset=Staff.objects.none(), label=gettext_lazy("Acting holder")
    )
    halves = forms.MultipleChoiceField(
        label=gettext_lazy("Half days"),
        choices=[("am", gettext_lazy("morning")), ("pm", gettext_lazy("afternoon"))],
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200, required=False)


def _day(value: str) -> date:
    try:
        day = date.fromisoformat(value)
    except ValueError as error:
        raise Http404 from error
    if not selectors.within_calendar(start=day, end=day):
        raise Http404
    return day


@login_required
def acting_for_gap(request, post_id: int, day: str):
    if Role.MANAGER not in user_roles(request.user):
        raise PermissionDenied(_("Only managers assign acting holders."))
    day = _day(day)
    post = selectors.acting_post_get_for_user(user=request.user, pk=post_id)
    coverage = selectors.post_coverage_list_unscoped(posts=[post], start=day, end=day)
    gap_halves = tuple(c.half for c in coverage if c.is_gap)
    candidates = selectors.acting_candidate_list_unscoped(
        post=post, day=day, halves=gap_halves or ("am", "pm")
    )
    form = ActingForm(request.POST or None, initial={"halves": list(gap_halves)})
    form.fields["acting_holder"].queryset = selectors.staff_by_ids_unscoped(
        ids=[c.pk for c in candidates]
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.acting_assign(
                actor=request.user,
                post=post,
                day=day,
                halves=tuple(form.cleaned_data["halves"]),
                acting_holder=form.cleaned_data["acting_holder"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s acts at %(post)s.")
                % {"name": form.cleaned_data["acting_holder"].name, "post": post.name},
            )
            return redirect(request.path)
    acting = list(selectors.acting_list_for_post_unscoped(post=post, start=day, end=day))
    history = list(selectors.acting_history_for_post_unscoped(post=post, day=day))
    return render(
        request,
        "staffmgmt/acting_for_gap.html",
        {
            "post": post,
            "day": day,
            "coverage": coverage,
            "gap_halves": gap_halves,
            "candidates": candidates,
            "form": form,
            "acting": acting,
            "history": history,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def acting_remove(request, pk: int):
    acting = get_object_or_404(selectors.acting_list(user=request.user), pk=pk)
    back = reverse("staffmgmt:acting_for_gap", args=[acting.post_id, acting.date.isoformat()])
    try:
        services.acting_remove(
            actor=request.user, acting=acting, reason=request.POST.get("reason", "")[:200]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The acting assignment is removed."))
    return redirect(back)


urlpatterns = [
    # Before the gap page: "remove" would otherwise be read as its day.
    path("coverage/acting/<int:pk>/remove/", acting_remove, name="acting_remove"),
    path("coverage/acting/<int:post_id>/<str:day>/", acting_for_gap, name="acting_for_gap"),
]
