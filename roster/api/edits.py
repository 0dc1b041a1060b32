"""A roster's edit log, for the managers of its unit: read, and undo an entry."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action

from kernel.api.permissions import IsManager
from kernel.api.viewsets import ReadOnlyServiceViewSet
from roster import selectors, services
from roster.filters import RosterEditFilter
from roster.serializers import RosterEditSerializer, RosterEditUndoSerializer


@extend_schema_view(
    list=extend_schema(
        description="Hand edits, undos, withdrawals and publications of the rosters the "
        "user manages, newest first; `?roster=` for one roster."
    ),
)
class RosterEditViewSet(ReadOnlyServiceViewSet):
    """The edit log of rosters (managers of the unit)."""

    serializer_class = RosterEditSerializer
    filterset_class = RosterEditFilter
    permission_classes = [IsManager]

    def get_queryset(self):
        return selectors.roster_edit_list(user=self.request.user)

    @extend_schema(
        request=RosterEditUndoSerializer,
        responses={201: RosterEditSerializer, 400: OpenApiTypes.OBJECT},
        description="Undo the edit: its duties go back to how they were before it, if they "
        "are still as it left them (else 400 `roster.edit_stale`). Answers the undo's own "
        "entry of the log.",
    )
    @action(detail=True, methods=["post"])
    def undo(self, request, pk=None):
        data = self.validated(RosterEditUndoSerializer)
        undo = services.roster_edit_undo(
            actor=request.user, edit=self.get_object(), reason=data["reason"]
        )
        return self.respond(undo, status_code=201)
