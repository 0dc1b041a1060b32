"""Duty wishes: days a cadre would rather not (`avoid`) or would like to (`prefer`) be on
duty, and preferred weekdays; the cadre states them, a manager of their unit may too."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from kernel.api.viewsets import ServiceMixin
from kernel.errors import invalid
from roster import selectors, services
from roster.api.common import visible_staff
from roster.errors import RosterError
from roster.filters import DutyPreferenceFilter
from roster.serializers import (
    DutyPreferenceSerializer,
    DutyPreferenceSetSerializer,
    DutyWeekdaysSerializer,
)
from staffmgmt import selectors as staff_selectors


def _preference_owner(user, pk):
    """The person a wish is for: the user themselves unless `pk` names someone they see."""
    if pk is None:
        own = staff_selectors.staff_for_user(user=user)
        if own is None:
            raise invalid(
                RosterError.NO_STAFF_RECORD, _("Your account has no staff record."), field="staff"
            )
        return own
    return visible_staff(user, pk, "staff")


@extend_schema_view(
    list=extend_schema(
        description="Duty wishes the user may see: their own, and for managers those of the "
        "people of the units they manage."
    ),
    create=extend_schema(
        request=DutyPreferenceSetSerializer,
        responses={201: DutyPreferenceSerializer, 400: OpenApiTypes.OBJECT, 403: None},
        description="State a wish for a day (replacing one stated for that day). Past days "
        "are refused, and at most 10 days a month may be avoided.",
    ),
    destroy=extend_schema(description="Withdraw a wish (the person or a manager of their unit)."),
)
class DutyPreferenceViewSet(
    ServiceMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Days a cadre would rather not (`avoid`) or would like to (`prefer`) be on duty, and
    preferred weekdays. Roster generation honours them where the rules allow."""

    # A wish is replaced by stating it again, or withdrawn; the weekdays are set by PUT.
    http_method_names = ["get", "post", "put", "delete", "head", "options"]

    serializer_class = DutyPreferenceSerializer
    create_serializer_class = DutyPreferenceSetSerializer
    filterset_class = DutyPreferenceFilter

    def get_queryset(self):
        return selectors.duty_preference_list(user=self.request.user)

    def perform_service_create(self, data):
        return services.duty_preference_set(
            actor=self.request.user,
            staff=_preference_owner(self.request.user, data["staff"]),
            day=data["date"],
            kind=data["kind"],
            note=data["note"],
        )

    def perform_destroy(self, instance):
        services.duty_preference_remove(actor=self.request.user, preference=instance)

    @extend_schema(
        request=DutyWeekdaysSerializer,
        responses={200: DutyWeekdaysSerializer, 400: OpenApiTypes.OBJECT, 403: None},
        description="Set exactly the weekdays (Monday = 0) a person would like duties on.",
    )
    @action(detail=False, methods=["put"])
    def weekdays(self, request):
        data = self.validated(DutyWeekdaysSerializer)
        staff = _preference_owner(request.user, data["staff"])
        weekdays = services.duty_weekdays_set(
            actor=request.user, staff=staff, weekdays=data["weekdays"]
        )
        # Not a row: the answer is the person's whole set of weekdays.
        return Response({"staff": staff.pk, "weekdays": sorted(weekdays)})
