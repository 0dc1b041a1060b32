"""Roster pages. Views read through selectors and change through services only."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kernel.errors import ConfirmationRequired
from kernel.forms import add_service_errors
from roster import selectors, services
from roster.domain import explanation_text, report_time
from roster.forms import (
    AssignmentAddForm,
    AssignmentMoveForm,
    AssignmentRemoveForm,
    DutyPreferenceForm,
    DutyTypeForm,
    DutyWeekdaysForm,
    GenerateForm,
)
from staffmgmt import selectors as staff_selectors


def _managed_units(user):
    units = staff_selectors.units_managed_by(user)
    if not units.exists():
        raise PermissionDenied
    return units


@login_required
def roster_index(request):
    rosters = selectors.roster_list(request.user).order_by("unit__path", "-start_date")
    return render(
        request,
        "roster/roster_list.html",
        {
            "rosters": rosters,
            "can_manage": staff_selectors.units_managed_by(request.user).exists(),
        },
    )


@login_required
def duty_type_list(request):
    return render(
        request,
        "roster/duty_type_list.html",
        {
            "duty_types": selectors.duty_type_list(request.user).order_by("unit__path", "name"),
            "can_manage": staff_selectors.units_managed_by(request.user).exists(),
        },
    )


@login_required
def duty_type_edit(request, pk=None):
    units = _managed_units(request.user)
    duty_type = selectors.duty_type_get_for_user(request.user, pk) if pk else None
    initial = {}
    if duty_type is not None:
        initial = {
            field: getattr(duty_type, field)
            for field in ("unit", *services.DUTY_TYPE_EDITABLE_FIELDS)
        }
        initial["required_skills"] = [r.skill for r in duty_type.required_skills.all()]
    form = DutyTypeForm(
        request.POST or None,
        initial=initial,
        units=units,
        skills=staff_selectors.skill_list(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        skills = {skill: 1 for skill in data.pop("required_skills")}
        try:
            if duty_type is None:
                services.duty_type_create(actor=request.user, required_skills=skills, **data)
            else:
                data.pop("unit")
                for field in ("start_time", "end_time", "comp_days_per_duty"):
                    if data[field] is None:
                        data.pop(field)
                services.duty_type_update(
                    actor=request.user, duty_type=duty_type, required_skills=skills, **data
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Duty type saved."))
            return redirect("roster:duty-type-list")
    return render(request, "roster/duty_type_form.html", {"form": form, "duty_type": duty_type})


@login_required
def roster_generate(request):
    units = _managed_units(request.user)
    duty_types = selectors.duty_type_list(request.user).filter(unit__in=units, is_active=True)
    form = GenerateForm(request.POST or None, duty_types=duty_types)
    if request.method == "POST" and form.is_valid():
        try:
            roster = services.roster_generate(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Roster generated as a draft; check it and publish it."))
            return redirect(roster.get_absolute_url())
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
    names = selectors.roster_staff_names(roster)
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
    roster = selectors.roster_get_for_user(request.user, pk)
    can_manage = staff_selectors.can_manage_unit(request.user, roster.unit)
    year, month = _month(request, roster)
    grid = selectors.roster_month_grid(roster, year, month)
    context = {
        "roster": roster,
        "grid": grid,
        "figures": _figures_for_display(roster),
        "can_manage": can_manage,
        "report_time": report_time(roster.duty_type),
    }
    if can_manage:
        staff = staff_selectors.staff_of_unit_list(user=request.user, unit=roster.unit)
        assignments = roster.assignments.select_related("staff", "duty_type").order_by(
            "date", "staff__name"
        )
        context.update(
            {
                "add_form": AssignmentAddForm(staff=staff, prefix="add"),
                "move_form": AssignmentMoveForm(
                    assignments=assignments, staff=staff, prefix="move"
                ),
                "remove_form": AssignmentRemoveForm(assignments=assignments, prefix="remove"),
            }
        )
    return render(request, "roster/roster_detail.html", context)


@login_required
@require_POST
def roster_publish(request, pk):
    roster = selectors.roster_get_for_user(request.user, pk)
    try:
        services.roster_publish(actor=request.user, roster=roster)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Roster published; the people on it were notified."))
    return redirect(roster.get_absolute_url())


@login_required
def roster_edit(request, pk, operation):
    """Add, move or remove a duty by hand; rule breaks are shown and confirmed here."""
    roster = selectors.roster_get_for_user(request.user, pk)
    if not staff_selectors.can_manage_unit(request.user, roster.unit):
        raise PermissionDenied
    staff = staff_selectors.staff_of_unit_list(user=request.user, unit=roster.unit)
    assignments = roster.assignments.select_related("staff", "duty_type").order_by(
        "date", "staff__name"
    )
    forms_by_operation = {
        "add": lambda data: AssignmentAddForm(data, staff=staff, prefix="add"),
        "move": lambda data: AssignmentMoveForm(
            data, assignments=assignments, staff=staff, prefix="move"
        ),
        "remove": lambda data: AssignmentRemoveForm(data, assignments=assignments, prefix="remove"),
    }
    if operation not in forms_by_operation:
        raise Http404
    if request.method != "POST":
        return redirect(roster.get_absolute_url())
    form = forms_by_operation[operation](request.POST)
    warnings = []
    if form.is_valid():
        data = form.cleaned_data
        try:
            if operation == "add":
                services.assignment_add(
                    actor=request.user,
                    roster=roster,
                    staff=data["staff"],
                    date=data["date"],
                    confirm=data["confirm"],
                    reason=data["reason"],
                )
            elif operation == "move":
                services.assignment_move(
                    actor=request.user,
                    assignment=data["assignment"],
                    to_staff=data["to_staff"],
                    to_date=data["to_date"],
                    confirm=data["confirm"],
                    reason=data["reason"],
                )
            else:
                services.assignment_remove(
                    actor=request.user,
                    assignment=data["assignment"],
                    reason=data["reason"],
                    confirm=data["confirm"],
                )
        except ConfirmationRequired as needed:
            warnings = needed.warnings
            form.data = form.data.copy()
            form.data[f"{operation}-confirm"] = "on"
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Roster changed."))
            return redirect(roster.get_absolute_url())
    return render(
        request,
        "roster/assignment_edit.html",
        {
            "roster": roster,
            "form": form,
            "operation": operation,
            "warnings": warnings,
        },
    )


@login_required
@require_POST
def accept_replacement(request, pk, assignment_pk):
    roster = selectors.roster_get_for_user(request.user, pk)
    assignment = roster.assignments.filter(pk=assignment_pk).first()
    if assignment is None:
        raise Http404
    try:
        services.assignment_accept_replacement(actor=request.user, assignment=assignment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The proposed replacement now has the duty."))
    return redirect(
        roster.get_absolute_url() + f"?year={assignment.date.year}&month={assignment.date.month}"
    )


@login_required
def my_duties(request):
    today = timezone.localdate()
    staff = staff_selectors.staff_for_user(request.user)
    duties = selectors.duties_for_staff(staff, today, date(today.year + 1, 12, 31))
    rows = [(duty, report_time(duty.duty_type)) for duty in duties]
    return render(request, "roster/my_duties.html", {"rows": rows, "staff": staff})


@login_required
def duty_preferences(request):
    """A cadre's duty wishes: days to avoid or to be on duty, and preferred weekdays."""
    staff = staff_selectors.staff_for_user(request.user)
    if staff is None:
        raise PermissionDenied
    action = request.POST.get("action") if request.method == "POST" else None
    add_form = DutyPreferenceForm(request.POST if action == "add" else None, prefix="add")
    weekdays_form = DutyWeekdaysForm(
        request.POST if action == "weekdays" else None,
        prefix="weekdays",
        initial={"weekdays": sorted(selectors.duty_weekdays_of(staff))},
    )
    if action == "add" and add_form.is_valid():
        data = add_form.cleaned_data
        try:
            services.duty_preference_set(
                actor=request.user,
                staff=staff,
                day=data["date"],
                kind=data["kind"],
                note=data["note"],
            )
        except ValidationError as error:
            add_service_errors(add_form, error)
        else:
            messages.success(request, _("Your wish is noted."))
            return redirect("roster:duty-preferences")
    elif action == "weekdays" and weekdays_form.is_valid():
        try:
            services.duty_weekdays_set(
                actor=request.user, staff=staff, weekdays=weekdays_form.cleaned_data["weekdays"]
            )
        except ValidationError as error:
            add_service_errors(weekdays_form, error)
        else:
            messages.success(request, _("Your preferred weekdays are saved."))
            return redirect("roster:duty-preferences")
    today = timezone.localdate()
    return render(
        request,
        "roster/preferences.html",
        {
            "staff": staff,
            "preferences": selectors.my_duty_preferences(staff, from_day=today),
            "add_form": add_form,
            "weekdays_form": weekdays_form,
            "max_avoid": services.MAX_AVOID_DAYS_PER_MONTH,
        },
    )


@login_required
@require_POST
def duty_preference_remove(request, pk):
    preference = selectors.duty_preference_get_for_user(request.user, pk)
    services.duty_preference_remove(actor=request.user, preference=preference)
    messages.success(request, _("Wish withdrawn."))
    return redirect("roster:duty-preferences")
