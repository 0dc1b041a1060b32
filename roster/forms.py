"""Page forms: input shape only; the services check the rules."""

from django import forms
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from roster import selectors
from roster.models import DutyAssignment, DutyPreference, DutyType
from roster.services.generation import MAX_TIME_LIMIT_S
from staffmgmt import selectors as staff_selectors
from staffmgmt.models import Absence, OrgUnit, Staff


class DateInput(forms.DateInput):
    # Browsers accept only ISO values in <input type="date">, whatever the language.
    input_type = "date"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs, format=format or "%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"


class DutyTypeForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=DutyType.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=80)
    start_time = forms.TimeField(
        label=_("Starts at"),
        required=False,
        widget=TimeInput,
        help_text=_("Empty: 12:00 for noon duty, 09:00 otherwise."),
    )
    end_time = forms.TimeField(
        label=_("Ends at"),
        required=False,
        widget=TimeInput,
        help_text=_("Empty: 14:00 for noon duty, 17:00 otherwise."),
    )
    report_minutes_before = forms.IntegerField(
        label=_("Report minutes before start"), min_value=0, initial=15
    )
    headcount = forms.IntegerField(label=_("People per day"), min_value=1, initial=1)
    leader_on_call = forms.BooleanField(label=_("A leader on call every day"), required=False)
    comp_days_per_duty = forms.DecimalField(
        label=_("Compensatory days per duty"),
        min_value=0,
        max_digits=4,
        decimal_places=2,
        required=False,
        help_text=_("Empty: 1 for holiday duty, 0 otherwise."),
    )
    min_gap_days = forms.IntegerField(
        label=_("Minimum days between duties"), min_value=1, initial=3
    )
    required_skills = forms.ModelMultipleChoiceField(
        label=_("Skills required (at least one person each day)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, units, skills, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["required_skills"].queryset = skills


def next_month_range(today):
    """The first and last day of the month after `today`'s."""
    import calendar as pycalendar
    from datetime import date

    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return date(year, month, 1), date(year, month, pycalendar.monthrange(year, month)[1])


class GenerateForm(forms.Form):
    duty_type = forms.ModelChoiceField(label=_("Duty type"), queryset=None)
    start_date = forms.DateField(label=_("First day"), widget=DateInput)
    end_date = forms.DateField(
        label=_("Last day"), widget=DateInput, help_text=_("At most a year.")
    )
    time_limit_s = forms.IntegerField(
        label=_("Time limit (seconds)"), min_value=1, max_value=MAX_TIME_LIMIT_S, initial=20
    )

    def __init__(self, *args, duty_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duty_type"].queryset = duty_types
        # Rosters are made a month ahead: the next calendar month is what a manager wants.
        first, last = next_month_range(timezone.localdate())
        self.fields["start_date"].initial = first
        self.fields["end_date"].initial = last


class AssignmentAddForm(forms.Form):
    staff = forms.ModelChoiceField(label=_("Person"), queryset=None)
    date = forms.DateField(label=_("Day"), widget=DateInput)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=200)
    confirm = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff


class _CellEditForm(forms.Form):
    """A hand edit of one duty (a cell of the grid); `confirm` is set once its rule
    warnings were shown, and a confirmed break needs the reason."""

    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=200,
        help_text=_("Needed when the change breaks a roster rule."),
    )
    confirm = forms.BooleanField(widget=forms.HiddenInput, required=False)


class DutyMoveForm(_CellEditForm):
    # A context: the calendar API's "To day" is the end of a range, this one a destination.
    to_date = forms.DateField(label=pgettext_lazy("move a duty", "To day"), widget=DateInput)
    field_order = ["to_date", "reason"]


class DutySwapForm(_CellEditForm):
    with_staff = forms.ModelChoiceField(label=_("With"), queryset=None)
    with_date = forms.DateField(
        label=_("Their duty on"), widget=DateInput, help_text=_("A day of theirs on this roster.")
    )
    field_order = ["with_staff", "with_date", "reason"]

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["with_staff"].queryset = staff


class DutyReplaceForm(_CellEditForm):
    to_staff = forms.ModelChoiceField(label=_("Replaced by"), queryset=None)
    field_order = ["to_staff", "reason"]

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_staff"].queryset = staff


class DutyRemoveForm(_CellEditForm):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class DutyPreferenceForm(forms.Form):
    date = forms.DateField(label=_("Day"), widget=DateInput)
    kind = forms.ChoiceField(
        label=_("Wish"),
        choices=DutyPreference.Kind.choices,
        initial=DutyPreference.Kind.AVOID,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=200,
        help_text=_("Optional, for your manager: why this day."),
    )


class DutyWeekdaysForm(forms.Form):
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdays I'd like duty on"),
        choices=sorted(WEEKDAYS.items()),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class DutyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: DutyAssignment) -> str:
        return f"{obj.date:%Y-%m-%d} · {obj.duty_type.name} · {obj.staff.name}"


class SwapRequestForm(forms.Form):
    assignment = DutyChoiceField(queryset=DutyAssignment.objects.none(), label=_("My duty"))
    counterpart = forms.ModelChoiceField(queryset=Staff.objects.none(), label=_("Colleague"))
    counterpart_assignment = DutyChoiceField(
        queryset=DutyAssignment.objects.none(),
        required=False,
        label=_("Colleague's duty in exchange"),
        help_text=_("Leave empty if the colleague takes your duty over."),
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        me = staff_selectors.staff_for_user(user=user)
        if me is None:
            return
        self.fields["assignment"].queryset = selectors.swappable_duty_list_unscoped(
            people=me
        ).order_by("date")
        colleagues = selectors.swap_counterpart_list(user=user)
        self.fields["counterpart"].queryset = colleagues.order_by("name")
        self.fields["counterpart"].label_from_instance = lambda s: s.name
        self.fields["counterpart_assignment"].queryset = selectors.swappable_duty_list_unscoped(
            people=colleagues
        ).order_by("date", "staff__name")


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


def printable_units(user):
    """Units whose month a user may print: those they see, and the units above their own
    (a cadre of a section is on the hall's roster, and may print it like the roster page
    shows it)."""
    from django.db.models import Q

    me = staff_selectors.staff_for_user(user=user)
    above = (
        staff_selectors.org_unit_and_ancestors_unscoped(unit=me.unit).values("pk")
        if me is not None
        else OrgUnit.objects.none().values("pk")
    )
    visible = staff_selectors.org_unit_list(user=user).values("pk")
    return OrgUnit.objects.filter(Q(pk__in=visible) | Q(pk__in=above)).order_by("path")


class UnitMonthForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("Unit"))
    year = forms.IntegerField(min_value=2000, max_value=2100, label=_("Year"))
    month = forms.IntegerField(min_value=1, max_value=12, label=_("Month"))
    person = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = printable_units(user)


class ExportForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none())
    start = forms.DateField()
    end = forms.DateField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = staff_selectors.org_unit_list(user=user)


class CompTimeForm(forms.Form):
    start_date = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    start_half = forms.ChoiceField(
        label=_("Starts"), choices=Absence.StartHalf.choices, initial="am"
    )
    end_date = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    end_half = forms.ChoiceField(label=_("Ends"), choices=Absence.EndHalf.choices, initial="pm")
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)
