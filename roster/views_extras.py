"""Pages for swaps, check-in, the calendar feed, printing, Excel export, compensatory time
and duty notices. Views read through selectors and change through services only; a broken
rule re-shows the page with the service's message, never a 500.
"""

from __future__ import annotations

import calendar as pycalendar
from datetime import date, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kernel.forms import add_service_errors
from kernel.roles import Role, user_roles
from roster import selectors, services
from roster.models import DutyAssignment, SwapRequest
from roster.services.checkin import report_datetime
from roster.services.generation import report_time
from staffmgmt import selectors as staff_selectors
from staffmgmt.models import Absence, OrgUnit, Staff

__all__ = ["urlpatterns"]


def _me(request) -> Staff | None:
    return staff_selectors.staff_for_user(request.user)


# --- swaps ---------------------------------------------------------------------------


class DutyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: DutyAssignment) -> str:
        return f"{obj.date:%Y-%m-%d} · {obj.duty_type.name} · {obj.staff.name}"


class SwapRequestForm(forms.Form):
    assignment = DutyChoiceField(
        queryset=DutyAssignment.objects.none(), label=gettext_lazy("My duty")
    )
    counterpart = forms.ModelChoiceField(
        queryset=Staff.objects.none(), label=gettext_lazy("Colleague")
    )
    counterpart_assignment = DutyChoiceField(
        queryset=DutyAssignment.objects.none(),
        required=False,
        label=gettext_lazy("Colleague's duty in exchange"),
        help_text=gettext_lazy("Leave empty if the colleague takes your duty over."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, me: Staff | None, **kwargs):
        super().__init__(*args, **kwargs)
        if me is None:
            return
        self.fields["assignment"].queryset = selectors.swappable_duties(me).order_by("date")
        colleagues = selectors.swap_colleagues(me)
        self.fields["counterpart"].queryset = colleagues.order_by("name")
        self.fields["counterpart"].label_from_instance = lambda s: s.name
        self.fields["counterpart_assignment"].queryset = selectors.swappable_duties(
            colleagues
        ).order_by("date", "staff__name")


class NoteForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=500)


@login_required
def swap_list(request):
    """My duties with the swap request form; requests to me, from me, and (for managers)
    those of my units waiting for a decision."""
    me = _me(request)
    form = SwapRequestForm(request.POST or None, me=me)
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
        request.user, selectors.swap_list(request.user).order_by("-created_at")[:200]
    )
    managed = set(staff_selectors.units_managed_by(request.user).values_list("pk", flat=True))
    today = timezone.localdate()
    my_duties = selectors.duties_for_staff(me, today, today + timedelta(days=400)) if me else []
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
    swap = selectors.swap_get_for_user(request.user, pk)
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


# --- check-in ------------------------------------------------------------------------


@login_required
def checkin(request):
    """Today's duty of the person: time to report, the hygiene duty, the check-in button.
    Managers also see today's duties of their units and who has checked in."""
    me = _me(request)
    now = timezone.now()
    today = timezone.localdate(now)
    duties = list(
        selectors.duties_for_staff(me, today, today).select_related("checkin") if me else []
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
        list(selectors.today_duties_of_units(request.user, today))
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


# --- calendar feed -------------------------------------------------------------------


@login_required
def feed(request):
    """My private calendar URL: show and copy it, renew (new secret) or revoke it."""
    me = _me(request)
    if me is None:
        raise PermissionDenied(_("Your account has no staff record."))
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.feed_token_revoke(actor=request.user, staff=me)
            messages.success(request, _("Your calendar feed is turned off."))
        else:
            services.feed_token_issue(actor=request.user, staff=me)
            messages.success(request, _("A new calendar feed URL is ready; the old one stops."))
        return redirect("roster:feed")
    token = selectors.feed_token_active(me)
    url = ""
    if token is not None:
        url = request.build_absolute_uri(
            reverse("roster:feed-ics", args=[token.token])
            + f"?lang={translation.get_language() or 'en'}"
        )
    return render(request, "roster/feed.html", {"token": token, "url": url})


def feed_ics(request, token: str):
    """The iCalendar feed. Anonymous by design: calendar apps cannot log in, so the secret
    token in the URL is the credential; an unknown or revoked token is a 404."""
    found = selectors.feed_token_lookup(token)
    language = request.GET.get("lang", "")
    if language not in {code for code, _name in _languages()}:
        language = "en"
    with translation.override(language):
        body = selectors.feed_calendar(found.staff)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="duties.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


def _languages():
    from django.conf import settings

    return settings.LANGUAGES


# --- print and export ----------------------------------------------------------------


class UnitMonthForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=gettext_lazy("Unit"))
    year = forms.IntegerField(min_value=2000, max_value=2100, label=gettext_lazy("Year"))
    month = forms.IntegerField(min_value=1, max_value=12, label=gettext_lazy("Month"))
    person = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = staff_selectors.org_unit_list(user).order_by("path")


