"""REST API for swaps, check-ins, the calendar feed token and compensatory time.

Querysets come from `roster.selectors` (scoped to the user); every change is one
service call. Workflow steps are explicit actions (`POST /api/swaps/{id}/approve/`).
"""

from __future__ import annotations

from datetime import MAXYEAR, MINYEAR

import django_filters
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from kernel.api.filters import IdFilter
from roster import selectors, services
from roster.api import validated_input
from roster.models import CalendarFeedToken, CheckIn, DutyAssignment, SwapRequest
from staffmgmt import selectors as staff_selectors

__all__ = ["register", "urlpatterns"]


# --- serializers ---------------------------------------------------------------------


class SwapSerializer(serializers.ModelSerializer):
    requester_name = serializers.CharField(source="requester.name", read_only=True)
    counterpart_name = serializers.CharField(source="counterpart.name", read_only=True)
    date = serializers.DateField(source="assignment.date", read_only=True)
    duty_type_name = serializers.CharField(source="assignment.duty_type.name", read_only=True)
    # Null when nothing is offered in exchange.
    counterpart_date = serializers.DateField(
        source="counterpart_assignment.date", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = SwapRequest
        fields = [
            "id",
            "assignment",
            "date",
            "duty_type_name",
            "requester",
            "requester_name",
            "counterpart",
            "counterpart_name",
            "counterpart_assignment",
            "counterpart_date",
            "reason",
            "status",
            "created_at",
            "responded_at",
            "decided_at",
            "decision_note",
        ]
        read_only_fields = fields


class SwapCreateSerializer(serializers.Serializer):
    assignment = serializers.IntegerField()
    counterpart = serializers.IntegerField()
    counterpart_assignment = serializers.IntegerField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, default="", allow_blank=True)


class SwapNoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, default="", allow_blank=True)


class CheckInSerializer(serializers.ModelSerializer):
    staff = serializers.IntegerField(source="assignment.staff_id", read_only=True)
    staff_name = serializers.CharField(source="assignment.staff.name", read_only=True)
    date = serializers.DateField(source="assignment.date", read_only=True)
    duty_type_name = serializers.CharField(source="assignment.duty_type.name", read_only=True)

    class Meta:
        model = CheckIn
        fields = [
            "id",
            "assignment",
            "staff",
            "staff_name",
            "date",
            "duty_type_name",
            "checked_in_at",
            "is_late",
            "minutes_late",
        ]
        read_only_fields = fields


class CheckInCreateSerializer(serializers.Serializer):
    assignment = serializers.IntegerField()


class FeedTokenSerializer(serializers.Serializer):
    active = serializers.BooleanField()
    url = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField(allow_null=True)


class CompTimeQuerySerializer(serializers.Serializer):
    """The query of GET /api/comp-time/: a year a date can be in (year=0 is a 400)."""

    staff = serializers.IntegerField(required=False, min_value=1, help_text="Default: yourself.")
    year = serializers.IntegerField(
        required=False,
        min_value=MINYEAR,
        max_value=MAXYEAR,
        help_text="Default: all years.",
    )


class CompTimeSerializer(serializers.Serializer):
    staff = serializers.IntegerField()
    year = serializers.IntegerField(allow_null=True)
    earned = serializers.DecimalField(max_digits=8, decimal_places=2)
    taken = serializers.DecimalField(max_digits=8, decimal_places=2)
    pending = serializers.DecimalField(max_digits=8, decimal_places=2)
    balance = serializers.DecimalField(max_digits=8, decimal_places=2)


# --- swaps ---------------------------------------------------------------------------


class SwapFilter(django_filters.FilterSet):
    class Meta:
        model = SwapRequest
        fields = ["status", "requester", "counterpart", "assignment"]


def _visible_assignment(user, pk, field: str) -> DutyAssignment | None:
    if pk is None:
        return None
    found = selectors.assignment_list(user).filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: _("Unknown duty.")})
    return found


