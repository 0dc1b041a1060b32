"""The public (anonymous) endpoints behind the windows' QR codes.

Declared anonymous one by one (`AllowAny` with the reason): a window's card by token, a
rating and an entry for it, an entry by its tracking code. Abuse limits are the services'
(per device and per address, in the shared cache); a throttled submission answers 429.
"""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS, AllowAny
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle

from feedback import selectors, services, throttling
from feedback.clients import client_from_request, is_throttle
from feedback.models import WindowCard
from feedback.serializers import (
    EntryInputSerializer,
    PublicEntrySerializer,
    PublicRatingSerializer,
    PublicWindowSerializer,
    RatingInputSerializer,
    public_rating_data,
    rating_input_validated,
)
from kernel.api.exceptions import validation_error_detail

READS_THROTTLED = OpenApiResponse(
    description="Too many public reads from this address this minute; try again later."
)


class PublicReadThrottle(BaseThrottle):
    """Reads of the public endpoints, per address and minute, counted in the shared cache
    like the submissions (Redis with REDIS_URL, so every process counts together).
    Submissions are not counted here: they have their own per-device and per-address
    limits in the services."""

    def allow_request(self, request, view) -> bool:
        if request.method not in SAFE_METHODS:
            return True
        return throttling.public_read_allowed(client_from_request(request))

    def wait(self) -> float:
        return 60


def _throttled_or_raise(error: ValidationError) -> Response:
    if not is_throttle(error):
        raise error
    return Response(validation_error_detail(error), status=status.HTTP_429_TOO_MANY_REQUESTS)


class PublicWindowViewSet(viewsets.GenericViewSet):
    """A window's rating page in data: the window, who serves it now, and the two ways
    to give feedback."""

    # Taxpayers have no account: the QR code on the window is the only way in.
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [PublicReadThrottle]
    serializer_class = PublicWindowSerializer
    lookup_field = "token"
    lookup_value_regex = "[A-Za-z0-9]{4,16}"

    def get_queryset(self):
        return WindowCard.objects.none()

    def get_object(self):
        return selectors.card_get_by_token_cached(token=self.kwargs["token"])

    def validated(self, serializer_class) -> dict:
        # Not ServiceMixin: it brings a create() this read-and-act resource must not offer.
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    @extend_schema(responses={200: PublicWindowSerializer, 429: READS_THROTTLED})
    def retrieve(self, request, token=None):
        card = self.get_object()
        serving = selectors.serving_staff_cached(window=card.window)
        serializer = PublicWindowSerializer(card, context={"serving": serving})
        return Response(serializer.data)

    @extend_schema(request=RatingInputSerializer, responses={201: PublicRatingSerializer})
    @action(detail=True, methods=["post"])
    def ratings(self, request, token=None):
        card = self.get_object()
        data = rating_input_validated(request.data)
        try:
            rating = services.rating_submit(
                actor=request.user,
                card=card,
                level=data["level"],
                reasons=data.get("reasons", []),
                comment=data.get("comment", ""),
                honeypot=data.get("website", ""),
                client=client_from_request(request, device=data.get("device", "")),
            )
        except ValidationError as error:
            return _throttled_or_raise(error)
        return Response(public_rating_data(rating), status=status.HTTP_201_CREATED)

    @extend_schema(request=EntryInputSerializer, responses={201: PublicEntrySerializer})
    @action(detail=True, methods=["post"])
    def entries(self, request, token=None):
        card = self.get_object()
        data = self.validated(EntryInputSerializer)
        try:
            entry = services.entry_submit(
                actor=request.user,
                card=card,
                kind=data["kind"],
                topic=data.get("topic", ""),
                text=data["text"],
                contact_name=data.get("contact_name", ""),
                contact=data.get("contact", ""),
                honeypot=data.get("website", ""),
                client=client_from_request(request, device=data.get("device", "")),
            )
        except ValidationError as error:
            return _throttled_or_raise(error)
        entry = selectors.entry_get_by_tracking_code(code=entry.tracking_code)
        return Response(PublicEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


class PublicEntryViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """An entry followed by its tracking code: text, status, replies; never contact."""

    # The tracking code is the taxpayer's only key to their entry.
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [PublicReadThrottle]
    serializer_class = PublicEntrySerializer
    lookup_field = "tracking_code"
    lookup_value_regex = "[A-Za-z0-9-]{4,20}"

    @extend_schema(responses={200: PublicEntrySerializer, 429: READS_THROTTLED})
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    def get_object(self):
        return selectors.entry_get_by_tracking_code(code=self.kwargs["tracking_code"])


def register(router) -> None:
    router.register(
        "feedback/public/windows", PublicWindowViewSet, basename="feedback-public-window"
    )
    router.register("feedback/public/entries", PublicEntryViewSet, basename="feedback-public-entry")
