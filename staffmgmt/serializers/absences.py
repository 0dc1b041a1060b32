"""Shapes of absences, coverage and gaps over the API. They validate and present; the
services decide."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kernel.api.decisions import DeciderSerializer, DecidersListSerializer
from staffmgmt import selectors
from staffmgmt.models import Absence


class AbsenceSerializer(serializers.ModelSerializer):
    staff_name = serializers.CharField(source="staff.name", read_only=True)
    unit = serializers.IntegerField(source="staff.unit_id", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    requested_by = serializers.CharField(source="requested_by.username", read_only=True)
    decided_by = serializers.CharField(
        source="decided_by.username", read_only=True, allow_null=True, default=None
    )
    deciders = serializers.SerializerMethodField(
        help_text=_(
            "Who can decide a requested leave: the nearest managers apart from the absentee "
            "and the requester, else administrators (empty once decided)."
        )
    )

    class Meta:
        model = Absence
        fields = [
            "id",
            "staff",
            "staff_name",
            "unit",
            "kind",
            "kind_display",
            "start_date",
            "start_half",
            "end_date",
            "end_half",
            "is_half_day",
            "working_days",
            "counted_days",
            "reason",
            "status",
            "status_display",
            "requested_by",
            "requested_at",
            "decided_by",
            "decided_at",
            "decision_note",
            "gaps_confirmed",
            "deciders",
        ]
        read_only_fields = fields
        list_serializer_class = DecidersListSerializer

    def fill_deciders(self, user, items) -> None:
        selectors.absence_decisions(user=user, absences=items)

    @extend_schema_field(DeciderSerializer(many=True))
    def get_deciders(self, absence: Absence) -> list[dict]:
        return [
            decider.as_dict() for decider in selectors.absence_deciders_unscoped(absence=absence)
        ]


class AbsenceCreateSerializer(serializers.Serializer):
    staff = serializers.IntegerField(
        required=False,
        help_text=_("The absentee; only managers may name someone else. Defaults to yourself."),
    )
    kind = serializers.ChoiceField(choices=Absence.Kind.choices)
    start_date = serializers.DateField()
    start_half = serializers.ChoiceField(choices=Absence.StartHalf.choices, default="am")
    end_date = serializers.DateField()
    end_half = serializers.ChoiceField(choices=Absence.EndHalf.choices, default="pm")
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class AbsenceApproveSerializer(serializers.Serializer):
    confirm_gaps = serializers.BooleanField(
        default=False,
        help_text=_("Approve even though posts would be left with nobody (after a 409)."),
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class AbsenceRejectSerializer(serializers.Serializer):
    note = serializers.CharField(
        allow_blank=True, max_length=2000, help_text=_("Why the leave is rejected (required).")
    )


class AbsenceCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class GapSerializer(serializers.Serializer):
    post_id = serializers.IntegerField(source="post.pk")
    post = serializers.CharField(source="post.name")
    unit = serializers.CharField(source="post.unit.name")
    is_critical = serializers.BooleanField(source="post.is_critical")
    date = serializers.DateField()
    halves = serializers.ListField(child=serializers.CharField())
    reason = serializers.CharField()
    reason_text = serializers.CharField()
    absences = serializers.SerializerMethodField()

    def get_absences(self, gap) -> list[int]:
        return [absence.pk for absence in gap.absences]


class CoveringStaffSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()


class HalfCoverageSerializer(serializers.Serializer):
    half = serializers.CharField()
    covered_by = CoveringStaffSerializer(allow_null=True)
    role = serializers.CharField(allow_null=True)
    reason = serializers.CharField()
    reason_text = serializers.CharField()
    is_gap = serializers.BooleanField()


class PostCoverageSerializer(serializers.Serializer):
    post_id = serializers.IntegerField()
    post = serializers.CharField()
    date = serializers.DateField()
    halves = HalfCoverageSerializer(many=True)


class DateQuerySerializer(serializers.Serializer):
    date = serializers.DateField(required=False, help_text=_("YYYY-MM-DD; default today."))


class DateRangeQuerySerializer(serializers.Serializer):
    start = serializers.DateField(required=False, help_text=_("YYYY-MM-DD; default today."))
    end = serializers.DateField(required=False, help_text=_("YYYY-MM-DD; default start + 30 days."))
