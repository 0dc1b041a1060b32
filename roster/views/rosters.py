"""Roster pages: the list, generating a draft, a roster's month and figures, publishing,
and my duties."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from kernel.forms import add_service_errors
from roster import selectors, services
from roster.domain import explanation_text, report_time
from roster.forms import AssignmentAddForm, GenerateForm, ReasonForm
from roster.views.common import managed_units_or_403
from staffmgmt import selectors as staff_selectors


@login_required
def roster_index(request):
    rosters = selectors.roster_list(user=request.user).order_by("unit__path", "-start_date")
    return render(
        request,
        "roster/roster_list.html",
        {
            "rosters": rosters,
            "can_manage": staff_selectors.managed_org_unit_list(user=request.user).exists(),
        },
    )


@login_required
def roster_generate(request):
    units = managed_units_or_403(request.user)
    duty_types = selectors.duty_type_list(user=request.user).filter(unit__in=units, is_active=True)
    form = GenerateForm(request.POST or None, duty_types=duty_types)
    if request.method == "POST" and form.is_valid():
        try:
            # Answered at once: the solve runs in a worker; the job page shows its progress
            # and, when done, the draft.
            job = services.roster_generation_start(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Generation started; this page shows its progress and the roster.")
            )
            return redirect(job.get_absolute_url())
    return render(
        request,
        "roster/generate.html",
        {"form": form, **_preference_summary(request.user, form)},
    )


def _preference_summary(user, form) -> dict:
    """How many people stated duty wishes: for the chosen range once the form has one,
    otherwise for the days ahead in all the units the manager plans for."""
    data = getattr(form, "cleaned_data", {}) or {}
    start, end, duty_type = data.get("start_date"), data.get("end_date"), data.get("duty_type")
    if start and end and duty_type and start <= end:
        count = selectors.duty_preference_people_count(
            user=user, start=start, end=end, unit=duty_type.unit
        )
        return {"preference_people": count, "preference_range": (start, end)}
    today = timezone.localdate()
    ahead = date(today.year + 1, 12, 31)
    count = selectors.duty_preference_people_count(user=user, start=today, end=ahead)
    return {"preference_people": count}


def _month(request, roster) -> tuple[int, int]:
    try:
        year = int(request.GET.get("year", ""))
        month = int(request.GET.get("month", ""))
        date(year, month, 1)
        return year, month
    except ValueError:
        today = timezone.localdate()
        if roster.start_date <= today <= roster.end_date:
            return today.year, today.month
        return roster.start_date.year, roster.start_date.month


def _figures_for_display(roster) -> dict:
    figures = dict(roster.figures or {})
    names = selectors.roster_staff_names_unscoped(roster=roster)
    figures["people"] = sorted(
        (
            (names.get(int(pk), pk), n, figures.get("year_counts", {}).get(pk, n))
            for pk, n in figures.get("counts", {}).items()
        ),
        key=lambda row: str(row[0]),
    )
    figures["relaxation_texts"] = [
        explanation_text(
            r["code"],
            r["params"],
            duty_name=roster.duty_type.name,
            staff_names=names,
            fallback=r.get("message", ""),
        )
        for r in figures.get("relaxations", []) + figures.get("notes", [])
    ]
    return figures


@login_required
def roster_detail(request, pk):
    roster = selectors.roster_get_for_user(user=request.user, pk=pk)
    can_manage = staff_selectors.can_manage_unit(user=request.user, unit=roster.unit)
    year, month = _month(request, roster)
    grid = selectors.roster_month_grid_unscoped(roster_or_unit=roster, year=year, month=month)
    context = {
        "roster": roster,
        "grid": grid,
        "figures": _figures_for_display(roster),
        "can_manage": can_manage,
        "report_time": report_time(roster.duty_type),
    }
    if can_manage:
        staff = staff_selectors.staff_of_unit_list(user=request.user, unit=roster.unit)
        context.update(
            {
                "add_form": AssignmentAddForm(staff=staff, prefix="add"),
                "edits": list(
                    selectors.roster_edit_list(user=request.user, roster=roster)[:EDIT_LOG_LENGTH]
                ),
            }
        )
    return render(request, "roster/roster_detail.html", context)


# The roster page shows the newest edits; older ones stay in the API (/api/roster-edits/).
EDIT_LOG_LENGTH = 20


def _managed_roster(request, pk):
    roster = selectors.roster_get_for_user(user=request.user, pk=pk)
    if not staff_selectors.can_manage_unit(user=request.user, unit=roster.unit):
        raise PermissionDenied
    return roster


@login_required
def roster_publish(request, pk):
    """Publishing asks first: the page shows what goes out (duties, people, days staffed
    other than asked, duties needing a replacement); its button publishes."""
    roster = _managed_roster(request, pk)
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.roster_publish(actor=request.user, roster=roster)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Roster published; the people on it were notified."))
            return redirect(roster.get_absolute_url())
    return render(
        request,
        "roster/roster_publish.html",
        {
            "roster": roster,
            "summary": selectors.roster_publish_summary_unscoped(roster=roster),
            "figures": _figures_for_display(roster),
            "errors": errors,
        },
    )


@login_required
def roster_withdraw(request, pk):
    """Take a published roster back to draft, with a reason told to everyone on it."""
    roster = _managed_roster(request, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.roster_withdraw(
                actor=request.user, roster=roster, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Roster withdrawn to draft; the people on it were notified.")
            )
            return redirect(roster.get_absolute_url())
    return render(request, "roster/roster_withdraw.html", {"roster": roster, "form": form})


@login_required
def my_duties(request):
    today = timezone.localdate()
    staff = staff_selectors.staff_for_user(user=request.user)
    duties = selectors.duty_list_of_staff_unscoped(
        staff=staff, start=today, end=date(today.year + 1, 12, 31)
    )
    rows = [(duty, report_time(duty.duty_type)) for duty in duties]
    return render(request, "roster/my_duties.html", {"rows": rows, "staff": staff})


urlpatterns = [
    path("", roster_index, name="roster-list"),
    path("mine/", my_duties, name="my-duties"),
    path("generate/", roster_generate, name="generate"),
    path("<int:pk>/", roster_detail, name="roster-detail"),
    path("<int:pk>/publish/", roster_publish, name="roster-publish"),
    path("<int:pk>/withdraw/", roster_withdraw, name="roster-withdraw"),
]
