"""A cadre's duty wishes: days to avoid or to be on duty, and preferred weekdays."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kernel.forms import add_service_errors
from roster import selectors, services
from roster.forms import (
    DutyPreferenceForm,
    DutyWeekdaysForm,
)
from staffmgmt import selectors as staff_selectors


@login_required
def duty_preferences(request):
    """A cadre's duty wishes: days to avoid or to be on duty, and preferred weekdays."""
    staff = staff_selectors.staff_for_user(user=request.user)
    if staff is None:
        raise PermissionDenied
    action = request.POST.get("action") if request.method == "POST" else None
    add_form = DutyPreferenceForm(request.POST if action == "add" else None, prefix="add")
    weekdays_form = DutyWeekdaysForm(
        request.POST if action == "weekdays" else None,
        prefix="weekdays",
        initial={"weekdays": sorted(selectors.duty_weekdays_of_staff_unscoped(staff=staff))},
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
            "preferences": selectors.duty_preference_list_of_staff_unscoped(
                staff=staff, from_day=today
            ),
            "add_form": add_form,
            "weekdays_form": weekdays_form,
            "max_avoid": services.MAX_AVOID_DAYS_PER_MONTH,
        },
    )


@login_required
@require_POST
def duty_preference_remove(request, pk):
    preference = selectors.duty_preference_get_for_user(user=request.user, pk=pk)
    services.duty_preference_remove(actor=request.user, preference=preference)
    messages.success(request, _("Wish withdrawn."))
    return redirect("roster:duty-preferences")


urlpatterns = [
    path("preferences/", duty_preferences, name="duty-preferences"),
    path("preferences/<int:pk>/remove/", duty_preference_remove, name="duty-preference-remove"),
]
