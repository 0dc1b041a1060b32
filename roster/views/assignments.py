"""Hand edits of a roster (add, move, remove a duty) and accepting a proposed replacement;
rule breaks are shown and confirmed on the page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kernel.errors import ConfirmationRequired
from kernel.forms import add_service_errors
from roster import selectors, services
from roster.forms import (
    AssignmentAddForm,
    AssignmentMoveForm,
    AssignmentRemoveForm,
)
from staffmgmt import selectors as staff_selectors


@login_required
def roster_edit(request, pk, operation):
    """Add, move or remove a duty by hand; rule breaks are shown and confirmed here."""
    roster = selectors.roster_get_for_user(user=request.user, pk=pk)
    if not staff_selectors.can_manage_unit(user=request.user, unit=roster.unit):
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
    roster = selectors.roster_get_for_user(user=request.user, pk=pk)
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


urlpatterns = [
    path("<int:pk>/edit/<str:operation>/", roster_edit, name="roster-edit"),
    path(
        "<int:pk>/duties/<int:assignment_pk>/accept-replacement/",
        accept_replacement,
        name="accept-replacement",
    ),
]
