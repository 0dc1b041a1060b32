"""Rosters: read as the user may see them; managers generate drafts and publish them."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action

from kernel.api.permissions import IsManager
from kernel.api.viewsets import ReadOnlyServiceViewSet
from kernel.errors import invalid
from roster import selectors, services
from roster.errors import RosterError
from roster.filters import RosterFilter
from roster.serializers import RosterGenerateSerializer, RosterSerializer


@extend_schema_view(
    list=extend_schema(
        description="Rosters the user may see: published ones of their units; "
        "drafts too for managers of the unit."
    ),
)
class RosterViewSet(ReadOnlyServiceViewSet):
    """Rosters of duty: drafts (managers of the unit) and published ones."""

    serializer_class = RosterSerializer
    filterset_class = RosterFilter

    def get_queryset(self):
        return selectors.roster_list(user=self.request.user)

    @extend_schema(
        request=RosterGenerateSerializer,
        responses={201: RosterSerializer, 400: OpenApiTypes.OBJECT},
        description="Generate a draft roster with the CP-SAT solver. The answer carries the "
        "fairness figures (spread, optimal, seconds, counts, relaxations); an infeasible "
        "request answers 400 with the day and rule in words.",
    )
    @action(detail=False, methods=["post"], permission_classes=[IsManager])
    def generate(self, request):
        data = self.validated(RosterGenerateSerializer)
        duty_type = selectors.duty_type_list(user=request.user).filter(pk=data["duty_type"]).first()
        if duty_type is None:
            raise invalid(RosterError.UNKNOWN_DUTY_TYPE, _("Unknown duty type."), field="duty_type")
        roster = services.roster_generate(
            actor=request.user,
            duty_type=duty_type,
            start_date=data["start_date"],
            end_date=data["end_date"],
            time_limit_s=data["time_limit_s"],
        )
        return self.respond(roster, status_code=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: RosterSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsManager])
    def publish(self, request, pk=None):
        return self.respond(services.roster_publish(actor=request.user, roster=self.get_object()))
