"""The roster REST API: duty types, rosters (generate, publish), assignments (hand edits).

Every queryset comes from `roster.selectors` (scoped to the user); every change goes
through one service. Reads for all staff, writes for managers of the unit.
"""

import django_filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from kernel.api.permissions import IsManager, IsManagerOrReadOnly
from roster import selectors, services
from roster.models import DutyAssignment, DutyPreference, Roster
from roster.serializers import (
    AssignmentAddSerializer,
    AssignmentMoveSerializer,
    AssignmentRemoveSerializer,
    AssignmentSerializer,
    ConfirmationSerializer,
    DutyPreferenceSerializer,
    DutyPreferenceSetSerializer,
    DutyTypeSerializer,
    DutyWeekdaysSerializer,
    RosterGenerateSerializer,
    RosterSerializer,
)
from staffmgmt import selectors as staff_selectors

CONFIRM_409 = OpenApiResponse(
    ConfirmationSerializer, description="Rules would break: repeat with confirm=true."
)


def validated_input(serializer_class, request) -> dict:
    """The request body checked against an input shape (a 400 with field errors if not)."""
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _staff(user, pk, field: str):
    if pk is None:
        return None
    found = staff_selectors.staff_list(user).filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: _("Unknown staff member.")})
    return found


def _skills(items) -> dict:
    return {item["skill"]: item["min_count"] for item in items}