@extend_schema_view(
    list=extend_schema(
        description="Swaps the user asked for or was asked, and every swap of the units "
        "they manage."
    ),
)
class SwapViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = SwapSerializer
    filterset_class = SwapFilter

    def get_queryset(self):
        return selectors.swap_list(self.request.user).order_by("-created_at", "-id")

    @extend_schema(
        request=SwapCreateSerializer,
        responses={201: SwapSerializer, 400: OpenApiTypes.OBJECT},
        description="Ask a colleague to take a future published duty of yours (optionally "
        "in exchange for one of theirs). A duty with an open swap answers 400.",
    )
    def create(self, request, *args, **kwargs):
        data = validated_input(SwapCreateSerializer, request)
        # Colleagues of other sections of the duty's hall are outside a cadre's staff list.
        me = staff_selectors.staff_for_user(request.user)
        counterpart = (
            (staff_selectors.staff_list(request.user) | selectors.swap_colleagues(me))
            .filter(pk=data["counterpart"])
            .first()
        )
        if counterpart is None:
            raise ValidationError({"counterpart": _("Unknown staff member.")})
        swap = services.swap_request(
            actor=request.user,
            assignment=_visible_assignment(request.user, data["assignment"], "assignment"),
            counterpart=counterpart,
            counterpart_assignment=_visible_assignment(
                request.user, data.get("counterpart_assignment"), "counterpart_assignment"
            ),
            reason=data["reason"],
        )
        return Response(
            SwapSerializer(self.get_queryset().get(pk=swap.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    def _step(self, request, service, *, with_note: bool):
        swap = self.get_object()
        kwargs = {"actor": request.user, "swap": swap}
        if with_note:
            kwargs["note"] = validated_input(SwapNoteSerializer, request)["note"]
        service(**kwargs)
        return Response(SwapSerializer(self.get_queryset().get(pk=swap.pk)).data)

    @extend_schema(request=None, responses={200: SwapSerializer, 400: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """The colleague accepts (only the colleague asked)."""
        return self._step(request, services.swap_accept, with_note=False)

    @extend_schema(
        request=SwapNoteSerializer, responses={200: SwapSerializer, 400: OpenApiTypes.OBJECT}
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """The colleague declines (only the colleague asked)."""
        return self._step(request, services.swap_decline, with_note=True)

    @extend_schema(
        request=SwapNoteSerializer,
        responses={200: SwapSerializer, 400: OpenApiTypes.OBJECT},
        description="The unit's manager approves an accepted swap: hard rules are re-checked "
        "(leave, skills, one duty per day, consecutive holiday duty) and the duties move.",
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._step(request, services.swap_approve, with_note=True)

    @extend_schema(
        request=SwapNoteSerializer, responses={200: SwapSerializer, 400: OpenApiTypes.OBJECT}
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """The unit's manager rejects an open swap (a note is required)."""
        return self._step(request, services.swap_reject, with_note=True)

    @extend_schema(request=None, responses={200: SwapSerializer, 400: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """The requester withdraws an open request."""
        return self._step(request, services.swap_cancel, with_note=False)


# --- check-ins -----------------------------------------------------------------------


class CheckInFilter(django_filters.FilterSet):
    date = django_filters.DateFilter(field_name="assignment__date")
    date_after = django_filters.DateFilter(field_name="assignment__date", lookup_expr="gte")
    date_before = django_filters.DateFilter(field_name="assignment__date", lookup_expr="lte")
    staff = IdFilter(field_name="assignment__staff")
    is_late = django_filters.BooleanFilter()

    class Meta:
        model = CheckIn
        fields = ["date", "date_after", "date_before", "staff", "is_late"]


@extend_schema_view(
    list=extend_schema(description="Own check-ins, and those of the units the user manages."),
)
class CheckInViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = CheckInSerializer
    filterset_class = CheckInFilter

    def get_queryset(self):
        return selectors.checkin_list(self.request.user).order_by("-checked_in_at", "-id")

    @extend_schema(
        request=CheckInCreateSerializer,
        responses={201: CheckInSerializer, 400: OpenApiTypes.OBJECT},
        description="Check in for your own published duty of today, at the server's time; "
        "after the report time it is recorded as late.",
    )
    def create(self, request, *args, **kwargs):
        data = validated_input(CheckInCreateSerializer, request)
        assignment = _visible_assignment(request.user, data["assignment"], "assignment")
        checkin = services.checkin_record(actor=request.user, assignment=assignment)
        return Response(CheckInSerializer(checkin).data, status=status.HTTP_201_CREATED)


# --- feed token ----------------------------------------------------------------------


class FeedTokenView(APIView):
    """The user's own private iCalendar feed URL."""

    def _me(self, request):
        me = staff_selectors.staff_for_user(request.user)
        if me is None:
            raise ValidationError(_("Your account has no staff record."))
        return me

    def _answer(self, request, token: CalendarFeedToken | None, code=status.HTTP_200_OK):
        url = (
            request.build_absolute_uri(reverse("roster:feed-ics", args=[token.token]))
            if token is not None
            else None
        )
        return Response(
            {
                "active": token is not None,
                "url": url,
                "created_at": token.created_at if token is not None else None,
            },
            status=code,
        )

    @extend_schema(responses={200: FeedTokenSerializer}, description="My feed URL, if any.")
    def get(self, request):
        return self._answer(request, selectors.feed_token_active(self._me(request)))

    @extend_schema(
        request=None,
        responses={201: FeedTokenSerializer},
        description="Issue a new feed URL; the previous one stops working.",
    )
    def post(self, request):
        token = services.feed_token_issue(actor=request.user, staff=self._me(request))
        return self._answer(request, token, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None}, description="Turn the feed off.")
    def delete(self, request):
        services.feed_token_revoke(actor=request.user, staff=self._me(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- compensatory time ---------------------------------------------------------------


class CompTimeView(APIView):
    """Compensatory time earned by holiday duty, taken, pending and the balance."""

    @extend_schema(
        parameters=[CompTimeQuerySerializer],
        responses={200: CompTimeSerializer, 400: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        me = staff_selectors.staff_for_user(request.user)
        query_input = CompTimeQuerySerializer(data=request.query_params)
        query_input.is_valid(raise_exception=True)
        query = query_input.validated_data
        staff_id = query.get("staff") or (me.pk if me else None)
        year = query.get("year")
        if staff_id is None:
            raise ValidationError({"staff": _("Name the staff member.")})
        # Own balance, or that of someone in a unit the user manages (it is leave data).
        if me is not None and staff_id == me.pk:
            staff = me
        else:
            staff = (
                staff_selectors.staff_list(request.user)
                .filter(pk=staff_id, unit__in=staff_selectors.units_managed_by(request.user))
                .first()
            )
        if staff is None:
            raise ValidationError({"staff": _("Unknown staff member.")})
        balance = selectors.comp_time_balance(staff, year=year)
        return Response(CompTimeSerializer({"staff": staff.pk, "year": year, **balance}).data)


def register(router) -> None:
    router.register("swaps", SwapViewSet, basename="swap")
    router.register("checkins", CheckInViewSet, basename="checkin")


def _paths():
    from django.urls import path

    return [
        path("feed-token/", FeedTokenView.as_view(), name="feed-token"),
        path("comp-time/", CompTimeView.as_view(), name="comp-time"),
    ]


urlpatterns = _paths()
