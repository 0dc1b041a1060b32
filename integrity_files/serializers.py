"""Shapes of integrity files over the API. They validate and present; services decide."""

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from integrity_files.models import (
    Category,
    CreditRequirement,
    Evidence,
    FileAccess,
    IntegrityRecord,
    RecordKind,
    RecordResponse,
    Source,
    Talk,
    TrainingCredit,
)


class EvidenceSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "original_name", "content_type", "size", "uploaded_at", "download_url"]

    def get_download_url(self, evidence) -> str:
        return reverse("integrity-evidence-download", args=[evidence.pk])


class ResponseSerializer(serializers.ModelSerializer):
    record_staff = serializers.IntegerField(source="record.staff_id", read_only=True)
    responded_by = serializers.CharField(source="responded_by.username", read_only=True)
    decided_by = serializers.CharField(
        source="decided_by.username", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = RecordResponse
        fields = [
            "id",
            "record",
            "record_staff",
            "kind",
            "status",
            "statement",
            "responded_by",
            "responded_at",
            "decide_by",
            "decided_by",
            "decided_at",
            "decision_reason",
        ]


class RecordSerializer(serializers.ModelSerializer):
    staff_name = serializers.CharField(source="staff.name", read_only=True)
    is_current = serializers.BooleanField(read_only=True)
    recorded_by = serializers.CharField(
        source="recorded_by.username", read_only=True, allow_null=True, default=None
    )
    confirmed_by = serializers.CharField(
        source="confirmed_by.username", read_only=True, allow_null=True, default=None
    )
    evidence = EvidenceSerializer(many=True, read_only=True)
    response = serializers.SerializerMethodField()
    source_ref = serializers.CharField(read_only=True, allow_null=True)
    is_proposal = serializers.BooleanField(read_only=True)

    class Meta:
        model = IntegrityRecord
        fields = [
            "id",
            "staff",
            "staff_name",
            "category",
            "kind",
            "occurred_on",
            "facts",
            "source",
            "points",
            "status",
            "is_current",
            "supersedes",
            "correction_reason",
            "recorded_by",
            "recorded_at",
            "confirmed_by",
            "confirmed_at",
            "respond_by",
            "dismissal_reason",
            "source_ref",
            "is_proposal",
            "evidence",
            "response",
        ]

    def get_response(self, record) -> dict | None:
        response = getattr(record, "response", None)
        return ResponseSerializer(response).data if response else None


class RecordCreateSerializer(serializers.Serializer):
    staff = serializers.IntegerField()
    category = serializers.ChoiceField(choices=Category.choices)
    kind = serializers.ChoiceField(choices=RecordKind.choices)
    occurred_on = serializers.DateField()
    facts = serializers.CharField(max_length=5000)
    source = serializers.ChoiceField(choices=Source.choices)
    points = serializers.IntegerField(min_value=-1000, max_value=1000, default=0)


class RecordUpdateSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=Category.choices, required=False)
    kind = serializers.ChoiceField(choices=RecordKind.choices, required=False)
    occurred_on = serializers.DateField(required=False)
    facts = serializers.CharField(max_length=5000, required=False)
    source = serializers.ChoiceField(choices=Source.choices, required=False)
    points = serializers.IntegerField(min_value=-1000, max_value=1000, required=False)


class RecordCorrectSerializer(RecordUpdateSerializer):
    reason = serializers.CharField(max_length=2000)
    confirm = serializers.BooleanField(default=False)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class StatementSerializer(serializers.Serializer):
    statement = serializers.CharField(max_length=5000)


class EvidenceUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class ObjectionDecisionSerializer(serializers.Serializer):
    upheld = serializers.BooleanField()
    reason = serializers.CharField(max_length=2000)
    corrected_points = serializers.IntegerField(
        min_value=-1000, max_value=1000, required=False, allow_null=True
    )


class TalkSerializer(serializers.ModelSerializer):
    staff_name = serializers.CharField(source="staff.name", read_only=True)

    class Meta:
        model = Talk
        fields = [
            "id",
            "staff",
            "staff_name",
            "kind",
            "held_on",
            "participants",
            "summary",
            "follow_up",
            "follow_up_due",
            "recorded_at",
            "follow_up_done_at",
            "follow_up_done_by",
            "follow_up_done_note",
        ]
        extra_kwargs = {
            "follow_up_done_at": {"allow_null": True},
            "follow_up_done_by": {"allow_null": True},
        }


class TalkFollowUpDoneSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=5000)


class TalkCreateSerializer(serializers.Serializer):
    staff = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Talk.Kind.choices)
    held_on = serializers.DateField()
    participants = serializers.CharField(max_length=300)
    summary = serializers.CharField(max_length=5000)
    follow_up = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    follow_up_due = serializers.DateField(required=False, allow_null=True, default=None)


class TrainingCreditSerializer(serializers.ModelSerializer):
    staff_name = serializers.CharField(source="staff.name", read_only=True)

    class Meta:
        model = TrainingCredit
        fields = [
            "id",
            "staff",
            "staff_name",
            "course",
            "hours",
            "credits",
            "completed_on",
            "certificate",
            "recorded_at",
        ]


class TrainingCreditCreateSerializer(serializers.Serializer):
    staff = serializers.IntegerField()
    course = serializers.CharField(max_length=200)
    hours = serializers.DecimalField(max_digits=6, decimal_places=1, min_value=Decimal("0.1"))
    credits = serializers.DecimalField(max_digits=6, decimal_places=1, min_value=0)
    completed_on = serializers.DateField()
    certificate = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")


class CreditRequirementSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = CreditRequirement
        fields = ["id", "unit", "unit_name", "year", "required_credits"]


class CreditRequirementSetSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    required_credits = serializers.DecimalField(max_digits=6, decimal_places=1, min_value=0)


class FileAccessSerializer(serializers.ModelSerializer):
    viewer = serializers.CharField(source="viewer.username", read_only=True)
    viewer_name = serializers.SerializerMethodField()

    class Meta:
        model = FileAccess
        fields = ["id", "staff", "viewer", "viewer_name", "accessed_at", "what", "detail"]

    def get_viewer_name(self, access) -> str:
        return access.viewer.get_full_name() or access.viewer.username


class PeriodQuerySerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    unit = serializers.IntegerField(required=False)

    def validate(self, attrs):
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": _("The end lies before the start.")})
        return attrs


class CreditShortfallSerializer(serializers.Serializer):
    required = serializers.DecimalField(max_digits=6, decimal_places=1)
    earned = serializers.DecimalField(max_digits=7, decimal_places=1)
    shortfall = serializers.DecimalField(max_digits=7, decimal_places=1)


class SummarySerializer(serializers.Serializer):
    staff = serializers.IntegerField(source="staff.pk")
    staff_name = serializers.CharField(source="staff.name")
    points = serializers.DictField(child=serializers.IntegerField())
    total = serializers.IntegerField()
    open_objections = serializers.IntegerField()
    talks = serializers.IntegerField()
    credit = CreditShortfallSerializer()
