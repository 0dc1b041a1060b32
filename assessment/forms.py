"""Page forms of assessment: shapes only; the services hold the rules."""

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from assessment.models import Dimension, Grade, Indicator, Period, RewardPunishment, Vote


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


DIMENSION_FIELDS = [code for code, _label in Dimension.choices]


class SchemeCreateForm(forms.Form):
    """A new draft version of a post type's scheme, with its five dimension weights."""

    post_type = forms.CharField(
        label=_("Post type"),
        max_length=80,
        help_text=_("An existing post type gets its next version."),
        widget=forms.TextInput(attrs={"list": "post-types"}),
    )
    name = forms.CharField(label=_("Name"), max_length=120)
    valid_from = forms.DateField(
        label=_("In force from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    self_scores_count = forms.BooleanField(
        label=_("self-assessment scores count"),
        required=False,
        help_text=_("When set, a cadre's own rubric scores replace missing assessor scores."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in Dimension.choices:
            self.fields[code] = _dimension_weight_field(label)

    def weights(self) -> dict:
        return {code: self.cleaned_data.get(code) or 0 for code in DIMENSION_FIELDS}


class SchemeCopyForm(forms.Form):
    valid_from = forms.DateField(
        label=_("In force from"), widget=forms.DateInput(attrs={"type": "date"})
    )


def _dimension_weight_field(label):
    return forms.DecimalField(
        label=_("%(name)s (%%)") % {"name": label},
        min_value=0,
        max_value=100,
        decimal_places=2,
        required=False,
    )


class DimensionWeightsForm(forms.Form):
    def __init__(self, *args, scheme=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = {d.dimension: d.weight for d in scheme.dimensions.all()} if scheme else {}
        for code, label in Dimension.choices:
            self.fields[code] = _dimension_weight_field(label)
            self.fields[code].initial = current.get(code)

    def weights(self) -> dict:
        return {code: self.cleaned_data.get(code) or 0 for code in DIMENSION_FIELDS}


# Chinese keyboards type full-width separators: both kinds split a threshold line.
_NUMBER_SPLIT = re.compile(r"[\s,;:\uff0c\uff1b\uff1a]+")


class IndicatorForm(forms.Form):
    """One indicator of a draft: its kind, weight, rule with parameters, target or
    metric, and rubric levels (one a line)."""

    dimension = forms.ChoiceField(label=_("Dimension"), choices=())
    code = forms.SlugField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=160)
    weight = forms.DecimalField(
        label=_("Weight within the dimension (%)"), min_value=0, max_value=100, decimal_places=2
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Indicator.Kind.choices)
    rule = forms.ChoiceField(
        label=_("Scoring rule"), required=False, choices=[("", "—"), *Indicator.Rule.choices]
    )
    target_value = forms.DecimalField(label=_("Target value"), required=False, decimal_places=4)
    cap = forms.DecimalField(
        label=_("Cap (points)"),
        required=False,
        help_text=_("Ratio to target: at most this many points (100 when empty)."),
    )
    steps = forms.CharField(
        label=_("Thresholds"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line: at least, points (for example “95, 100”)."),
    )
    per_occurrence = forms.DecimalField(label=_("Points deducted per occurrence"), required=False)
    floor = forms.DecimalField(label=_("Floor (points)"), required=False)
    metric = forms.ChoiceField(label=_("Metric"), required=False, choices=())
    unit_label = forms.CharField(label=_("Unit of measure"), max_length=30, required=False)
    levels = forms.CharField(
        label=_("Rubric levels"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One a line: label | points | description."),
    )

    def __init__(self, *args, scheme=None, metrics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dimension"].choices = [
            (d.dimension, d.get_dimension_display()) for d in scheme.dimensions.all()
        ]
        self.fields["metric"].choices = [("", "—"), *metrics]

    def clean_steps(self):
        steps = []
        for number, line in enumerate(self.cleaned_data["steps"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p for p in _NUMBER_SPLIT.split(line.strip()) if p]
            try:
                at_least, points = (Decimal(p) for p in parts)
            except (ValueError, ArithmeticError) as error:
                raise forms.ValidationError(
                    _("Line %(line)d: write “at least, points”.") % {"line": number}
                ) from error
            steps.append({"at_least": str(at_least), "points": str(points)})
        return steps

    def clean_levels(self):
        levels = []
        for number, line in enumerate(self.cleaned_data["levels"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            try:
                label, points = parts[0], Decimal(parts[1])
            except (IndexError, ArithmeticError) as error:
                raise forms.ValidationError(
                    _("Line %(line)d: write “label | points | description”.") % {"line": number}
                ) from error
            if not label or not 0 <= points <= 100:
                raise forms.ValidationError(
                    _("Line %(line)d: a level has a label and 0 to 100 points.") % {"line": number}
                )
            levels.append({"label": label, "points": points, "description": " | ".join(parts[2:])})
        return levels

    def spec(self) -> dict:
        data = self.cleaned_data
        rule = data.get("rule") or ""
        params: dict = {}
        if rule == Indicator.Rule.RATIO_CAPPED and data.get("cap") is not None:
            params["cap"] = data["cap"]
        elif rule == Indicator.Rule.THRESHOLDS:
            params["steps"] = data.get("steps") or []
        elif rule == Indicator.Rule.DEDUCTION:
            params["per_occurrence"] = data.get("per_occurrence")
            if data.get("floor") is not None:
                params["floor"] = data["floor"]
        return {
            "code": data["code"],
            "name": data["name"],
            "weight": data["weight"],
            "kind": data["kind"],
            "rule": rule,
            "rule_params": params,
            "target_value": data.get("target_value"),
            "metric": data.get("metric") or "",
            "unit_label": data.get("unit_label") or "",
            "levels": data.get("levels") or [],
        }


class TargetCreateForm(forms.Form):
    """The bureau's target of one indicator for a year: the root of a decomposition."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    indicator_code = forms.SlugField(
        label=_("Indicator code"),
        max_length=40,
        widget=forms.TextInput(attrs={"list": "indicator-codes"}),
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    value = forms.DecimalField(label=_("Value"), min_value=0, max_digits=14, decimal_places=4)
    stretch_note = forms.CharField(
        label=_("Stretch"),
        max_length=200,
        required=False,
        help_text=_("Why the parts together may exceed this target (a stretch)."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class TargetEditForm(forms.Form):
    value = forms.DecimalField(label=_("Value"), min_value=0, max_digits=14, decimal_places=4)
    stretch_note = forms.CharField(
        label=_("Stretch"),
        max_length=200,
        required=False,
        help_text=_("Why the parts together may exceed this target (a stretch)."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)


class TargetDecomposeForm(forms.Form):
    """A value box per unit, post or person the target may be split into (empty: no
    part), and the parent's stretch, needed when the parts add up to more than it."""

    stretch_note = forms.CharField(
        label=_("Stretch"),
        max_length=200,
        required=False,
        help_text=_("Needed when the parts add up to more than the target: say why."),
    )

    def __init__(self, *args, candidates, parent, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        self.fields["stretch_note"].initial = parent.stretch_note
        for candidate in self.candidates:
            label = getattr(candidate, "name", str(candidate))
            unit = getattr(candidate, "unit", None)
            if unit is not None and getattr(unit, "name", None):
                label = f"{label} ({unit.name})"
            self.fields[f"c{candidate.pk}"] = forms.DecimalField(
                label=label, min_value=0, max_digits=14, decimal_places=4, required=False
            )

    def part_fields(self):
        return [self[f"c{candidate.pk}"] for candidate in self.candidates]

    def parts(self, key: str) -> list[dict]:
        return [
            {key: candidate, "value": self.cleaned_data[f"c{candidate.pk}"]}
            for candidate in self.candidates
            if self.cleaned_data.get(f"c{candidate.pk}") is not None
        ]


class PeriodEnrollForm(forms.Form):
    """One more cadre of the period's unit, under another post type's scheme."""

    staff = forms.ModelChoiceField(label=_("Cadre"), queryset=None)
    post_type = forms.ChoiceField(label=_("Post type (scheme)"), choices=())
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args, staff, post_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff
        self.fields["post_type"].choices = [(p, p) for p in post_types]
