"""The user's own private iCalendar feed URL: read it, renew it, turn it off."""

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from kernel.errors import invalid
from roster import selectors, services
from roster.errors import RosterError
from roster.models import CalendarFeedToken
from roster.serializers import FeedTokenSerializer
from staffmgmt import selectors as staff_selectors


class FeedTokenView(APIView):
    """The user's own private iCalendar feed URL."""

    def _me(self, request):
        me = staff_selectors.staff_for_user(user=request.user)
        if me is None:
            raise invalid(RosterError.NO_STAFF_RECORD, _("Your account has no staff record."))
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
        return self._answer(request, selectors.feed_token_active_unscoped(staff=self._me(request)))

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
