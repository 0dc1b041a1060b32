"""Leave over the API, with AB coverage: who covers a post on a day, and where nobody does.

Every queryset comes from a selector scoped to the asking user (a row outside the scope is
a 404); every workflow step is one service call. Approving a leave that would leave a post
with nobody answers 409 with `warnings` naming the posts and days; the client repeats the
call with `confirm_gaps: true`.
"""

from datetime import timedelta

import django_filters
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from kernel.api.pagination import StandardPagination
from kernel.api.permissions import IsStaffMember
from staffmgmt import selectors, services
from staffmgmt.models import Absence
from staffmgmt.serializers.absences import (
    AbsenceApproveSerializer,
    AbsenceCancelSerializer,
    AbsenceCreateSerializer,
    AbsenceRejectSerializer,
    AbsenceSerializer,
    DateQuerySerializer,
    DateRangeQuerySerializer,
    GapSerializer,
    PostCoverageSerializer,
)

__all__ = ["extra_urlpatterns", "register"]

DEFAULT_GAP_DAYS = 30

CONFIRMATION_RESPONSE = OpenApiResponse(
    description="Approval would leave posts with nobody: `warnings` lists "
    "{post_id, post, date, halves}; repeat with confirm_gaps=true."
)


class AbsenceFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(
        method="filter_date_from", label=_lazy("Absences that have not ended before this day")
    )
    date_to = django_filters.DateFilter(
        method="filter_date_to", label=_lazy("Absences that start on or before this day")
    )

    class Meta:
        model = Absence
        fields = ["status", "staff", "kind"]

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(end_date__gte=value)

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(start_date__lte=value)


def _validated(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


@extend_schema(tags=["leave"])
class AbsenceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Leave: a cadre's own; a manager's or leader's units as well."""

    serializer_class = AbsenceSerializer
    permission_classes = [IsStaffMember]
    filterset_class = AbsenceFilter
    ordering_fields = ["start_date", "requested_at", "status"]

    def get_queryset(self):
        return selectors.absence_list(user=self.request.user)

    def _absence(self) -> Absence:
        # DRF's lookup: the scoped queryset, and a 404 for an id that is not a number
        # (Django's get_object_or_404 lets the ValueError through: a 500).
        return self.get_object()

    def _answer(self, absence: Absence, status_code=status.HTTP_200_OK) -> Response:
        absence = self.get_queryset().get(pk=absence.pk)
        return Response(AbsenceSerializer(absence).data, status=status_code)

    @extend_schema(request=AbsenceCreateSerializer, responses={201: AbsenceSerializer})
    def create(self, request, *args, **kwargs):
        data = dict(_validated(AbsenceCreateSerializer, request.data))
        staff_pk = data.pop("staff", None)
        if staff_pk is None:
            staff = selectors.staff_for_user(user=request.user)
            if staff is None:
                raise ValidationError({"staff": _("You have no staff record; name the absentee.")})
        else:
            staff = selectors.staff_list(user=request.user).filter(pk=staff_pk).first()
            if staff is None:
                raise ValidationError({"staff": _("Unknown staff member.")})
        absence = services.absence_request(actor=request.user, staff=staff, **data)
        return self._answer(absence, status.HTTP_201_CREATED)

    @extend_schema(
        request=AbsenceApproveSerializer,
        responses={200: AbsenceSerializer, 409: CONFIRMATION_RESPONSE},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        absence = self._absence()  # out of scope is a 404 before any word on the input
        data = _validated(AbsenceApproveSerializer, request.data)
        absence = services.absence_approve(actor=request.user, absence=absence, **data)
        return self._answer(absence)

    @extend_schema(request=AbsenceRejectSerializer, responses=AbsenceSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        absence = self._absence()  # out of scope is a 404 before any word on the input
        data = _validated(AbsenceRejectSerializer, request.data)
        absence = services.absence_reject(actor=request.user, absence=absence, **data)
        return self._answer(absence)

    @extend_schema(request=AbsenceCancelSerializer, responses=AbsenceSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        absence = self._absence()  # out of scope is a 404 before any word on the input
        data = _validated(AbsenceCancelSerializer, request.data)
        absence = services.absence_cancel(actor=request.user, absence=absence, **data)
        return self._answer(absence)

    @extend_schema(responses=GapSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def gaps(self, request, pk=None):
        """The gaps approving this leave would open (the warning, before the click)."""
        gaps = selectors.gaps_if_absence_approved_unscoped(absence=self._absence())
        return Response(GapSerializer(gaps, many=True).data)


@extend_schema(tags=["coverage"])
class PostCoverageView(APIView):
    """Who covers a post on a day, per half day: A, else B, else nobody, and why."""

    permission_classes = [IsStaffMember]

    @extend_schema(parameters=[DateQuerySerializer], responses=PostCoverageSerializer)
    def get(self, request, pk: int):
        day = _validated(DateQuerySerializer, request.query_params).get("date")
        day = day or timezone.localdate()
        post = get_object_or_404(selectors.post_list(user=request.user), pk=pk)
        halves = selectors.post_coverage_unscoped(post=post, day=day)
        return Response(
            PostCoverageSerializer(
                {"post_id": post.pk, "post": post.name, "date": day, "halves": halves}
            ).data
        )


@extend_schema(tags=["coverage"])
class GapListView(APIView):
    """Every post-day (working days only) with nobody at the post, in the user's units."""

    permission_classes = [IsStaffMember]
    pagination_class = StandardPagination

    @extend_schema(parameters=[DateRangeQuerySerializer], responses=GapSerializer(many=True))
    def get(self, request):
        query = _validated(DateRangeQuerySerializer, request.query_params)
        start = query.get("start") or timezone.localdate()
        end = query.get("end") or start + timedelta(days=DEFAULT_GAP_DAYS)
        gaps = selectors.gap_list(user=request.user, start=start, end=end)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(gaps, request, view=self)
        return paginator.get_paginated_response(GapSerializer(page, many=True).data)


extra_urlpatterns = [
    path("posts/<int:pk>/coverage/", PostCoverageView.as_view(), name="post-coverage"),
    path("coverage/gaps/", GapListView.as_view(), name="coverage-gaps"),
]


def register(router) -> None:
    """Register this module's viewsets on the API router."""
    router.register("absences", AbsenceViewSet, basename="absence")
