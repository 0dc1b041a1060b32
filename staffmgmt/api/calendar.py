"""The work calendar over the API: days, holiday periods and the bureau's overrides.

Every staff member may read the calendar; overrides are changed only by calendar editors
(superusers and holders of `staffmgmt.change_calendaroverride`), through the services.
The rules on ranges (order, length, supported years) live in the selector; its
ValidationError becomes a 400 with field errors in the one exception handler.
"""

from datetime import date

import django_filters
from django.http import Http404
from django.urls import path
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response
from rest_framework.views import APIView

from kernel.api.permissions import IsStaffMember
from staffmgmt import selectors, services
from staffmgmt.models import CalendarOverride, DayKind

__all__ = ["extra_urlpatterns", "register"]


class CanOverrideCalendarOrReadOnly(IsStaffMember):
    """Reads for every staff member; writes for calendar editors only."""

    message = _("You may not change the work calendar.")

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        return request.method in SAFE_METHODS or selectors.can_override_calendar(user=request.user)


class CalendarRangeSerializer(serializers.Serializer):
    start = serializers.DateField(help_text=_("First day (inclusive), YYYY-MM-DD."))
    end = serializers.DateField(help_text=_("Last day (inclusive), YYYY-MM-DD."))


class CalendarDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    kind = serializers.ChoiceField(choices=DayKind.choices)
    name = serializers.CharField(
        help_text=_("Holiday period name, adjusted working day label, or empty.")
    )
    is_adjusted_working_day = serializers.BooleanField()


class HolidayPeriodSerializer(serializers.Serializer):
    name = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    days = serializers.IntegerField(source="__len__", help_text=_("Number of days off."))


class CalendarOverrideSerializer(serializers.ModelSerializer):
    class Meta:
        model = CalendarOverride
        fields = ["date", "kind", "name", "note"]
        # Create-or-replace is the service's rule: no unique check on the way in.
        extra_kwargs = {"date": {"validators": []}}


class CalendarOverrideUpdateSerializer(serializers.ModelSerializer):
    """The day is the URL; kind, name and note are what changes."""

    class Meta:
        model = CalendarOverride
        fields = ["date", "kind", "name", "note"]
        read_only_fields = ["date"]


def _range_from(request) -> tuple[date, date]:
    query = CalendarRangeSerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data["start"], query.validated_data["end"]


RANGE_PARAMETERS = [
    OpenApiParameter(
        "start",
        OpenApiTypes.DATE,
        OpenApiParameter.QUERY,
        required=True,
        description="First day (inclusive).",
    ),
    OpenApiParameter(
        "end",
        OpenApiTypes.DATE,
        OpenApiParameter.QUERY,
        required=True,
        description="Last day (inclusive); at most about three years after start.",
    ),
]


class CalendarDaysView(APIView):
    @extend_schema(
        operation_id="calendar_days_list",
        summary="Days of the work calendar",
        description="Every day from start to end: working, weekend or holiday, with the "
        "holiday period's name and adjusted working days marked. Bureau overrides applied; "
        "names in the request's language.",
        parameters=RANGE_PARAMETERS,
        responses=CalendarDaySerializer(many=True),
        tags=["calendar"],
    )
    def get(self, request):
        start, end = _range_from(request)
        days = selectors.calendar_days(start=start, end=end)
        return Response(CalendarDaySerializer(days, many=True).data)


class HolidayPeriodsView(APIView):
    @extend_schema(
        operation_id="calendar_periods_list",
        summary="Holiday periods",
        description="Holiday periods overlapping start..end, each with its full extent.",
        parameters=RANGE_PARAMETERS,
        responses=HolidayPeriodSerializer(many=True),
        tags=["calendar"],
    )
    def get(self, request):
        start, end = _range_from(request)
        periods = selectors.holiday_periods(start=start, end=end)
        return Response(HolidayPeriodSerializer(periods, many=True).data)


class CalendarOverrideFilter(django_filters.FilterSet):
    start = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From day"))
    end = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("To day"))

    class Meta:
        model = CalendarOverride
        fields = ["kind"]


@extend_schema_view(
    list=extend_schema(summary="The bureau's overrides of the calendar", tags=["calendar"]),
    retrieve=extend_schema(summary="The override of one day", tags=["calendar"]),
    create=extend_schema(
        summary="Override a day (creates or replaces the day's override)",
        request=CalendarOverrideSerializer,
        responses={201: CalendarOverrideSerializer},
        tags=["calendar"],
    ),
    update=extend_schema(summary="Change the override of a day", tags=["calendar"]),
    partial_update=extend_schema(summary="Change part of the override of a day", tags=["calendar"]),
    destroy=extend_schema(
        summary="Drop the override: the default calendar applies again", tags=["calendar"]
    ),
)
class CalendarOverrideViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [CanOverrideCalendarOrReadOnly]
    serializer_class = CalendarOverrideSerializer
    filterset_class = CalendarOverrideFilter
    ordering_fields = ["date"]
    lookup_field = "date"
    lookup_value_regex = r"\d{4}-\d{2}-\d{2}"

    def get_queryset(self):
        return selectors.calendar_override_list()

    def get_serializer_class(self):
        if self.action in {"update", "partial_update"}:
            return CalendarOverrideUpdateSerializer
        return CalendarOverrideSerializer

    def get_object(self):
        # "2026-02-30" matches the URL pattern but is no day: not found, not a 500.
        try:
            day = parse_date(self.kwargs["date"])
        except ValueError:
            day = None
        if day is None:
            raise Http404
        override = self.get_queryset().filter(date=day).first()
        if override is None:
            raise Http404
        self.check_object_permissions(self.request, override)
        return override

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        override = services.calendar_override_set(
            actor=request.user,
            day=serializer.validated_data["date"],
            kind=serializer.validated_data["kind"],
            name=serializer.validated_data.get("name", ""),
            note=serializer.validated_data.get("note", ""),
        )
        return Response(CalendarOverrideSerializer(override).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        override = self.get_object()
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(override, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        override = services.calendar_override_set(
            actor=request.user,
            day=override.date,
            kind=data.get("kind", override.kind),
            name=data.get("name", override.name),
            note=data.get("note", override.note),
        )
        return Response(CalendarOverrideSerializer(override).data)

    def partial_update(self, request, *args, **kwargs):
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "reason",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                description="Why the override is dropped (history).",
            )
        ],
    )
    def destroy(self, request, *args, **kwargs):
        override = self.get_object()
        services.calendar_override_remove(
            actor=request.user,
            day=override.date,
            reason=request.query_params.get("reason", ""),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


extra_urlpatterns = [
    path("calendar/days/", CalendarDaysView.as_view(), name="calendar-days"),
    path("calendar/periods/", HolidayPeriodsView.as_view(), name="calendar-periods"),
]


def register(router) -> None:
    """Register this module's viewsets on the API router."""
    router.register("calendar/overrides", CalendarOverrideViewSet, basename="calendar-override")
