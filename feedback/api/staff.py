"""The staff endpoints: entries (take, assign, reply, close, verify), the inbox, ratings
and follow-ups. Reads come from scoped selectors (outside the scope: 404); writes from
services (not allowed: 403; bad input: 400 with codes)."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action

from feedback import selectors, services
from feedback.models import EntryKind, EntryStatus, FollowUpStatus, RatingLevel
from feedback.serializers import (
    AssignInputSerializer,
    CloseInputSerializer,
    EntrySerializer,
    FollowUpCloseSerializer,
    FollowUpSerializer,
    RatingSerializer,
    ReplyInputSerializer,
    VerifyInputSerializer,
)
from kernel.api.viewsets import ReadOnlyServiceViewSet


class EntryFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=EntryKind.choices)
    status = django_filters.ChoiceFilter(choices=EntryStatus.choices)
    window = django_filters.NumberFilter(field_name="window_id")
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")


class EntryViewSet(ReadOnlyServiceViewSet):
    serializer_class = EntrySerializer
    filterset_class = EntryFilter
    ordering_fields = ["due_date", "created_at"]

    def get_queryset(self):
        return selectors.entry_list(user=self.request.user).order_by("current_due", "pk")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        # One query for the whole page: which units' contact details this user may see.
        context["managed_unit_ids"] = selectors.answerable_unit_ids(user=self.request.user)
        return context

    @extend_schema(responses=EntrySerializer)
    @action(detail=False, methods=["get"])
    def inbox(self, request):
        """Open entries to act on, soonest deadline first."""
        queryset = self.filter_queryset(selectors.entry_inbox(user=request.user))
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=None, responses=EntrySerializer)
    @action(detail=True, methods=["post"])
    def take(self, request, pk=None):
        return self.respond(services.entry_take(actor=request.user, entry=self.get_object()))

    @extend_schema(request=AssignInputSerializer, responses=EntrySerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        entry = self.get_object()
        data = self.validated(AssignInputSerializer)
        return self.respond(
            services.entry_assign(actor=request.user, entry=entry, assignee=data["assignee"])
        )

    @extend_schema(request=ReplyInputSerializer, responses={201: EntrySerializer})
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        entry = self.get_object()
        data = self.validated(ReplyInputSerializer)
        reply = services.entry_reply(actor=request.user, entry=entry, text=data["text"])
        return self.respond(reply.entry, status_code=status.HTTP_201_CREATED)

    @extend_schema(request=CloseInputSerializer, responses=EntrySerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        entry = self.get_object()
        data = self.validated(CloseInputSerializer)
        return self.respond(
            services.entry_close(actor=request.user, entry=entry, reason=data.get("reason", ""))
        )

    @extend_schema(request=VerifyInputSerializer, responses=EntrySerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        entry = self.get_object()
        data = self.validated(VerifyInputSerializer)
        return self.respond(
            services.entry_verify(
                actor=request.user,
                entry=entry,
                verification=data["verification"],
                note=data["note"],
                concerned_staff=data.get("concerned_staff"),
            )
        )


class RatingFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=RatingLevel.choices)
    window = django_filters.NumberFilter(field_name="window_id")
    staff = django_filters.NumberFilter(field_name="staff_id")
    since = django_filters.DateFilter(field_name="created_at", lookup_expr="date__gte")
    until = django_filters.DateFilter(field_name="created_at", lookup_expr="date__lte")


class RatingViewSet(ReadOnlyServiceViewSet):
    serializer_class = RatingSerializer
    filterset_class = RatingFilter

    def get_queryset(self):
        return selectors.rating_list(user=self.request.user)


class FollowUpFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=FollowUpStatus.choices)


class FollowUpViewSet(ReadOnlyServiceViewSet):
    serializer_class = FollowUpSerializer
    filterset_class = FollowUpFilter

    def get_queryset(self):
        return selectors.follow_up_list(user=self.request.user)

    @extend_schema(request=FollowUpCloseSerializer, responses=FollowUpSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        follow_up = self.get_object()
        data = self.validated(FollowUpCloseSerializer)
        return self.respond(
            services.follow_up_close(actor=request.user, follow_up=follow_up, note=data["note"])
        )


def register(router) -> None:
    router.register("feedback/entries", EntryViewSet, basename="feedback-entry")
    router.register("feedback/ratings", RatingViewSet, basename="feedback-rating")
    router.register("feedback/follow-ups", FollowUpViewSet, basename="feedback-follow-up")
