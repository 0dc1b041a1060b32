"""Duties on rosters: read as the user may see them; managers edit them by hand (a rule
break answers 409 until repeated with confirm=true)."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from kernel.api.permissions import IsManager
from kernel.api.viewsets import ServiceMixin
from kernel.errors import invalid
from roster import selectors, services
from roster.api.common import CONFIRM_409, visible_assignment, visible_staff
from roster.errors import RosterError
from roster.filters import AssignmentFilter
from roster.serializers import (
    AssignmentAddSerializer,
    AssignmentMoveSerializer,
    AssignmentPairSerializer,
    AssignmentRemoveSerializer,
    AssignmentReplaceSerializer,
    AssignmentSerializer,
    AssignmentSwapSerializer,
)


@extend_schema_view(
    create=extend_schema(
        request=AssignmentAddSerializer,
        responses={201: AssignmentSerializer, 400: OpenApiTypes.OBJECT, 409: CONFIRM_409},
    ),
)
class AssignmentViewSet(ServiceMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Duties on rosters; managers add, move and remove them by hand."""

    # Hand edits are the actions (move, remove), each with its reason, never a PATCH.
    http_method_names = ["get", "post", "head", "options"]
    serializer_class = AssignmentSerializer
    create_serializer_class = AssignmentAddSerializer
    filterset_class = AssignmentFilter

    def get_queryset(self):
        return selectors.assignment_list(user=self.request.user)

    def get_permissions(self):
        if self.action in {"create", "move", "remove", "replace", "swap", "accept_replacement"}:
            return [IsManager()]
        return super().get_permissions()

    def perform_service_create(self, data):
        user = self.request.user
        roster = selectors.roster_list(user=user).filter(pk=data["roster"]).first()
        if roster is None:
            raise invalid(RosterError.UNKNOWN_ROSTER, _("Unknown roster."), field="roster")
        return services.assignment_add(
            actor=user,
            roster=roster,
            staff=visible_staff(user, data["staff"], "staff"),
            date=data["date"],
            confirm=data["confirm"],
            reason=data["reason"],
        )

    @extend_schema(
        request=AssignmentMoveSerializer,
        responses={200: AssignmentSerializer, 400: OpenApiTypes.OBJECT, 409: CONFIRM_409},
    )
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        assignment = self.get_object()
        data = self.validated(AssignmentMoveSerializer)
        moved = services.assignment_move(
            actor=request.user,
            assignment=assignment,
            to_staff=visible_staff(request.user, data["to_staff"], "to_staff"),
            to_date=data["to_date"],
            confirm=data["confirm"],
            reason=data["reason"],
        )
        return self.respond(moved)

    @extend_schema(
        request=AssignmentReplaceSerializer,
        responses={200: AssignmentSerializer, 400: OpenApiTypes.OBJECT, 409: CONFIRM_409},
        description="Give the duty, on its day, to another person (a rule break answers 409 "
        "until repeated with confirm=true and a reason).",
    )
    @action(detail=True, methods=["post"])
    def replace(self, request, pk=None):
        assignment = self.get_object()
        data = self.validated(AssignmentReplaceSerializer)
        replaced = services.assignment_replace(
            actor=request.user,
            assignment=assignment,
            to_staff=visible_staff(request.user, data["to_staff"], "to_staff"),
            confirm=data["confirm"],
            reason=data["reason"],
        )
        return self.respond(replaced)

    @extend_schema(
        request=AssignmentSwapSerializer,
        responses={200: AssignmentPairSerializer, 400: OpenApiTypes.OBJECT, 409: CONFIRM_409},
        description="Exchange the people of this duty and another of the same roster on "
        "another day (a rule break answers 409 until repeated with confirm=true and a reason).",
    )
    @action(detail=True, methods=["post"])
    def swap(self, request, pk=None):
        assignment = self.get_object()
        data = self.validated(AssignmentSwapSerializer)
        first, second = services.assignment_swap(
            actor=request.user,
            assignment=assignment,
            other=visible_assignment(request.user, data["with_assignment"], "with_assignment"),
            confirm=data["confirm"],
            reason=data["reason"],
        )
        return Response(
            {
                "assignment": AssignmentSerializer(
                    first, context=self.get_serializer_context()
                ).data,
                "other": AssignmentSerializer(second, context=self.get_serializer_context()).data,
            }
        )

    @extend_schema(
        request=AssignmentRemoveSerializer,
        responses={204: None, 400: OpenApiTypes.OBJECT, 409: CONFIRM_409},
    )
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        assignment = self.get_object()
        data = self.validated(AssignmentRemoveSerializer)
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
        return self.respond(assignment)
