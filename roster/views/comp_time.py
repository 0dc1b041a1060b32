"""My compensatory time: the balance and the request form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from kernel.forms import add_service_errors
from roster import selectors, services
from roster.forms import (
    CompTimeForm,
)
from roster.views.common import my_staff
from staffmgmt import selectors as staff_selectors
from staffmgmt.models import Absence


@login_required
def comp_time(request):
    """My compensatory time: earned by holiday duty, taken, pending, the balance, and the
    request form (checked against the balance; approved like any leave)."""
    me = my_staff(request)
    if me is None:
        raise PermissionDenied(_("Your account has no staff record."))
    form = CompTimeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.comp_time_request(actor=request.user, staff=me, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Compensatory time off requested; it awaits approval."))
            return redirect("roster:comp-time")
    absences = (
        staff_selectors.absence_list(user=request.user)
        .filter(staff=me, kind=Absence.Kind.COMPENSATORY)
        .order_by("-start_date")[:50]
    )
    return render(
        request,
        "roster/comp_time.html",
        {
            "form": form,
            "balance": selectors.comp_time_balance_unscoped(staff=me),
            "absences": absences,
        },
        status=400 if form.errors else 200,
    )


urlpatterns = [
    path("comp-time/", comp_time, name="comp-time"),
]
