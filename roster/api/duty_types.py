"""Duty types: every user reads those of the units they see; managers define and change them."""

from rest_framework import mixins, viewsets

from kernel.api.permissions import IsManagerOrReadOnly
from kernel.api.viewsets import ServiceMixin, service_schema
from roster import selectors, services
from roster.serializers import DutyTypeSerializer


def _skills(items) -> dict:
    return {item["skill"]: item["min_count"] for item in items}


@service_schema(DutyTypeSerializer, DutyTypeSerializer, DutyTypeSerializer)
class DutyTypeViewSet(ServiceMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """What a unit staffs (noon, holiday, weekend duty), when, and with which skills."""

    serializer_class = DutyTypeSerializer
    create_serializer_class = DutyTypeSerializer
    update_serializer_class = DutyTypeSerializer
    permission_classes = [IsManagerOrReadOnly]
    filterset_fields = ["unit", "kind", "is_active"]

    def get_queryset(self):
        return selectors.duty_type_list(user=self.request.user).order_by(
            "unit__path", "kind", "name"
        )

    def perform_service_create(self, data):
        unit = data.pop("unit")
        skills = _skills(data.pop("required_skills", []))
        return services.duty_type_create(
            actor=self.request.user, unit=unit, required_skills=skills, **data
        )

    def perform_service_update(self, instance, data):
        skills = data.pop("required_skills", None)
        return services.duty_type_update(
            actor=self.request.user,
            duty_type=instance,
            required_skills=_skills(skills) if skills is not None else None,
            **data,
        )

    def update(self, request, *args, **kwargs):
        # PUT and PATCH both: the read shape is also the input shape here, checked against
        # the stored row (a PUT must name every required field).
        instance = self.get_object()
        data = self.validated(
            self.update_serializer_class, instance=instance, partial=kwargs.get("partial", False)
        )
        return self.respond(self.perform_service_update(instance, data))

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def perform_destroy(self, instance):
        services.duty_type_delete(actor=self.request.user, duty_type=instance)
