"""Forms of the integrity pages: they check input shape; the services check the rules."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from integrity_files.models import Category, RecordKind, Source, Talk


class DateInput(forms.DateInput):
    input_type = "date"


class RecordForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=RecordKind.choices)
    occurred_on = forms.DateField(label=_("Date"), widget=DateInput)
    source = forms.ChoiceField(label=_("Source"), choices=Source.choices)
    points = forms.IntegerField(label=_("Points"), initial=0, min_value=-1000, max_value=1000)
    facts = forms.CharField(label=_("Facts"), widget=forms.Textarea(attrs={"rows": 3}))


class CorrectionForm(RecordForm):
    reason = forms.CharField(
        label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 2})
    )


class DismissForm(forms.Form):
    reason = forms.CharField(label=_("Reason for dismissal"), max_length=2000)


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Evidence file (PDF, PNG or JPEG)"))


class ObjectionForm(forms.Form):
    statement = forms.CharField(label=_("Your statement"), widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("Objection decision"),
        choices=[("yes", _("Uphold: correct the record")), ("no", _("Reject"))],
        coerce=lambda value: value == "yes",
    )
    corrected_points = forms.IntegerField(
        label=_("Corrected points (when upheld)"),
        required=False,
        initial=0,
        min_value=-1000,
        max_value=1000,
    )
    reason = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 2}))


class TalkForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Talk.Kind.choices)
    held_on = forms.DateField(label=_("Date"), widget=DateInput)
    participants = forms.CharField(label=_("Participants"), max_length=300)
    summary = forms.CharField(
        label=_("Summary of the talk"), widget=forms.Textarea(attrs={"rows": 3})
    )
    follow_up = forms.CharField(
        label=pgettext_lazy("talk", "Follow-up"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    follow_up_due = forms.DateField(label=_("Follow-up due"), required=False, widget=DateInput)


class TalkFollowUpDoneForm(forms.Form):
    note = forms.CharField(
        label=_("What was done"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CreditForm(forms.Form):
    course = forms.CharField(label=_("Course"), max_length=200)
    hours = forms.DecimalField(
        label=_("Training hours"), max_digits=6, decimal_places=1, min_value=Decimal("0.1")
    )
    credits = forms.DecimalField(label=_("Credits"), max_digits=6, decimal_places=1, min_value=0)
    completed_on = forms.DateField(label=_("Date"), widget=DateInput)
    certificate = forms.CharField(label=_("Certificate number"), max_length=80, required=False)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput)
    end = forms.DateField(label=_("To"), widget=DateInput)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end lies before the start."))
        return data


class ProposalConfirmForm(forms.Form):
    points = forms.IntegerField(
        label=_("Points"),
        required=False,
        min_value=-1000,
        max_value=1000,
        help_text=_("Leave empty to keep the proposed points."),
    )
