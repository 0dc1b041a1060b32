"""Swaps: a cadre asks a colleague, who accepts or declines; the manager approves or
rejects. Each workflow step is an explicit action (`POST /api/swaps/{id}/approve/`)."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action

from kernel.api.viewsets import ServiceMixin
from kernel.errors import invalid
from roster import selectors, services
from roster.api.common import visible_assignment
from roster.errors import RosterError
from roster.filters import SwapFilter
from roster.serializers import SwapCreateSerializer, SwapNoteSerializer, SwapSerializer


@extend_schema_view(
    list=extend_schema(
        description="Swaps the user asked for or was asked, and every swap of the units "
        "they manage."
    ),
    create=extend_schema(
        request=SwapCreateSerializer,
        responses={201: SwapSerializer, 400: OpenApiTypes.OBJECT},
        description="Ask a colleague to take a future published duty of yours (optionally "
        "in exchange for one of theirs). A duty with an open swap answers 400.",
    ),
)
class SwapViewSet(ServiceMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Duty swaps between colleagues, decided by the unit's manager."""

    # A swap changes only through its steps (accept, decline, approve ...), never by PATCH.
    http_method_names = ["get", "post", "head", "options"]
    serializer_class = SwapSerializer
    create_serializer_class = SwapCreateSerializer
    filterset_class = SwapFilter

    def get_queryset(self):
        return selectors.swap_list(user=self.request.user).order_by("-created_at", "-id")

    def perform_service_create(self, data):
        user = self.request.user
        # The people the swap page offers; colleagues of other sections of the duty's hall
        # among them, though they are outside a cadre's staff list.
        counterpart = (
            selectors.swap_counterpart_list(user=user).filter(pk=data["counterpart"]).first()
        )
        if counterpart is None:
            raise invalid(
                RosterError.UNKNOWN_STAFF, _("Unknown staff member."), field="counterpart"
            )
        return services.swap_request(
            actor=user,
            assignment=visible_assignment(user, data["assignment"], "assignment"),
            counterpart=counterpart,
            counterpart_assignment=visible_assignment(
                user, data.get("counterpart_assignment"), "counterpart_assignment"
            ),
            reason=data["reason"],
        )

    def _step(self, service, *, with_note: bool):
        kwargs = {"actor": self.request.user, "swap": self.get_object()}
        if with_note:
            kwargs["note"] = self.validated(SwapNoteSerializer)["note"]
        return self.respond(service(**kwargs))

    @extend_schema(request=None, responses={200: SwapSerializer, 400: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """The colleague accepts (only the colleague asked)."""
        return self._step(services.swap_accept, with_note=False)

    @extend_schema(
        request=SwapNoteSerializer, responses={200: SwapSerializer, 400: OpenApiTypes.OBJECT}
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """The colleague declines (only the colleague asked)."""
        return self._step(services.swap_decline, with_note=True)

    @extend_schema(
        request=SwapNoteSerializer,
        responses={200: SwapSerializer, 400: OpenApiTypes.OBJECT},
        description="The unit's manager approves an accepted swap: hard rules are re-checked "
        "(leave, skills, one duty per day, consecutive holiday duty) and the duties move.",
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._step(services.swap_approve, with_note=True)

    @extend_schema(
        request=SwapNoteSerializer, responses={200: SwapSerializer, 400: OpenApiTypes.OBJECT}
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """The unit's manager rejects an open swap (a note is required)."""
        return self._step(services.swap_reject, with_note=True)

    @extend_schema(request=None, responses={200: SwapSerializer, 400: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """The requester withdraws an open request."""
        return self._step(services.swap_cancel, with_note=False)
