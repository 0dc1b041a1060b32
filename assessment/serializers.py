"""Read shapes and input shapes of assessment's API. Inputs validate shape only; the
services validate the rules. No vote shape can be read: votes are write-only."""

from rest_framework import serializers

from assessment import scoring
from assessment.models import (
    Dimension,
    Grade,
    Indicator,
    Member,
    Objection,
    Period,
    Result,
    RewardPunishment,
    RubricLevel,
    Scheme,
    SchemeDimension,
    Score,
    Target,
    Vote,
)
from assessment.providers import DEMOCRATIC_METRIC


class RubricLevelSerializer(serializers.ModelSerializer):
    class Meta:
        model = RubricLevel
        fields = ["id", "label", "description", "points"]


class IndicatorSerializer(serializers.ModelSerializer):
    levels = RubricLevelSerializer(many=True, read_only=True)
    rule_in_words = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "weight",
            "kind",
            "rule",
            "rule_params",
            "rule_in_words",
            "target_value",
            "metric",
            "unit_label",
            "levels",
        ]

    def get_rule_in_words(self, indicator) -> str:
        if indicator.metric == DEMOCRATIC_METRIC:
            return scoring.democratic_rule_in_words(3)
        return scoring.rule_in_words(indicator.rule, indicator.rule_params, indicator.target_value)


class SchemeDimensionSerializer(serializers.ModelSerializer):
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = SchemeDimension
        fields = ["id", "dimension", "weight", "indicators"]


class SchemeSerializer(serializers.ModelSerializer):
    dimensions = SchemeDimensionSerializer(many=True, read_only=True)
    weight_problems = serializers.SerializerMethodField()

    class Meta:
        model = Scheme
        fields = [
            "id",
            "post_type",
            "version",
            "name",
            "valid_from",
            "status",
            "self_scores_count",
            "dimensions",
            "weight_problems",
        ]

    def get_weight_problems(self, scheme) -> list[str]:
        from assessment import selectors

        return selectors.scheme_check(scheme=scheme).messages


class LevelInput(serializers.Serializer):
    label = serializers.CharField(max_length=80)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    points = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100)


class IndicatorInput(serializers.Serializer):
    code = serializers.SlugField(max_length=40)
    name = serializers.CharField(max_length=160)
    weight = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100)
    kind = serializers.ChoiceField(choices=Indicator.Kind.choices)
    rule = serializers.ChoiceField(choices=Indicator.Rule.choices, required=False, allow_blank=True)
    rule_params = serializers.DictField(required=False, default=dict)
    target_value = serializers.DecimalField(
        max_digits=14, decimal_places=4, required=False, allow_null=True
    )
    metric = serializers.CharField(max_length=80, required=False, allow_blank=True)
    unit_label = serializers.CharField(max_length=30, required=False, allow_blank=True)
    levels = LevelInput(many=True, required=False)


class DimensionInput(serializers.Serializer):
    dimension = serializers.ChoiceField(choices=Dimension.choices)
    weight = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100)
    indicators = IndicatorInput(many=True)


class SchemeCreateSerializer(serializers.Serializer):
    post_type = serializers.CharField(max_length=80)
    name = serializers.CharField(max_length=120)
    valid_from = serializers.DateField()
    self_scores_count = serializers.BooleanField(required=False, default=False)
    dimensions = DimensionInput(many=True)


class PeriodSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Period
        fields = [
            "id",
            "name",
            "kind",
            "unit",
            "unit_name",
            "start_date",
            "end_date",
            "state",
            "excellent_quota_percent",
            "band_excellent",
            "band_competent",
            "band_basic",
            "min_votes",
            "opened_at",
            "published_at",
        ]


class PeriodCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    kind = serializers.ChoiceField(choices=Period.Kind.choices)
    unit = serializers.IntegerField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    post_type = serializers.CharField(max_length=80)
    excellent_quota_percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False, default=20
    )
    min_votes = serializers.IntegerField(min_value=0, max_value=1000, required=False, default=3)


class AnnualPartSerializer(serializers.Serializer):
    quarter = serializers.IntegerField(
        allow_null=True, source="quarter_id", help_text="null: the year's own indicators"
    )
    quarter_name = serializers.CharField(source="quarter.name", default="", read_only=True)
    weight = serializers.DecimalField(max_digits=5, decimal_places=2)


class AnnualQuarterInput(serializers.Serializer):
    quarter = serializers.IntegerField()
    weight = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100)


class AnnualPartsInput(serializers.Serializer):
    own_weight = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100
    )
    quarters = AnnualQuarterInput(many=True)


class AdvanceSerializer(serializers.Serializer):
    confirm = serializers.BooleanField(required=False, default=False)


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField(required=False)


class SelfAssessmentSerializer(serializers.Serializer):
    summary = serializers.CharField(allow_blank=True, required=False, default="")
    self_levels = serializers.DictField(
        child=serializers.IntegerField(allow_null=True), required=False, default=dict
    )


