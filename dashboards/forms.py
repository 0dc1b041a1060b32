"""The period and unit a dashboard or report is asked for: parsed, never trusted."""

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_PERIOD_DAYS = 3 * 366


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)  # ISO in any language


def default_period(today: date | None = None) -> tuple[date, date]:
    """The last twelve months, this one included."""
    today = today or timezone.localdate()
    first = today.replace(day=1)
    year, month = (first.year - 1, first.month + 1) if first.month < 12 else (first.year, 1)
    return date(year, month, 1), today


MAX_ID = 2**63 - 1  # a bigint key: anything larger is bad input, not "not found"


class PeriodForm(forms.Form):
    unit = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )
    # Which window's or person's panels a panel endpoint is asked for (checked against the
    # reader's scope by the view, like `unit`).
    window = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )
    staff = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        default_start, default_end = default_period()
        start = data.get("start") or default_start
        end = data.get("end") or default_end
        if start > end:
            self.add_error("end", _("The end is before the start."))
        elif (end - start) > timedelta(days=MAX_PERIOD_DAYS):
            self.add_error("end", _("A period is at most three years."))
        data["start"], data["end"] = start, end
        return data


class MonthForm(forms.Form):
    unit = forms.IntegerField(min_value=1, max_value=MAX_ID)
    month = forms.RegexField(
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        label=_("Month"),
        error_messages={"invalid": _("Give the month as YYYY-MM.")},
    )

    def clean_month(self) -> date:
        year, month = (int(part) for part in self.cleaned_data["month"].split("-"))
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Give a month between 2000 and 2100."))
        return date(year, month, 1)