class DutyTypeViewSet(viewsets.ModelViewSet):
    serializer_class = DutyTypeSerializer
    permission_classes = [IsManagerOrReadOnly]
    filterset_fields = ["unit", "kind", "is_active"]

    def get_queryset(self):
        return selectors.duty_type_list(self.request.user).order_by("unit__path", "kind", "name")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        unit = data.pop("unit")
        skills = _skills(data.pop("required_skills", []))
        duty_type = services.duty_type_create(
            actor=request.user, unit=unit, required_skills=skills, **data
        )
        return Response(self.get_serializer(duty_type).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        duty_type = self.get_object()
        serializer = self.get_serializer(
            duty_type, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "unit" in data and data.pop("unit") != duty_type.unit:
            raise ValidationError({"unit": _("A duty type cannot move to another unit.")})
        skills = data.pop("required_skills", None)
        duty_type = services.duty_type_update(
            actor=request.user,
            duty_type=duty_type,
            required_skills=_skills(skills) if skills is not None else None,
            **data,
        )
        return Response(
            self.get_serializer(selectors.duty_type_get_for_user(request.user, duty_type.pk)).data
        )

    def perform_destroy(self, instance):
        services.duty_type_delete(actor=self.request.user, duty_type=instance)


class RosterFilter(django_filters.FilterSet):
    class Meta:
        model = Roster
        fields = ["unit", "duty_type", "status"]


@extend_schema_view(
    list=extend_schema(
        description="Rosters the user may see: published ones of their units; "
        "drafts too for managers of the unit."
    ),
)
class RosterViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RosterSerializer
    filterset_class = RosterFilter

    def get_queryset(self):
        return selectors.roster_list(self.request.user)

    @extend_schema(
        request=RosterGenerateSerializer,
        responses={201: RosterSerializer, 400: OpenApiTypes.OBJECT},
        description="Generate a draft roster with the CP-SAT solver. The answer carries the "
        "fairness figures (spread, optimal, seconds, counts, relaxations); an infeasible "
        "request answers 400 with the day and rule in words.",
    )
    @action(detail=False, methods=["post"], permission_classes=[IsManager])
    def generate(self, request):
        data = validated_input(RosterGenerateSerializer, request)
        duty_type = selectors.duty_type_list(request.user).filter(pk=data["duty_type"]).first()
        if duty_type is None:
            raise ValidationError({"duty_type": _("Unknown duty type.")})
        roster = services.roster_generate(
            actor=request.user,
            duty_type=duty_type,
            start_date=data["start_date"],
            end_date=data["end_date"],
            time_limit_s=data["time_limit_s"],
        )
        return Response(RosterSerializer(roster).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: RosterSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsManager])
    def publish(self, request, pk=None):
        roster = services.roster_publish(actor=request.user, roster=self.get_object())
        return Response(RosterSerializer(roster).data)


class AssignmentFilter(django_filters.FilterSet):
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte")
    flagged = django_filters.BooleanFilter(method="filter_flagged")

    class Meta:
        model = DutyAssignment
        fields = ["roster", "staff", "duty_type", "date_after", "date_before", "flagged"]

    def filter_flagged(self, queryset, name, value):
        return queryset.exclude(flagged_reason="") if value else queryset.filter(flagged_reason="")


class AssignmentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilter

    def get_queryset(self):
        return selectors.assignment_list(self.request.user)

    def get_permissions(self):
        if self.action in {"create", "move", "remove", "accept_replacement"}:
            return [IsManager()]
        return super().get_permissions()

    @extend_schema(
        request=AssignmentAddSerializer,
        responses={201: AssignmentSerializer, 400: OpenApiTypes.OBJECT, 409: CONFIRM_409},
    )
    def create(self, request, *args, **kwargs):
        data = validated_input(AssignmentAddSerializer, request)
        roster = selectors.roster_list(request.user).filter(pk=data["roster"]).first()
        if roster is None:
            raise ValidationError({"roster": _("Unknown roster.")})
        assignment = services.assignment_add(
            actor=request.user,
            roster=roster,
            staff=_staff(request.user, data["staff"], "staff"),
            date=data["date"],
            confirm=data["confirm"],
            reason=data["reason"],
        )
        return Response(AssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=AssignmentMoveSerializer,
        responses={200: AssignmentSerializer, 400: OpenApiTypes.OBJECT, 409: CONFIRM_409},
    )
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        assignment = self.get_object()
        data = validated_input(AssignmentMoveSerializer, request)
        moved = services.assignment_move(
            actor=request.user,
            assignment=assignment,
            to_staff=_staff(request.user, data["to_staff"], "to_staff"),
            to_date=data["to_date"],
            confirm=data["confirm"],
            reason=data["reason"],
        )
        return Response(AssignmentSerializer(moved).data)

    @extend_schema(
        request=AssignmentRemoveSerializer,
        responses={204: None, 400: OpenApiTypes.OBJECT, 409: CONFIRM_409},
    )
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        assignment = self.get_object()
        data = validated_input(AssignmentRemoveSerializer, request)
        services.assignment_remove(
            actor=request.user,
            assignment=assignment,
            reason=data["reason"],
            confirm=data["confirm"],
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses={200: AssignmentSerializer, 400: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"], url_path="accept-replacement")
    def accept_replacement(self, request, pk=None):
        assignment = services.assignment_accept_replacement(
            actor=request.user, assignment=self.get_object()
        )
        return Response(AssignmentSerializer(assignment).data)


class DutyPreferenceFilter(django_filters.FilterSet):
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = DutyPreference
        fields = ["staff", "kind", "date_after", "date_before"]


def _preference_owner(user, pk):
    """The person a wish is for: the user themselves unless `pk` names someone they see."""
    if pk is None:
        own = staff_selectors.staff_for_user(user)
        if own is None:
            raise ValidationError({"staff": _("Your account has no staff record.")})
        return own
    return _staff(user, pk, "staff")


@extend_schema_view(
    list=extend_schema(
        description="Duty wishes the user may see: their own, and for managers those of the "
        "people of the units they manage."
    ),
    destroy=extend_schema(description="Withdraw a wish (the person or a manager of their unit)."),
)
class DutyPreferenceViewSet(
    mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Days a cadre would rather not (`avoid`) or would like to (`prefer`) be on duty, and
    preferred weekdays. Roster generation honours them where the rules allow."""

    serializer_class = DutyPreferenceSerializer
    filterset_class = DutyPreferenceFilter

    def get_queryset(self):
        return selectors.duty_preference_list(self.request.user)

    @extend_schema(
        request=DutyPreferenceSetSerializer,
        responses={201: DutyPreferenceSerializer, 400: OpenApiTypes.OBJECT, 403: None},
        description="State a wish for a day (replacing one stated for that day). Past days "
        "are refused, and at most 10 days a month may be avoided.",
    )
    def create(self, request, *args, **kwargs):
        data = validated_input(DutyPreferenceSetSerializer, request)
        preference = services.duty_preference_set(
            actor=request.user,
            staff=_preference_owner(request.user, data["staff"]),
            day=data["date"],
            kind=data["kind"],
            note=data["note"],
        )
        return Response(DutyPreferenceSerializer(preference).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.duty_preference_remove(actor=self.request.user, preference=instance)

    @extend_schema(
        request=DutyWeekdaysSerializer,
        responses={200: DutyWeekdaysSerializer, 400: OpenApiTypes.OBJECT, 403: None},
        description="Set exactly the weekdays (Monday = 0) a person would like duties on.",
    )
    @action(detail=False, methods=["put"])
    def weekdays(self, request):
        data = validated_input(DutyWeekdaysSerializer, request)
        staff = _preference_owner(request.user, data["staff"])
        weekdays = services.duty_weekdays_set(
            actor=request.user, staff=staff, weekdays=data["weekdays"]
        )
        return Response({"staff": staff.pk, "weekdays": sorted(weekdays)})


def register(router) -> None:
    router.register("duty-types", DutyTypeViewSet, basename="duty-type")
    router.register("rosters", RosterViewSet, basename="roster")
    router.register("assignments", AssignmentViewSet, basename="assignment")
    router.register("duty-preferences", DutyPreferenceViewSet, basename="duty-preference")
