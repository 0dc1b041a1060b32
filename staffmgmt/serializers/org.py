"""Shapes of the org API: serializers validate input shape and present rows; they never save.

Writes go through `staffmgmt.services`; ids in input are looked up only among the rows the
asking user may see, so an id outside the user's scope is "does not exist" (400), the same
answer as an id that really does not exist.
"""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kernel.roles import Role
from staffmgmt import selectors
from staffmgmt.models import OrgUnit, Post, PostPairing, Skill, Staff, Window


@extend_schema_field(OpenApiTypes.INT)
class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A primary key looked up in `selector(user=request.user)` rather than in every row."""

    def __init__(self, *, selector, **kwargs):
        self.selector = selector
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.selector(user=getattr(request, "user", None))


def _scoped(selector, **kwargs) -> ScopedPrimaryKeyRelatedField:
    return ScopedPrimaryKeyRelatedField(selector=selector, **kwargs)


# --- read shapes -------------------------------------------------------------------------


class OrgUnitSerializer(serializers.ModelSerializer):
    depth = serializers.IntegerField(read_only=True)

    class Meta:
        model = OrgUnit
        fields = ["id", "code", "name", "kind", "parent", "path", "depth"]
        read_only_fields = fields


class SkillSerializer(serializers.ModelSerializer):
    class Meta:
        model = Skill
        fields = ["id", "code", "name", "name_zh"]
        read_only_fields = fields


class StaffSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Staff
        fields = [
            "id",
            "username",
            "employee_no",
            "name",
            "unit",
            "unit_name",
            "title",
            "skills",
            "is_leader",
            "is_active",
        ]
        read_only_fields = fields


class WindowSerializer(serializers.ModelSerializer):
    class Meta:
        model = Window
        fields = ["id", "unit", "number", "name", "is_full_service", "is_active"]
        read_only_fields = fields


# Who holds a post and when: shared by the full pairing and the brief one inside a post.
_PAIRING_HOLDER_FIELDS = [
    "a_holder",
    "a_holder_name",
    "b_holder",
    "b_holder_name",
    "valid_from",
    "valid_to",
]


class PairingBriefSerializer(serializers.ModelSerializer):
    a_holder_name = serializers.CharField(source="a_holder.name", read_only=True)
    b_holder_name = serializers.CharField(source="b_holder.name", read_only=True)

    class Meta:
        model = PostPairing
        fields = ["id", *_PAIRING_HOLDER_FIELDS]
        read_only_fields = fields


class PairingSerializer(PairingBriefSerializer):
    post_name = serializers.CharField(source="post.name", read_only=True)

    class Meta(PairingBriefSerializer.Meta):
        fields = ["id", "post", "post_name", *_PAIRING_HOLDER_FIELDS, "note"]
        read_only_fields = fields


class PostSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    current_pairing = serializers.SerializerMethodField(
        help_text=_("The AB pairing in force today, or null when the post has none.")
    )

    class Meta:
        model = Post
        fields = [
            "id",
            "unit",
            "unit_name",
            "window",
            "name",
            "duties",
            "is_critical",
            "is_active",
            "required_skills",
            "current_pairing",
        ]
        read_only_fields = fields

    @extend_schema_field(PairingBriefSerializer(allow_null=True))
    def get_current_pairing(self, post: Post):
        # Filled by selectors.post_list_with_holders; never a query per post.
        pairings = getattr(post, "pairings_on_day", None) or []
        return PairingBriefSerializer(pairings[0]).data if pairings else None


# --- input shapes ------------------------------------------------------------------------


class StaffCreateSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    employee_no = serializers.CharField(max_length=20)
    name = serializers.CharField(max_length=80)
    unit = _scoped(selectors.org_unit_list)
    title = serializers.CharField(max_length=80, required=False, default="", allow_blank=True)
    skills = _scoped(selectors.skill_list, many=True, required=False)
    is_leader = serializers.BooleanField(required=False, default=False)
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=Role.choices),
        required=False,
        default=[Role.CADRE],
        allow_empty=False,
    )
    password = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=False,
        style={"input_type": "password"},
        help_text=_("Leave out to create the account without a usable password."),
    )

    def validate(self, attrs):
        password = attrs.get("password")
        if password:
            try:
                validate_password(password)
            except DjangoValidationError as exc:
                raise serializers.ValidationError({"password": list(exc.messages)}) from exc
        return attrs


class StaffUpdateSerializer(serializers.Serializer):
    employee_no = serializers.CharField(max_length=20, required=False)
    name = serializers.CharField(max_length=80, required=False)
    unit = _scoped(selectors.org_unit_list, required=False)
    title = serializers.CharField(max_length=80, required=False, allow_blank=True)
    skills = _scoped(selectors.skill_list, many=True, required=False)
    is_leader = serializers.BooleanField(required=False)
    is_active = serializers.BooleanField(required=False)
    reason = serializers.CharField(required=False, default="", allow_blank=True)


class WindowCreateSerializer(serializers.Serializer):
    unit = _scoped(selectors.org_unit_list)
    number = serializers.CharField(max_length=10)
    name = serializers.CharField(max_length=80)
    is_full_service = serializers.BooleanField(required=False, default=False)


class WindowUpdateSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=10, required=False)
    name = serializers.CharField(max_length=80, required=False)
    is_full_service = serializers.BooleanField(required=False)
    is_active = serializers.BooleanField(required=False)
    reason = serializers.CharField(required=False, default="", allow_blank=True)


class PostCreateSerializer(serializers.Serializer):
    unit = _scoped(selectors.org_unit_list)
    window = _scoped(selectors.window_list, required=False, allow_null=True)
    name = serializers.CharField(max_length=120)
    duties = serializers.CharField(required=False, default="", allow_blank=True)
    is_critical = serializers.BooleanField(required=False, default=False)
    required_skills = _scoped(selectors.skill_list, many=True, required=False)


class PostUpdateSerializer(serializers.Serializer):
    window = _scoped(selectors.window_list, required=False, allow_null=True)
    name = serializers.CharField(max_length=120, required=False)
    duties = serializers.CharField(required=False, allow_blank=True)
    is_critical = serializers.BooleanField(required=False)
    is_active = serializers.BooleanField(required=False)
    required_skills = _scoped(selectors.skill_list, many=True, required=False)
    reason = serializers.CharField(required=False, default="", allow_blank=True)


class PairingCreateSerializer(serializers.Serializer):
    post = _scoped(selectors.post_list)
    a_holder = _scoped(selectors.staff_list)
    b_holder = _scoped(selectors.staff_list)
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Last day in force; leave out while in force."),
    )
    note = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    reason = serializers.CharField(required=False, default="", allow_blank=True)


class PairingEndSerializer(serializers.Serializer):
    last_day = serializers.DateField(help_text=_("The last day the pairing is in force."))
    reason = serializers.CharField(required=False, default="", allow_blank=True)
