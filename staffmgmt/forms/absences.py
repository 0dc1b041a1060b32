"""Forms of the leave and coverage pages: they check input shape; the services check rules."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from staffmgmt.forms.org import DateInput, StaffChoiceField
from staffmgmt.models import Absence, Staff


class AbsenceRequestForm(forms.Form):
    staff = StaffChoiceField(
        queryset=Staff.objects.none(),
        required=False,
        label=_("For"),
        help_text=_("Leave empty to request leave for yourself."),
    )
    kind = forms.ChoiceField(label=_("Kind of leave"), choices=Absence.Kind.choices)
    start_date = forms.DateField(label=_("First day"), widget=DateInput)
    start_half = forms.ChoiceField(
        label=_("Starts"), choices=Absence.StartHalf.choices, initial="am"
    )
    end_date = forms.DateField(label=_("Last day"), widget=DateInput)
    end_half = forms.ChoiceField(label=_("Ends"), choices=Absence.EndHalf.choices, initial="pm")
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, staff_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only managers may name someone else; for everyone else the field is not offered.
        if staff_choices is None:
            del self.fields["staff"]
        else:
            self.fields["staff"].queryset = staff_choices


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)
    confirm_gaps = forms.BooleanField(required=False, widget=forms.HiddenInput)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)


class DateRangeForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput, required=False)
    end = forms.DateField(label=_("To"), widget=DateInput, required=False)

    def __init__(self, *args, default_days: int = 30, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_days = default_days
        today = timezone.localdate()
        self.fields["start"].initial = today
        self.fields["end"].initial = today + timedelta(days=default_days)

    def period(self):
        """(start, end) from the cleaned data, defaulting to today and `default_days` on."""
        data = getattr(self, "cleaned_data", {})
        start = data.get("start") or timezone.localdate()
        end = data.get("end") or start + timedelta(days=self.default_days)
        return start, end
