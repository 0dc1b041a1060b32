"""Swap pages: asking a colleague, and each step of a swap (accept, decline, cancel,
approve, reject); a broken rule re-shows the page with the service's message."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kernel.forms import add_service_errors
from roster import selectors, services
from roster.forms import (
    NoteForm,
    SwapRequestForm,
)
from roster.models import SwapRequest
from roster.views.common import my_staff
from staffmgmt import selectors as staff_selectors


@login_required
def swap_list(request):
    """My duties with the swap request form; requests to me, from me, and (for managers)
    those of my units waiting for a decision."""
    me = my_staff(request)
    form = SwapRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.swap_request(actor=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, PermissionDenied):
                error = ValidationError(str(error))
            add_service_errors(form, error)
        else:
            messages.success(request, _("Swap requested; your colleague has been asked."))
            return redirect("roster:swap-list")
    # Each open swap says who decides it (never one of its two people: ADR 0005).
    swaps = selectors.swap_decisions(
        user=request.user,
        swaps=selectors.swap_list(user=request.user).order_by("-created_at")[:200],
    )
    managed = set(
        staff_selectors.managed_org_unit_list(user=request.user).values_list("pk", flat=True)
    )
    today = timezone.localdate()
    my_duties = (
        selectors.duty_list_of_staff_unscoped(
            staff=me, start=today, end=today + timedelta(days=400)
        )
        if me
        else []
    )
    return render(
        request,
        "roster/swap_list.html",
        {
            "form": form,
            "me": me,
            "my_duties": my_duties,
            "incoming": [s for s in swaps if me and s.counterpart_id == me.pk],
            "outgoing": [s for s in swaps if me and s.requester_id == me.pk],
            "to_decide": [
                s
                for s in swaps
                if s.assignment.roster.unit_id in managed
                and s.status in SwapRequest.OPEN_STATUSES
                and (me is None or s.requester_id != me.pk)
            ],
            "open_statuses": SwapRequest.OPEN_STATUSES,
        },
        status=400 if form.errors else 200,
    )


SWAP_ACTIONS = {
    "accept": (services.swap_accept, False, gettext_lazy("You accepted the swap.")),
    "decline": (services.swap_decline, True, gettext_lazy("You declined the swap.")),
    "cancel": (services.swap_cancel, False, gettext_lazy("The swap request is cancelled.")),
    "approve": (services.swap_approve, True, gettext_lazy("The swap is approved.")),
    "reject": (services.swap_reject, True, gettext_lazy("The swap is rejected.")),
}


@login_required
@require_POST
def swap_action(request, pk: int, action: str):
    if action not in SWAP_ACTIONS:
        raise Http404
    swap = selectors.swap_get_for_user(user=request.user, pk=pk)
    service, takes_note, done = SWAP_ACTIONS[action]
    kwargs = {"actor": request.user, "swap": swap}
    if takes_note:
        note_form = NoteForm(request.POST)
        kwargs["note"] = note_form.cleaned_data["note"] if note_form.is_valid() else ""
    try:
        service(**kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied as error:
        messages.error(request, str(error) or _("You may not do this."))
    else:
        messages.success(request, str(done))
    return redirect("roster:swap-list")


urlpatterns = [
    path("swaps/", swap_list, name="swap-list"),
    path("swaps/<int:pk>/<str:action>/", swap_action, name="swap-action"),
]
