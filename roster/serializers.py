"""Shapes of the roster API: validation of input shape and presentation, no saving."""

from datetime import MAXYEAR, MINYEAR

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kernel.api.decisions import DeciderSerializer, DecidersListSerializer
from roster import selectors
from roster.models import (
    CheckIn,
    DutyAssignment,
    DutyPreference,
    DutyType,
    DutyTypeSkill,
    Roster,
    RosterEdit,
    SwapRequest,
)
from staffmgmt.models import Skill


class SkillCodeField(serializers.SlugRelatedField):
    """A skill by its code. A code with a NUL character names no skill: PostgreSQL refuses
    NUL in a text lookup (a 500 the schema fuzz found), so it is the field's "does not
    exist" error before any query."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", ""))
        return super().to_internal_value(data)


class RequiredSkillSerializer(serializers.Serializer):
    skill = SkillCodeField(slug_field="code", queryset=Skill.objects.all())
    min_count = serializers.IntegerField(min_value=1)


class DutyTypeSerializer(serializers.ModelSerializer):
    required_skills = RequiredSkillSerializer(many=True, required=False)
    report_time = serializers.SerializerMethodField()

    class Meta:
        model = DutyType
        fields = [
            "id",
            "unit",
            "kind",
            "name",
            "start_time",
            "end_time",
            "report_minutes_before",
            "report_time",
            "headcount",
            "leader_on_call",
            "comp_days_per_duty",
            "min_gap_days",
            "is_active",
            "required_skills",
        ]
        extra_kwargs = {
            "start_time": {"required": False},
            "end_time": {"required": False},
        }

    def get_report_time(self, obj: DutyType) -> str:
        from roster.domain import report_time

        return report_time(obj).strftime("%H:%M")

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["required_skills"] = [
            {"skill": r.skill.code, "min_count": r.min_count}
            for r in instance.required_skills.all()
        ]
        return data

    def validate(self, attrs):
        # Uniqueness and the rest are the service's to check (one place for the rules).
        return attrs

    def get_validators(self):
        return []


class DutyTypeSkillSerializer(serializers.ModelSerializer):
    class Meta:
        model = DutyTypeSkill
        fields = ["skill", "min_count"]


class RosterSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    duty_type_name = serializers.CharField(source="duty_type.name", read_only=True)

    class Meta:
        model = Roster
        fields = [
            "id",
            "unit",
            "unit_name",
            "duty_type",
            "duty_type_name",
            "start_date",
            "end_date",
            "status",
            "figures",
            "created_at",
            "published_at",
        ]
        read_only_fields = fields


class RosterGenerateSerializer(serializers.Serializer):
    duty_type = serializers.IntegerField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    time_limit_s = serializers.FloatField(required=False, default=20, min_value=1, max_value=120)


class AssignmentSerializer(serializers.ModelSerializer):
    staff_name = serializers.CharField(source="staff.name", read_only=True)
    duty_type_name = serializers.CharField(source="duty_type.name", read_only=True)
    # Null while nobody is proposed (the schema says so: it is not an empty name).
    proposed_replacement_name = serializers.CharField(
        source="proposed_replacement.name", read_only=True, allow_null=True, default=None
    )
    # In the request's language; `flagged_reason` is its stable code.
    flag_message = serializers.CharField(read_only=True)

    class Meta:
        model = DutyAssignment
        fields = [
            "id",
            "roster",
            "duty_type",
            "duty_type_name",
            "staff",
            "staff_name",
            "date",
            "is_leader_on_call",
            "flagged_reason",
            "flag_message",
            "proposed_replacement",
            "proposed_replacement_name",
        ]
        read_only_fields = fields


class AssignmentAddSerializer(serializers.Serializer):
    roster = serializers.IntegerField()
    staff = serializers.IntegerField()
    date = serializers.DateField()
    confirm = serializers.BooleanField(required=False, default=False)
    reason = serializers.CharField(required=False, default="", allow_blank=True)


class AssignmentMoveSerializer(serializers.Serializer):
    to_staff = serializers.IntegerField(required=False, allow_null=True, default=None)
    to_date = serializers.DateField(required=False, allow_null=True, default=None)
    confirm = serializers.BooleanField(required=False, default=False)
    reason = serializers.CharField(required=False, default="", allow_blank=True)


class AssignmentRemoveSerializer(serializers.Serializer):
    reason = serializers.CharField()
    confirm = serializers.BooleanField(required=False, default=False)


class AssignmentSwapSerializer(serializers.Serializer):
    with_assignment = serializers.IntegerField(
        help_text="The other duty (of the same roster, another person, another day)."
    )
    confirm = serializers.BooleanField(required=False, default=False)
    reason = serializers.CharField(required=False, default="", allow_blank=True, max_length=200)


class AssignmentReplaceSerializer(serializers.Serializer):
    to_staff = serializers.IntegerField()
    confirm = serializers.BooleanField(required=False, default=False)
    reason = serializers.CharField(required=False, default="", allow_blank=True, max_length=200)


class AssignmentPairSerializer(serializers.Serializer):
    """The two duties of a swap, after it."""

    assignment = AssignmentSerializer()
    other = AssignmentSerializer()


class RosterWithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)


class EditDutySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    staff = serializers.IntegerField()
    staff_name = serializers.CharField()
    date = serializers.DateField()


class RosterEditSerializer(serializers.ModelSerializer):
    action_display = serializers.CharField(source="get_action_display", read_only=True)
    before = EditDutySerializer(many=True, read_only=True)
    after = EditDutySerializer(many=True, read_only=True)
    actor_name = serializers.SerializerMethodField()
    undone_by = serializers.SerializerMethodField(
        help_text="The id of the edit that undid this one, if any."
    )
    is_undoable = serializers.BooleanField(read_only=True)

    class Meta:
        model = RosterEdit
        fields = [
            "id",
            "roster",
            "action",
            "action_display",
            "before",
            "after",
            "reason",
            "actor",
            "actor_name",
            "created_at",
            "undoes",
            "undone_by",
            "is_undoable",
        ]
        read_only_fields = fields

    def get_actor_name(self, edit: RosterEdit) -> str | None:
        if edit.actor is None:
            return None
        return edit.actor.get_full_name() or edit.actor.username

    def get_undone_by(self, edit: RosterEdit) -> int | None:
        try:
            return edit.undone_by.pk
        except RosterEdit.DoesNotExist:
            return None


class RosterEditUndoSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, default="", allow_blank=True, max_length=200)


class ConfirmationSerializer(serializers.Serializer):
    """The 409 answer when a change needs confirming: repeat it with confirm=true."""

    detail = serializers.CharField()
    code = serializers.CharField()
    requires_confirmation = serializers.BooleanField()
    warnings = serializers.ListField(child=serializers.DictField())


__all__ = [
    "AssignmentAddSerializer",
    "AssignmentMoveSerializer",
    "AssignmentPairSerializer",
    "AssignmentRemoveSerializer",
    "AssignmentReplaceSerializer",
    "AssignmentSerializer",
    "AssignmentSwapSerializer",
    "ConfirmationSerializer",
    "DutyTypeSerializer",
    "RosterEditSerializer",
    "RosterEditUndoSerializer",
    "RosterGenerateSerializer",
    "RosterSerializer",
    "RosterWithdrawSerializer",
]


class DutyPreferenceSerializer(serializers.ModelSerializer):
    staff_name = serializers.CharField(source="staff.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = DutyPreference
        fields = ["id", "staff", "staff_name", "kind", "kind_display", "date", "note", "created_at"]
        read_only_fields = fields


class DutyPreferenceSetSerializer(serializers.Serializer):
    staff = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="Empty: yourself."
    )
    kind = serializers.ChoiceField(choices=DutyPreference.Kind.choices)
    date = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class DutyWeekdaysSerializer(serializers.Serializer):
    staff = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="Empty: yourself."
    )
    weekdays = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=6),
        allow_empty=True,
        help_text="Weekdays to prefer for duty, Monday = 0 … Sunday = 6; [] clears them.",
    )


class SwapSerializer(serializers.ModelSerializer):
    requester_name = serializers.CharField(source="requester.name", read_only=True)
    counterpart_name = serializers.CharField(source="counterpart.name", read_only=True)
    date = serializers.DateField(source="assignment.date", read_only=True)
    duty_type_name = serializers.CharField(source="assignment.duty_type.name", read_only=True)
    # Null when nothing is offered in exchange.
    counterpart_date = serializers.DateField(
        source="counterpart_assignment.date", read_only=True, allow_null=True, default=None
    )
    deciders = serializers.SerializerMethodField(
        help_text="Who can decide an open swap: the nearest managers apart from its two "
        "people, else administrators (empty once closed)."
    )

    class Meta:
        model = SwapRequest
        fields = [
            "id",
            "assignment",
            "date",
            "duty_type_name",
            "requester",
            "requester_name",
            "counterpart",
            "counterpart_name",
            "counterpart_assignment",
            "counterpart_date",
            "reason",
            "status",
            "created_at",
            "responded_at",
            "decided_at",
            "decision_note",
            "deciders",
        ]
        read_only_fields = fields
        list_serializer_class = DecidersListSerializer

    def fill_deciders(self, user, items) -> None:
        selectors.swap_decisions(user=user, swaps=items)

    @extend_schema_field(DeciderSerializer(many=True))
    def get_deciders(self, swap: SwapRequest) -> list[dict]:
        return [decider.as_dict() for decider in selectors.swap_deciders_unscoped(swap=swap)]


class SwapCreateSerializer(serializers.Serializer):
    assignment = serializers.IntegerField()
    counterpart = serializers.IntegerField()
    counterpart_assignment = serializers.IntegerField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, default="", allow_blank=True)


class SwapNoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, default="", allow_blank=True)


class CheckInSerializer(serializers.ModelSerializer):
    staff = serializers.IntegerField(source="assignment.staff_id", read_only=True)
    staff_name = serializers.CharField(source="assignment.staff.name", read_only=True)
    date = serializers.DateField(source="assignment.date", read_only=True)
    duty_type_name = serializers.CharField(source="assignment.duty_type.name", read_only=True)

    class Meta:
        model = CheckIn
        fields = [
            "id",
            "assignment",
            "staff",
            "staff_name",
            "date",
            "duty_type_name",
            "checked_in_at",
            "is_late",
            "minutes_late",
        ]
        read_only_fields = fields


class CheckInCreateSerializer(serializers.Serializer):
    assignment = serializers.IntegerField()


class FeedTokenSerializer(serializers.Serializer):
    active = serializers.BooleanField()
    url = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField(allow_null=True)


class CompTimeQuerySerializer(serializers.Serializer):
    """The query of GET /api/comp-time/: a year a date can be in (year=0 is a 400)."""

    staff = serializers.IntegerField(required=False, min_value=1, help_text="Default: yourself.")
    year = serializers.IntegerField(
        required=False,
        min_value=MINYEAR,
        max_value=MAXYEAR,
        help_text="Default: all years.",
    )


class CompTimeSerializer(serializers.Serializer):
    staff = serializers.IntegerField()
    year = serializers.IntegerField(allow_null=True)
    earned = serializers.DecimalField(max_digits=8, decimal_places=2)
    taken = serializers.DecimalField(max_digits=8, decimal_places=2)
    pending = serializers.DecimalField(max_digits=8, decimal_places=2)
    balance = serializers.DecimalField(max_digits=8, decimal_places=2)
