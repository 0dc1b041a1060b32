"""Page forms. They check shape only; lengths, formats and rules are the services' (their
errors come back through kernel.forms.add_service_errors)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from feedback.models import ComplaintTopic, EntryKind, NegativeReason, RatingLevel, Verification
from feedback.services import COMMENT_MAX, CONTACT_MAX, CONTACT_NAME_MAX, ENTRY_TEXT_MAX, REPLY_MAX


class HoneypotMixin(forms.Form):
    # Hidden from people by the stylesheet (and from screen readers); bots fill it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


class RatingForm(HoneypotMixin):
    level = forms.TypedChoiceField(choices=RatingLevel.choices, coerce=int)
    reasons = forms.MultipleChoiceField(
        label=_("What went wrong?"),
        choices=NegativeReason.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX}),
    )
    # The page's random id for this visit's form: the same form sent twice stores one
    # rating (feedback.services.rating_submit).
    submission = forms.CharField(required=False, max_length=32, widget=forms.HiddenInput)


class EntryForm(HoneypotMixin):
    kind = forms.ChoiceField(
        label=_("What would you like to write?"),
        choices=EntryKind.choices,
        widget=forms.RadioSelect,
    )
    topic = forms.ChoiceField(
        label=_("A complaint about"),
        choices=[("", _("Not sure")), *ComplaintTopic.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": ENTRY_TEXT_MAX}),
    )
    contact_name = forms.CharField(
        label=_("Your name (optional)"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": CONTACT_NAME_MAX, "autocomplete": "name"}),
    )
    contact = forms.CharField(
        label=_("Phone or e-mail for a reply (optional)"),
        help_text=_("Only the staff who answer see it; it is never shown publicly."),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": CONTACT_MAX, "inputmode": "email"}),
    )


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Reply to the taxpayer"),
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": REPLY_MAX}),
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=None)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = people


class VerifyForm(forms.Form):
    verification = forms.ChoiceField(
        label=_("The complaint is"),
        choices=[(Verification.VERIFIED, _("Verified")), (Verification.UNFOUNDED, _("Unfounded"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("What the check found"), widget=forms.Textarea(attrs={"rows": 3})
    )
    concerned_staff = forms.ModelChoiceField(
        label=_("Staff member concerned"), queryset=None, required=False
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["concerned_staff"].queryset = people


class CloseForm(forms.Form):
    reason = forms.CharField(label=_("Closing note (optional)"), required=False)


class FollowUpForm(forms.Form):
    note = forms.CharField(
        label=_("What was done (call-back, check)"), widget=forms.Textarea(attrs={"rows": 2})
    )
