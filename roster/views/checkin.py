"""Checking in for today's duty; managers also see who of their units has checked in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from kernel.roles import Role, user_roles
from roster import selectors, services
from roster.domain import report_datetime, report_time
from roster.views.common import my_staff


@login_required
def checkin(request):
    """Today's duty of the person: time to report, the hygiene duty, the check-in button.
    Managers also see today's duties of their units and who has checked in."""
    me = my_staff(request)
    now = timezone.now()
    today = timezone.localdate(now)
    duties = list(
        selectors.duty_list_of_staff_unscoped(staff=me, start=today, end=today).select_related(
            "checkin"
        )
        if me
        else []
    )
    if request.method == "POST":
        duty = next((d for d in duties if str(d.pk) == request.POST.get("assignment")), None)
        if duty is None:
            messages.error(request, _("You have no duty today to check in for."))
        else:
            try:
                done = services.checkin_record(actor=request.user, assignment=duty, at=now)
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            else:
                if done.is_late:
                    messages.warning(
                        request,
                        _("Checked in, %(minutes)d minutes after the report time.")
                        % {"minutes": done.minutes_late},
                    )
                else:
                    messages.success(request, _("Checked in on time. Thank you."))
        return redirect("roster:checkin")
    rows = []
    for duty in duties:
        due = report_datetime(duty)
        minutes_left = int((due - now).total_seconds() // 60)
        rows.append(
            {
                "duty": duty,
                "report": timezone.localtime(due),
                "minutes_left": minutes_left,
                "checkin": getattr(duty, "checkin", None),
            }
        )
    unit_duties = (
        list(selectors.today_duty_list(user=request.user, day=today))
        if Role.MANAGER in user_roles(request.user)
        else []
    )
    for duty in unit_duties:
        duty.report_at = report_time(duty.duty_type)
    return render(
        request,
        "roster/checkin.html",
        {"rows": rows, "today": today, "unit_duties": unit_duties, "me": me},
    )


urlpatterns = [
    path("checkin/", checkin, name="checkin"),
]
