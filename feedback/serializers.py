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


_REASONS_MAX = RatingInputSerializer._declared_fields["reasons"].max_length
_TEXT_LIMITS = {
    name: RatingInputSerializer._declared_fields[name].max_length
    for name in ("comment", "website", "device")
}


_LEVELS = frozenset(RatingLevel.values)
_REASONS = frozenset(NegativeReason.values)


def _plain_text(value) -> bool:
    # What RatingInputSerializer's CharFields accept unchanged but for the strip: a string
    # without NUL or lone surrogates (their validators), no longer than its field.
    if type(value) is not str or "\x00" in value:
        return False
    try:
        value.encode()
    except UnicodeEncodeError:
        return False
    return True


def rating_input_validated(data) -> dict:
    """RatingInputSerializer's validated data. The rating is the busiest request of the
    site, and building the serializer (a deep copy of its fields) cost as much as the
    rating's INSERT: a JSON body of the plain shape (an int level, a list of known reason
    codes, short strings) is checked here with the serializer's own limits and gives the
    same data; anything else goes through the serializer, for the same data or the same
    field errors (tests/feedback/test_api.py compares the two)."""
    fast = _rating_input_plain(data)
    if fast is not None:
        return fast
    serializer = RatingInputSerializer(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _rating_input_plain(data) -> dict | None:
    if type(data) is not dict:
        return None
    level = data.get("level")
    if type(level) is not int or level not in _LEVELS:
        return None
    validated = {"level": level}
    if "reasons" in data:
        reasons = data["reasons"]
        if (
            type(reasons) is not list
            or len(reasons) > _REASONS_MAX
            or not all(type(code) is str and code in _REASONS for code in reasons)
        ):
            return None
        validated["reasons"] = list(reasons)
    for name, limit in _TEXT_LIMITS.items():
        if name in data:
            value = data[name]
            if not _plain_text(value):
                return None
            value = value.strip()
            if len(value) > limit:
                return None
            validated[name] = value
    return validated


class PublicRatingSerializer(serializers.ModelSerializer):
    negative = serializers.BooleanField(source="is_negative", read_only=True)

    class Meta:
        model = Rating
        fields = ["id", "level", "negative", "created_at"]


_CREATED_AT = serializers.DateTimeField(read_only=True)


def public_rating_data(rating: Rating) -> dict:
    """PublicRatingSerializer(rating).data, without building the ModelSerializer's fields
    from the model on every rating (the schema still declares the serializer)."""
    return {
        "id": rating.pk,
        "level": rating.level,
        "negative": rating.is_negative,
        "created_at": _CREATED_AT.to_representation(rating.created_at),
    }


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
