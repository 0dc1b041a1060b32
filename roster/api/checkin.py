"""Check-ins: a cadre checks in for today's duty; managers read those of their units."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from kernel.api.viewsets import ServiceMixin
from roster import selectors, services
from roster.api.common import visible_assignment
from roster.filters import CheckInFilter
from roster.serializers import CheckInCreateSerializer, CheckInSerializer


@extend_schema_view(
    list=extend_schema(description="Own check-ins, and those of the units the user manages."),
    create=extend_schema(
        request=CheckInCreateSerializer,
        responses={201: CheckInSerializer, 400: OpenApiTypes.OBJECT},
        description="Check in for your own published duty of today, at the server's time; "
        "after the report time it is recorded as late.",
    ),
)
class CheckInViewSet(ServiceMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Check-ins for duties: recorded once, never changed."""

    http_method_names = ["get", "post", "head", "options"]
    serializer_class = CheckInSerializer
    create_serializer_class = CheckInCreateSerializer
    filterset_class = CheckInFilter

    def get_queryset(self):
        return selectors.checkin_list(user=self.request.user).order_by("-checked_in_at", "-id")

    def perform_service_create(self, data):
        user = self.request.user
        assignment = visible_assignment(user, data["assignment"], "assignment")
        return services.checkin_record(actor=user, assignment=assignment)
