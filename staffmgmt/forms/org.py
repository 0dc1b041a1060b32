"""Forms of the org pages: they check input shape; the services check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from staffmgmt.models import Staff


class DateInput(forms.DateInput):
    """A browser date picker. Its value is always ISO (2026-12-02): browsers reject any
    other, and the Chinese locale's input format (2026/12/02) left the fields blank."""

    input_type = "date"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs, format=format or "%Y-%m-%d")


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Staff) -> str:
        return f"{obj.name} ({obj.employee_no}) · {obj.unit.name}"


class PairingCreateForm(forms.Form):
    a_holder = StaffChoiceField(queryset=Staff.objects.none(), label=_("A holder (organiser)"))
    b_holder = StaffChoiceField(queryset=Staff.objects.none(), label=_("B holder (co-organiser)"))
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput)
    valid_to = forms.DateField(
        label=_("Valid to"),
        required=False,
        widget=DateInput,
        help_text=_("Leave empty while in force."),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        help_text=_("Recorded in the history of the post."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["a_holder"].queryset = candidates
        self.fields["b_holder"].queryset = candidates


class PairingEndForm(forms.Form):
    last_day = forms.DateField(label=_("Last day in force"), widget=DateInput)
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        help_text=_("Recorded in the history of the post."),
    )


class SkillChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj) -> str:
        return obj.display_name


class SkillsForm(forms.Form):
    """The skills a post requires, or a person has: whole set ticked, with why.

    Rendered with `auto_id="skills_%s"` beside the pairing forms, which have a reason too."""

    skills = SkillChoiceField(queryset=None, required=False, label=_("Skills"))
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=500,
        help_text=_("Recorded in the history."),
    )

    def __init__(self, *args, skills, **kwargs):
        kwargs.setdefault("auto_id", "skills_%s")
        super().__init__(*args, **kwargs)
        self.fields["skills"].queryset = skills
