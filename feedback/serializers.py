"""Shapes of the feedback API. Public shapes never carry contact details; the staff
shape of an entry carries them only for those who may answer it."""

from rest_framework import serializers

from feedback.models import (
    ComplaintTopic,
    EntryKind,
    EntryReply,
    FollowUp,
    NegativeReason,
    Rating,
    RatingLevel,
    SuggestionEntry,
    Verification,
)
from feedback.selectors import can_answer
from staffmgmt.models import Staff


class ServingSerializer(serializers.Serializer):
    name = serializers.CharField()
    employee_no = serializers.CharField()


class PublicWindowSerializer(serializers.Serializer):
    token = serializers.CharField()
    number = serializers.CharField(source="window.number")
    name = serializers.CharField(source="window.name")
    hall = serializers.CharField(source="window.unit.name")
    serving = serializers.SerializerMethodField()

    def get_serving(self, card) -> dict | None:
        person = self.context.get("serving")
        return ServingSerializer(person).data if person else None


class RatingInputSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=RatingLevel.choices)
    reasons = serializers.ListField(
        child=serializers.ChoiceField(choices=NegativeReason.choices), required=False, max_length=5
    )
    comment = serializers.CharField(required=False, allow_blank=True, max_length=500)
    # Honeypot: people never see it; a bot filling every field is refused.
    website = serializers.CharField(required=False, allow_blank=True, max_length=200)
    device = serializers.CharField(
        required=False, allow_blank=True, max_length=64, help_text="A stable id of the device."
    )


class PublicRatingSerializer(serializers.ModelSerializer):
    negative = serializers.BooleanField(source="is_negative", read_only=True)

    class Meta:
        model = Rating
        fields = ["id", "level", "negative", "created_at"]


class EntryInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=EntryKind.choices)
    topic = serializers.ChoiceField(
        choices=ComplaintTopic.choices, required=False, allow_blank=True
    )
    text = serializers.CharField(max_length=2000)
    contact_name = serializers.CharField(required=False, allow_blank=True, max_length=80)
    contact = serializers.CharField(required=False, allow_blank=True, max_length=120)
    website = serializers.CharField(required=False, allow_blank=True, max_length=200)
    device = serializers.CharField(required=False, allow_blank=True, max_length=64)


class PublicReplySerializer(serializers.ModelSerializer):
    class Meta:
        model = EntryReply
        fields = ["text", "created_at"]


class PublicEntrySerializer(serializers.ModelSerializer):
    """What the taxpayer reads by tracking code: no contact details, no staff notes."""

    window = serializers.CharField(source="window.number")
    hall = serializers.CharField(source="window.unit.name")
    replies = PublicReplySerializer(many=True, read_only=True)

    class Meta:
        model = SuggestionEntry
        fields = [
            "tracking_code",
            "window",
            "hall",
            "kind",
            "topic",
            "text",
            "status",
            "created_at",
            "due_date",
            "answered_at",
            "closed_at",
            "replies",
        ]


class StaffBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Staff
        fields = ["id", "name", "employee_no"]


class ReplySerializer(serializers.ModelSerializer):
    author = StaffBriefSerializer(read_only=True)

    class Meta:
        model = EntryReply
        fields = ["id", "text", "author", "created_at"]


class EntrySerializer(serializers.ModelSerializer):
    window = serializers.CharField(source="window.number", read_only=True)
    staff = StaffBriefSerializer(read_only=True)
    owner = StaffBriefSerializer(read_only=True)
    assigned_to = StaffBriefSerializer(read_only=True)
    concerned_staff = StaffBriefSerializer(read_only=True)
    current_due = serializers.DateField(read_only=True)
    replies = ReplySerializer(many=True, read_only=True)
    contact_name = serializers.SerializerMethodField()
    contact = serializers.SerializerMethodField()

    class Meta:
        model = SuggestionEntry
        fields = [
            "id",
            "tracking_code",
            "window",
            "unit",
            "kind",
            "topic",
            "text",
            "contact_name",
            "contact",
            "status",
            "staff",
            "assigned_to",
            "owner",
            "created_at",
            "accept_due_date",
            "due_date",
            "current_due",
            "accepted_at",
            "answered_at",
            "closed_at",
            "verification",
            "verification_note",
            "concerned_staff",
            "replies",
        ]

    def _answers(self, entry) -> bool:
        request = self.context.get("request")
        if request is None:
            return False
        managed = self.context.get("managed_unit_ids")
        return can_answer(user=request.user, entry=entry, managed_unit_ids=managed)

    def get_contact_name(self, entry) -> str | None:
        return entry.contact_name if self._answers(entry) else None

    def get_contact(self, entry) -> str | None:
        return entry.contact if self._answers(entry) else None


class ReplyInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000)


class AssignInputSerializer(serializers.Serializer):
    assignee = serializers.PrimaryKeyRelatedField(queryset=Staff.objects.filter(is_active=True))


class CloseInputSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)


class VerifyInputSerializer(serializers.Serializer):
    verification = serializers.ChoiceField(
        choices=[(Verification.VERIFIED, "verified"), (Verification.UNFOUNDED, "unfounded")]
    )
    note = serializers.CharField(max_length=2000)
    concerned_staff = serializers.PrimaryKeyRelatedField(
        queryset=Staff.objects.all(), required=False, allow_null=True
    )


class RatingSerializer(serializers.ModelSerializer):
    window = serializers.CharField(source="window.number", read_only=True)
    staff = StaffBriefSerializer(read_only=True)
    negative = serializers.BooleanField(source="is_negative", read_only=True)
    reasons = serializers.ListField(
        source="reason_list", child=serializers.CharField(), read_only=True
    )

    class Meta:
        model = Rating
        fields = [
            "id",
            "window",
            "unit",
            "staff",
            "level",
            "negative",
            "reasons",
            "comment",
            "created_at",
        ]


class FollowUpSerializer(serializers.ModelSerializer):
    rating = RatingSerializer(read_only=True)
    owner = StaffBriefSerializer(read_only=True)

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "rating",
            "unit",
            "status",
            "owner",
            "due_date",
            "note",
            "done_at",
            "created_at",
        ]


class FollowUpCloseSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000)
