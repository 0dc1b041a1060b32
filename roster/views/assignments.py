"""Hand edits of a roster: adding a duty, and on the grid a duty's own page (a cell
clicked) to move, swap, replace or remove it; undoing an edit of the log; accepting a
proposed replacement. Rule breaks are shown, then confirmed with a reason, on the page."""

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
    DutyMoveForm,
    DutyRemoveForm,
    DutyReplaceForm,
    DutySwapForm,
)
from staffmgmt import selectors as staff_selectors


def _managed_roster(request, pk):
    roster = selectors.roster_get_for_user(user=request.user, pk=pk)
    if not staff_selectors.can_manage_unit(user=request.user, unit=roster.unit):
        raise PermissionDenied
    return roster


def _month_url(roster, day) -> str:
    return roster.get_absolute_url() + f"?year={day.year}&month={day.month}"


def _run(form, operation: str, call, field_map=None) -> tuple[bool, list]:
    """Call the service; a confirmation shows its warnings and arms the form's confirm
    flag, an error goes on the form (on the field it is about, through `field_map`).
    Returns (done, warnings)."""
    try:
        call()
    except ConfirmationRequired as needed:
        form.data = form.data.copy()
        form.data[f"{operation}-confirm"] = "on"
        return False, needed.warnings
    except ValidationError as error:
        add_service_errors(form, error, field_map=field_map)
        return False, []
    return True, []


@login_required
def roster_edit(request, pk, operation):
    """Add a duty by hand (a person and a day); rule breaks are shown and confirmed here."""
    roster = _managed_roster(request, pk)
    if operation != "add":
        raise Http404
    if request.method != "POST":
        return redirect(roster.get_absolute_url())
    staff = staff_selectors.staff_of_unit_list(user=request.user, unit=roster.unit)
    form = AssignmentAddForm(request.POST, staff=staff, prefix="add")
    warnings = []
    if form.is_valid():
        data = form.cleaned_data
        done, warnings = _run(
            form,
            operation,
            lambda: services.assignment_add(
                actor=request.user,
                roster=roster,
                staff=data["staff"],
                date=data["date"],
                confirm=data["confirm"],
                reason=data["reason"],
            ),
        )
        if done:
            messages.success(request, _("Roster changed."))
            return redirect(_month_url(roster, data["date"]))
    return render(
        request,
        "roster/assignment_edit.html",
        {"roster": roster, "form": form, "operation": operation, "warnings": warnings},
    )


DUTY_ACTIONS = ("move", "swap", "replace", "remove")


def _duty_forms(staff, duty, bound_action=None, data=None) -> dict:
    others = staff.exclude(pk=duty.staff_id).order_by("name")
    makers = {
        "move": lambda d: DutyMoveForm(d, prefix="move", initial={"to_date": duty.date}),
        "swap": lambda d: DutySwapForm(d, staff=others, prefix="swap"),
        "replace": lambda d: DutyReplaceForm(d, staff=others, prefix="replace"),
        "remove": lambda d: DutyRemoveForm(d, prefix="remove"),
    }
    return {
        action: make(data if action == bound_action else None) for action, make in makers.items()
    }


@login_required
def duty_edit(request, pk, assignment_pk, action=None):
    """A duty of the grid: its day's team and the forms to move, swap, replace or remove
    it. A POST to one action runs it; warnings come back on that form to confirm."""
    roster = _managed_roster(request, pk)
    duty = selectors.duty_of_roster_get_for_manager(
        user=request.user, roster=roster, pk=assignment_pk
    )
    if duty is None or (action is not None and action not in DUTY_ACTIONS):
        raise Http404
    if action is not None and request.method != "POST":
        return redirect("roster:duty-edit", roster.pk, duty.pk)
    staff = staff_selectors.staff_of_unit_list(user=request.user, unit=roster.unit)
    forms = _duty_forms(staff, duty, action, request.POST if action else None)
    warnings: list = []
    if action is not None:
        form = forms[action]
        if form.is_valid():
            done, warnings, day = _duty_action(request, roster, duty, action, form)
            if done:
                messages.success(request, _("Roster changed; the change is in the edit log."))
                return redirect(_month_url(roster, day) + "#edit-log")
    team = (
        roster.assignments.filter(date=duty.date)
        .exclude(pk=duty.pk)
        .select_related("staff")
        .order_by("staff__name")
    )
    return render(
        request,
        "roster/duty_edit.html",
        {
            "roster": roster,
            "duty": duty,
            "team": team,
            "forms": forms,
            "posted": action,
            "warnings": warnings,
        },
    )


def _duty_action(request, roster, duty, action, form):
    data = form.cleaned_data
    common = {"actor": request.user, "confirm": data["confirm"], "reason": data["reason"]}
    day = duty.date
    if action == "move":
        day = data["to_date"]

        def call():
            services.assignment_move(assignment=duty, to_date=data["to_date"], **common)

    elif action == "replace":

        def call():
            services.assignment_replace(assignment=duty, to_staff=data["to_staff"], **common)

    elif action == "swap":
        other = roster.assignments.filter(staff=data["with_staff"], date=data["with_date"]).first()
        if other is None:
            form.add_error(
                "with_date",
                _("%(name)s has no duty of this roster on that day.")
                % {"name": data["with_staff"].name},
            )
            return False, [], day

        def call():
            services.assignment_swap(assignment=duty, other=other, **common)

    else:

        def call():
            services.assignment_remove(assignment=duty, **common)

    done, warnings = _run(form, action, call, field_map=FIELD_MAPS[action])
    return done, warnings, day


# Where a service's error about a field shows on each cell form.
FIELD_MAPS = {
    "move": {"date": "to_date"},
    "replace": {"staff": "to_staff", "date": "to_staff"},
    "swap": {"with_assignment": "with_date"},
    "remove": {},
}


@login_required
@require_POST
def edit_undo(request, pk, edit_pk):
    """Undo an entry of the roster's edit log (refused, with the reason, once stale)."""
    roster = _managed_roster(request, pk)
    edit = selectors.roster_edit_get_for_manager(user=request.user, roster=roster, pk=edit_pk)
    if edit is None:
        raise Http404
    try:
        services.roster_edit_undo(actor=request.user, edit=edit)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The edit was undone."))
    return redirect(roster.get_absolute_url() + "#edit-log")


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
    return redirect(_month_url(roster, assignment.date))


urlpatterns = [
    path("<int:pk>/edit/<str:operation>/", roster_edit, name="roster-edit"),
    path(
        "<int:pk>/duties/<int:assignment_pk>/accept-replacement/",
        accept_replacement,
        name="accept-replacement",
    ),
    path("<int:pk>/duties/<int:assignment_pk>/", duty_edit, name="duty-edit"),
    path(
        "<int:pk>/duties/<int:assignment_pk>/<str:action>/",
        duty_edit,
        name="duty-action",
    ),
    path("<int:pk>/edits/<int:edit_pk>/undo/", edit_undo, name="edit-undo"),
]
