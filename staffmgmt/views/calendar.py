"""The work calendar page: a month grid, the year's holiday periods, and (for calendar
editors) overriding a day.

Reads come from the calendar selectors; overrides go through the calendar services (a
user who may not change the calendar gets a 403; a broken rule re-shows the form).
"""

import calendar as stdlib_calendar
from datetime import date, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kernel.forms import add_service_errors
from staffmgmt import selectors, services
from staffmgmt.models import DayKind

__all__ = ["urlpatterns"]


class MonthForm(forms.Form):
    year = forms.IntegerField(
        min_value=selectors.CALENDAR_FIRST_DAY.year, max_value=selectors.CALENDAR_LAST_DAY.year
    )
    month = forms.IntegerField(min_value=1, max_value=12)


class CalendarOverrideForm(forms.Form):
    date = forms.DateField(
        label=gettext_lazy("Day"),
        # A date input only takes ISO dates, whatever the language's date format.
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=DayKind.choices)
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=80,
        required=False,
        help_text=gettext_lazy("Empty: a holiday takes the name of its period."),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Why, e.g. the State Council notice; kept in the history."),
    )


def _month_url(day: date) -> str:
    return f"{reverse('staffmgmt:calendar')}?year={day.year}&month={day.month}"


def _shown_month(request) -> date:
    month_form = MonthForm(request.GET)
    if month_form.is_valid():
        return date(month_form.cleaned_data["year"], month_form.cleaned_data["month"], 1)
    if "year" in request.GET or "month" in request.GET:
        messages.warning(request, _("That month is not in the calendar; showing this month."))
    return timezone.localdate().replace(day=1)


def _weeks(month_start: date) -> list[list[date]]:
    """Monday-to-Sunday weeks covering the month (days of the months around included)."""
    return stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(
        month_start.year, month_start.month
    )


def _render_month(request, month_start: date, override_form: CalendarOverrideForm | None):
    weeks = _weeks(month_start)
    # The grid of January 1950 starts in 1949, where the calendar has nothing to say.
    first = max(weeks[0][0], selectors.CALENDAR_FIRST_DAY)
    last = min(weeks[-1][-1], selectors.CALENDAR_LAST_DAY)
    by_date = {entry.date: entry for entry in selectors.calendar_days(start=first, end=last)}
    month_end = (month_start + timedelta(days=31)).replace(day=1) - timedelta(days=1)
    year_start, year_end = date(month_start.year, 1, 1), date(month_start.year, 12, 31)
    can_edit = selectors.can_override_calendar(user=request.user)
    kind_labels = dict(DayKind.choices)
    context = {
        "month_start": month_start,
        "weekday_names": [WEEKDAYS_ABBR[i] for i in range(7)],
        "weeks": [[(day, by_date.get(day)) for day in week] for week in weeks],
        "special_days": [
            (entry, kind_labels[entry.kind])
            for day, entry in sorted(by_date.items())
            if month_start <= day <= month_end and (entry.name or entry.is_override)
        ],
        "periods": selectors.holiday_periods(start=year_start, end=year_end),
        "today": timezone.localdate(),
        "previous_url": _month_url(month_start - timedelta(days=1)),
        "next_url": _month_url(month_end + timedelta(days=1)),
        "today_url": reverse("staffmgmt:calendar"),
        "can_edit": can_edit,
        "year_provisional": selectors.is_provisional_year(year=month_start.year),
        "year_record": selectors.calendar_year_get(year=month_start.year),
    }
    if can_edit:
        context["override_form"] = override_form or CalendarOverrideForm(
            initial={"date": request.GET.get("day") or month_start}
        )
        context["overrides"] = list(
            selectors.calendar_override_list().filter(date__range=(month_start, month_end))
        )
        record = context["year_record"]
        context["year_history"] = (
            list(record.history.select_related("history_user").order_by("-history_id"))
            if record
            else []
        )
    return render(request, "staffmgmt/calendar_month.html", context)


@login_required
def calendar_month(request):
    """GET: the month grid; POST (calendar editors): override a day or drop an override."""
    if request.method != "POST":
        return _render_month(request, _shown_month(request), None)
    if not selectors.can_override_calendar(user=request.user):
        raise PermissionDenied(_("You may not change the work calendar."))
    if request.POST.get("action") == "remove":
        return _remove_override(request)
    if request.POST.get("action") in {"confirm_year", "reopen_year"}:
        return _confirm_year(request)
    form = CalendarOverrideForm(request.POST)
    if form.is_valid():
        day = form.cleaned_data["date"]
        try:
            services.calendar_override_set(
                actor=request.user,
                day=day,
                kind=form.cleaned_data["kind"],
                name=form.cleaned_data["name"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(day)s is now overridden.") % {"day": day})
            return redirect(_month_url(day))
    shown = form.cleaned_data.get("date") if hasattr(form, "cleaned_data") else None
    month_start = (shown or _shown_month(request)).replace(day=1)
    return _render_month(request, month_start, form)


def _remove_override(request):
    day_field = forms.DateField()
    try:
        day = day_field.clean(request.POST.get("date"))
        services.calendar_override_remove(
            actor=request.user, day=day, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("staffmgmt:calendar"))
    messages.success(
        request, _("The override of %(day)s is removed; the default applies.") % {"day": day}
    )
    return redirect(_month_url(day))


def _confirm_year(request):
    year_field = forms.IntegerField()
    action = request.POST["action"]
    try:
        year = year_field.clean(request.POST.get("year"))
        if action == "confirm_year":
            services.calendar_year_confirm(
                actor=request.user, year=year, note=request.POST.get("note", "")[:200]
            )
            messages.success(request, _("The %(year)d calendar is confirmed.") % {"year": year})
        else:
            services.calendar_year_reopen(
                actor=request.user, year=year, reason=request.POST.get("note", "")[:200]
            )
            messages.success(
                request, _("The %(year)d calendar is provisional again.") % {"year": year}
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("staffmgmt:calendar"))
    return redirect(f"{reverse('staffmgmt:calendar')}?year={year}&month=1")


urlpatterns = [
    path("calendar/", calendar_month, name="calendar"),
]
