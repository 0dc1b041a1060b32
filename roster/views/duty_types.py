"""Duty type pages: the list, and the form that creates or changes one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from kernel.forms import add_service_errors
from roster import selectors, services
from roster.forms import (
    DutyTypeForm,
)
from roster.views.common import managed_units_or_403
from staffmgmt import selectors as staff_selectors


@login_required
def duty_type_list(request):
    return render(
        request,
        "roster/duty_type_list.html",
        {
            "duty_types": selectors.duty_type_list(user=request.user).order_by(
                "unit__path", "name"
            ),
            "can_manage": staff_selectors.managed_org_unit_list(user=request.user).exists(),
        },
    )


@login_required
def duty_type_edit(request, pk=None):
    units = managed_units_or_403(request.user)
    duty_type = selectors.duty_type_get_for_user(user=request.user, pk=pk) if pk else None
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
        skills=staff_selectors.skill_list(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        skills = {skill: 1 for skill in data.pop("required_skills")}
        try:
            if duty_type is None:
                services.duty_type_create(actor=request.user, required_skills=skills, **data)
            else:
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


urlpatterns = [
    path("duty-types/", duty_type_list, name="duty-type-list"),
    path("duty-types/new/", duty_type_edit, name="duty-type-create"),
    path("duty-types/<int:pk>/edit/", duty_type_edit, name="duty-type-edit"),
]