class MemberSerializer(serializers.ModelSerializer):
    staff_name = serializers.CharField(source="staff.name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    post_type = serializers.CharField(source="scheme.post_type", read_only=True)

    class Meta:
        model = Member
        fields = ["id", "period", "staff", "staff_name", "unit", "unit_name", "post_type"]


class ScoreSerializer(serializers.ModelSerializer):
    staff_name = serializers.CharField(source="member.staff.name", read_only=True)
    indicator_code = serializers.CharField(source="indicator.code", read_only=True)
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)
    kind = serializers.CharField(source="indicator.kind", read_only=True)
    period = serializers.IntegerField(source="member.period_id", read_only=True)

    class Meta:
        model = Score
        fields = [
            "id",
            "period",
            "member",
            "staff_name",
            "indicator",
            "indicator_code",
            "indicator_name",
            "kind",
            "target_value",
            "actual_value",
            "level",
            "points",
            "counted",
            "source",
            "assessor",
            "comment",
            "self_level",
            "updated_at",
        ]


class ScoreUpdateSerializer(serializers.Serializer):
    actual_value = serializers.DecimalField(
        max_digits=14, decimal_places=4, required=False, allow_null=True, min_value=0
    )
    level = serializers.IntegerField(required=False, allow_null=True)
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class VoteItem(serializers.Serializer):
    member = serializers.IntegerField()
    choice = serializers.ChoiceField(choices=Vote.Choice.choices)


class BallotSerializer(serializers.Serializer):
    """Write-only: the answer is the receipt, never a vote."""

    period = serializers.IntegerField()
    votes = VoteItem(many=True, allow_empty=False)
    receipt = serializers.CharField(required=False, allow_blank=True, default="")


class BallotReceiptSerializer(serializers.Serializer):
    receipt = serializers.CharField()
    votes = serializers.IntegerField()
    changed = serializers.BooleanField()


class ResultSerializer(serializers.ModelSerializer):
    staff_name = serializers.CharField(source="member.staff.name", read_only=True)
    unit_name = serializers.CharField(source="member.unit.name", read_only=True)
    period = serializers.IntegerField(source="member.period_id", read_only=True)

    class Meta:
        model = Result
        fields = [
            "id",
            "period",
            "member",
            "staff_name",
            "unit_name",
            "composite",
            "terms",
            "parts",
            "rank_in_unit",
            "rank_in_post_type",
            "proposed_grade",
            "grade",
            "notes",
            "grade_reason",
            "computed_at",
        ]


class GradeChangeSerializer(serializers.Serializer):
    grade = serializers.ChoiceField(choices=Grade.choices)
    reason = serializers.CharField()


class RewardSerializer(serializers.ModelSerializer):
    class Meta:
        model = RewardPunishment
        fields = ["id", "result", "kind", "note", "recorded_by", "recorded_at"]


class RewardInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RewardPunishment.Kind.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ObjectionSerializer(serializers.ModelSerializer):
    staff_name = serializers.CharField(source="member.staff.name", read_only=True)
    indicator_name = serializers.CharField(
        source="score.indicator.name", read_only=True, default=None
    )

    class Meta:
        model = Objection
        fields = [
            "id",
            "member",
            "staff_name",
            "score",
            "indicator_name",
            "statement",
            "status",
            "created_at",
            "answer",
            "answered_by",
            "answered_at",
        ]


class ObjectionCreateSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    score = serializers.IntegerField(required=False, allow_null=True)
    statement = serializers.CharField()


class ObjectionAnswerSerializer(serializers.Serializer):
    upheld = serializers.BooleanField()
    answer = serializers.CharField()
    actual_value = serializers.DecimalField(
        max_digits=14, decimal_places=4, required=False, allow_null=True, min_value=0
    )
    level = serializers.IntegerField(required=False, allow_null=True)
    grade = serializers.ChoiceField(choices=Grade.choices, required=False, allow_null=True)


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = Target
        fields = [
            "id",
            "year",
            "indicator_code",
            "level",
            "parent",
            "unit",
            "post",
            "staff",
            "value",
            "stretch_note",
        ]


class TargetCreateSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    indicator_code = serializers.SlugField(max_length=40)
    level = serializers.ChoiceField(choices=Target.Level.choices)
    parent = serializers.IntegerField(required=False, allow_null=True)
    unit = serializers.IntegerField()
    post = serializers.IntegerField(required=False, allow_null=True)
    staff = serializers.IntegerField(required=False, allow_null=True)
    value = serializers.DecimalField(max_digits=14, decimal_places=4, min_value=0)
    stretch_note = serializers.CharField(required=False, allow_blank=True, default="")


class TargetUpdateSerializer(serializers.Serializer):
    value = serializers.DecimalField(max_digits=14, decimal_places=4, min_value=0)
    reason = serializers.CharField()
    stretch_note = serializers.CharField(required=False, allow_blank=True)