@login_required
def print_month(request):
    """A printable month (A4 landscape): the unit's grid of published duties, then a list
    per person; `person=<id>` prints only that person's list."""
    me = _me(request)
    today = timezone.localdate()
    data = request.GET.copy()
    data.setdefault("year", str(today.year))
    data.setdefault("month", str(today.month))
    if "unit" not in data and me is not None:
        data["unit"] = str(me.unit_id)
    form = UnitMonthForm(data, user=request.user)
    if not form.is_valid():
        return render(request, "roster/print_month.html", {"form": form}, status=400)
    unit = form.cleaned_data["unit"]
    year, month = form.cleaned_data["year"], form.cleaned_data["month"]
    grid = selectors.roster_month_grid(unit, year, month)
    person = form.cleaned_data.get("person")
    people = [
        {
            "staff": row.staff,
            "duties": [
                (day, a, report_time(a.duty_type))
                for day, cell in zip(grid.days, row.cells, strict=True)
                for a in cell
            ],
        }
        for row in grid.rows
        if person is None or row.staff.pk == person
    ]
    last = date(year, month, pycalendar.monthrange(year, month)[1])
    roles = user_roles(request.user)
    return render(
        request,
        "roster/print_month.html",
        {
            "form": form,
            "unit": unit,
            "grid": grid,
            "people": people,
            "person": person,
            "show_grid": person is None,
            "can_export": bool(roles & {Role.MANAGER, Role.LEADERSHIP}),
            "export_query": f"unit={unit.pk}&start={grid.first_day.isoformat()}"
            f"&end={last.isoformat()}",
        },
    )


class ExportForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none())
    start = forms.DateField()
    end = forms.DateField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = staff_selectors.org_unit_list(user)


@login_required
def export_xlsx(request):
    """The unit's published duties in a date range as an Excel workbook (managers and
    leadership of units they may see)."""
    if not user_roles(request.user) & {Role.MANAGER, Role.LEADERSHIP}:
        raise PermissionDenied(_("Only managers and leaders may export rosters."))
    form = ExportForm(request.GET, user=request.user)
    if not form.is_valid():
        return HttpResponse(
            " ".join(f"{field}: {' '.join(errs)}" for field, errs in form.errors.items()),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    data = form.cleaned_data
    try:
        body = services.roster_export_xlsx(unit=data["unit"], start=data["start"], end=data["end"])
    except ValidationError as error:
        return HttpResponse(
            " ".join(error.messages), status=400, content_type="text/plain; charset=utf-8"
        )
    response = HttpResponse(
        body,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"roster-{data['unit'].code}-{data['start']:%Y%m%d}-{data['end']:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- compensatory time ---------------------------------------------------------------


class CompTimeForm(forms.Form):
    start_date = forms.DateField(
        label=gettext_lazy("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    start_half = forms.ChoiceField(
        label=gettext_lazy("Starts"), choices=Absence.StartHalf.choices, initial="am"
    )
    end_date = forms.DateField(
        label=gettext_lazy("Last day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end_half = forms.ChoiceField(
        label=gettext_lazy("Ends"), choices=Absence.EndHalf.choices, initial="pm"
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), required=False, max_length=500)


@login_required
def comp_time(request):
    """My compensatory time: earned by holiday duty, taken, pending, the balance, and the
    request form (checked against the balance; approved like any leave)."""
    me = _me(request)
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
        staff_selectors.absence_list(request.user)
        .filter(staff=me, kind=Absence.Kind.COMPENSATORY)
        .order_by("-start_date")[:50]
    )
    return render(
        request,
        "roster/comp_time.html",
        {
            "form": form,
            "balance": selectors.comp_time_balance(me),
            "absences": absences,
        },
        status=400 if form.errors else 200,
    )


# --- notifications -------------------------------------------------------------------


@login_required
def notifications(request):
    items = list(selectors.notification_list(request.user).order_by("-created_at")[:100])
    return render(request, "roster/notifications.html", {"items": items})


@login_required
@require_POST
def notifications_read(request):
    ids = request.POST.getlist("id")
    chosen = [int(i) for i in ids if i.isdigit()] if ids else None
    services.notification_mark_read(actor=request.user, notification_ids=chosen)
    return redirect("roster:notifications")


urlpatterns = [
    path("swaps/", swap_list, name="swap-list"),
    path("swaps/<int:pk>/<str:action>/", swap_action, name="swap-action"),
    path("checkin/", checkin, name="checkin"),
    path("feed/", feed, name="feed"),
    path("feed/<str:token>.ics", feed_ics, name="feed-ics"),
    path("print/", print_month, name="print"),
    path("export.xlsx", export_xlsx, name="export-xlsx"),
    path("comp-time/", comp_time, name="comp-time"),
    path("notifications/", notifications, name="notifications"),
    path("notifications/read/", notifications_read, name="notifications-read"),
]
