"""REST API for org units, skills, staff, windows, posts and AB pairings.

Every queryset comes from a selector scoped to the asking user (a row outside the scope is
a 404); every write is one service call (a unit the actor does not manage is a 403, bad
input a 400 with field errors). Pairings are never deleted: they are ended, and their
history stays.
"""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action

from kernel.api.permissions import IsManagerOrReadOnly
from kernel.api.viewsets import ServiceMixin, ServiceViewSet, service_schema
from staffmgmt import selectors, services
from staffmgmt.filters import OrgUnitFilter, PairingFilter, PostFilter, StaffFilter, WindowFilter
from staffmgmt.serializers.org import (
    OrgUnitSerializer,
    PairingCreateSerializer,
    PairingEndSerializer,
    PairingSerializer,
    PostCreateSerializer,
    PostSerializer,
    PostUpdateSerializer,
    SkillSerializer,
    StaffCreateSerializer,
    StaffSerializer,
    StaffUpdateSerializer,
    WindowCreateSerializer,
    WindowSerializer,
    WindowUpdateSerializer,
)


class OrgUnitViewSet(viewsets.ReadOnlyModelViewSet):
    """The org tree (bureau → branch → hall → section) as far as the user may see it."""

    serializer_class = OrgUnitSerializer
    filterset_class = OrgUnitFilter
    ordering_fields = ["path", "name", "code"]

    def get_queryset(self):
        return selectors.org_unit_list(user=self.request.user)


class SkillViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SkillSerializer
    filterset_fields = ["code"]
    ordering_fields = ["code", "name"]

    def get_queryset(self):
        return selectors.skill_list(user=self.request.user)


@extend_schema(tags=["staff"])
@service_schema(StaffSerializer, StaffCreateSerializer, StaffUpdateSerializer)
class StaffViewSet(ServiceViewSet):
    """Cadres of the units the user may see; managers create and change them."""

    serializer_class = StaffSerializer
    create_serializer_class = StaffCreateSerializer
    update_serializer_class = StaffUpdateSerializer
    permission_classes = [IsManagerOrReadOnly]
    filterset_class = StaffFilter
    ordering_fields = ["name", "employee_no", "unit__path"]

    def get_queryset(self):
        return selectors.staff_list(user=self.request.user)

    def perform_service_create(self, data):
        return services.staff_create(actor=self.request.user, **data)

    def perform_service_update(self, instance, data):
        return services.staff_update(actor=self.request.user, staff=instance, **data)


@service_schema(WindowSerializer, WindowCreateSerializer, WindowUpdateSerializer)
class WindowViewSet(ServiceViewSet):
    """Service windows of the units the user may see; managers create and change them."""

    serializer_class = WindowSerializer
    create_serializer_class = WindowCreateSerializer
    update_serializer_class = WindowUpdateSerializer
    permission_classes = [IsManagerOrReadOnly]
    filterset_class = WindowFilter
    ordering_fields = ["number", "name", "unit__path"]

    def get_queryset(self):
        return selectors.window_list(user=self.request.user)

    def perform_service_create(self, data):
        return services.window_create(actor=self.request.user, **data)

    def perform_service_update(self, instance, data):
        return services.window_update(actor=self.request.user, window=instance, **data)


@service_schema(PostSerializer, PostCreateSerializer, PostUpdateSerializer)
class PostViewSet(ServiceViewSet):
    """Posts with the AB pairing in force today (`current_pairing`)."""

    serializer_class = PostSerializer
    create_serializer_class = PostCreateSerializer
    update_serializer_class = PostUpdateSerializer
    permission_classes = [IsManagerOrReadOnly]
    filterset_class = PostFilter
    ordering_fields = ["name", "unit__path", "is_critical"]

    def get_queryset(self):
        return selectors.post_list_with_holders(user=self.request.user, on_day=timezone.localdate())

    def perform_service_create(self, data):
        return services.post_create(actor=self.request.user, **data)

    def perform_service_update(self, instance, data):
        return services.post_update(actor=self.request.user, post=instance, **data)


class PairingViewSet(
    ServiceMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """AB pairings. Created with `pairing_create`, ended with `end`; never deleted or
    rewritten, so the history of who held a post stays answerable."""

    serializer_class = PairingSerializer
    create_serializer_class = PairingCreateSerializer
    permission_classes = [IsManagerOrReadOnly]
    filterset_class = PairingFilter
    ordering_fields = ["valid_from", "valid_to", "post__name"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return selectors.pairing_list(user=self.request.user)

    def perform_service_create(self, data):
        return services.pairing_create(actor=self.request.user, **data)

    @extend_schema(request=PairingCreateSerializer, responses={201: PairingSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    @extend_schema(request=PairingEndSerializer, responses=PairingSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """End the pairing after `last_day`; a new pairing may start the day after."""
        pairing = self.get_object()
        data = self.validated(PairingEndSerializer)
        pairing = services.pairing_end(actor=request.user, pairing=pairing, **data)
        return self.respond(pairing)


def register(router) -> None:
    """Register this module's viewsets on the API router."""
    router.register("org-units", OrgUnitViewSet, basename="org-unit")
    router.register("skills", SkillViewSet, basename="skill")
    router.register("staff", StaffViewSet, basename="staff")
    router.register("windows", WindowViewSet, basename="window")
    router.register("posts", PostViewSet, basename="post")
    router.register("pairings", PairingViewSet, basename="pairing")
