"""Page forms of assessment: shapes only; the services hold the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from assessment.models import Grade, Period, RewardPunishment, Vote


class PeriodCreateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=Period.Kind.choices)
    unit = forms.ModelChoiceField(label=_("Assessed unit"), queryset=None)
    start_date = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    post_type = forms.ChoiceField(label=_("Post type (scheme)"), choices=())
    excellent_quota_percent = forms.DecimalField(
        label=_("Excellent quota (%)"), min_value=0, max_value=100, initial=20
    )
    min_votes = forms.IntegerField(label=_("Minimum votes"), min_value=0, initial=3)

    def __init__(self, *args, units, post_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["post_type"].choices = [(p, p) for p in post_types]


class AdvanceForm(forms.Form):
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class AnnualPartsForm(forms.Form):
    """The weights of an annual period's composite: its own indicators and each quarter
    (0 or empty leaves a quarter out; all quarters empty: not derived)."""

    own = forms.DecimalField(
        label=_("This period's own indicators (%)"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        required=False,
    )

    def __init__(self, *args, quarters=(), parts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.quarters = list(quarters)
        current = {part.quarter_id: part.weight for part in parts}
        self.fields["own"].initial = current.get(None, 100 if not parts else 0)
        for quarter in self.quarters:
            self.fields[f"q{quarter.pk}"] = forms.DecimalField(
                label=_("%(name)s (%%)") % {"name": quarter.name},
                min_value=0,
                max_value=100,
                decimal_places=2,
                required=False,
                initial=current.get(quarter.pk),
            )

    def weights(self) -> list:
        return [
            (quarter, self.cleaned_data.get(f"q{quarter.pk}") or 0) for quarter in self.quarters
        ]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or Excel)"),
        help_text=_("Columns: employee_no, indicator_code, actual_value; header row first."),
    )


class SelfAssessmentForm(forms.Form):
    summary = forms.CharField(
        label=_("My summary"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, rubric_scores=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rubric_scores = list(rubric_scores)
        for score in self.rubric_scores:
            self.fields[f"self_{score.pk}"] = forms.ChoiceField(
                label=score.indicator.name,
                required=False,
                choices=[("", "—")]
                + [
                    (str(level.pk), f"{level.label} ({level.points})")
                    for level in score.indicator.levels.all()
                ],
                initial=str(score.self_level_id or ""),
            )


class ObjectionForm(forms.Form):
    score = forms.ChoiceField(label=_("Object to"), required=False)
    statement = forms.CharField(label=_("Statement"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, scores=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].choices = [("", _("The grade"))] + [
            (str(score.pk), score.indicator.name) for score in scores
        ]


class VoteForm(forms.Form):
    def __init__(self, *args, colleagues=(), current=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        self.colleagues = list(colleagues)
        for member in self.colleagues:
            self.fields[f"m{member.pk}"] = forms.ChoiceField(
                label=member.staff.name,
                required=False,
                choices=Vote.Choice.choices,
                widget=forms.RadioSelect,
                initial=current.get(member.pk),
            )

    def votes(self) -> dict[int, str]:
        return {
            member.pk: self.cleaned_data[f"m{member.pk}"]
            for member in self.colleagues
            if self.cleaned_data.get(f"m{member.pk}")
        }


class GradeChangeForm(forms.Form):
    grade = forms.ChoiceField(label=_("Grade"), choices=Grade.choices)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("upheld", _("Uphold")), ("rejected", _("Reject"))]
    )
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 2}))
    actual_value = forms.DecimalField(
        label=_("Corrected actual value"), required=False, min_value=0
    )
    level = forms.ChoiceField(label=_("Corrected level"), required=False, choices=())
    grade = forms.ChoiceField(
        label=_("Corrected grade"), required=False, choices=[("", "—"), *Grade.choices]
    )

    def __init__(self, *args, objection=None, **kwargs):
        super().__init__(*args, **kwargs)
        levels = objection.score.indicator.levels.all() if objection and objection.score_id else []
        self.fields["level"].choices = [("", "—")] + [
            (str(level.pk), f"{level.label} ({level.points})") for level in levels
        ]


class RewardForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=RewardPunishment.Kind.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
