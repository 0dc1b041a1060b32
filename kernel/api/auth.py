"""Signing in to the API with a password, and the owner's view of their tokens."""

from django.contrib.auth import logout
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from kernel.tokens import ApiToken, api_token_issue, api_token_list, api_token_revoke

TokenIssued = inline_serializer(
    "TokenIssued",
    {"token": serializers.CharField(), "expires_at": serializers.DateTimeField()},
)


class ApiTokenSerializer(serializers.ModelSerializer):
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "prefix",
            "created_at",
            "expires_at",
            "last_used_at",
            "revoked_at",
            "revoked_reason",
            "is_active",
        ]


class ObtainTokenView(APIView):
    """A new, expiring token for a username and password (each sign-in its own token).

    Anonymous by nature. Repeated failures for one username from one address lock that
    pair out for a cool-off time (django-axes), and the endpoint is throttled."""

    permission_classes = [AllowAny]
    # A sign-in is judged by its password alone, whatever token the client still sends.
    authentication_classes = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "sign_in"

    @extend_schema(request=AuthTokenSerializer, responses={200: TokenIssued})
    def post(self, request):
        # django-axes marks the Django request (not DRF's wrapper) as locked out, and its
        # middleware answers 429 from that mark.
        serializer = AuthTokenSerializer(data=request.data, context={"request": request._request})
        serializer.is_valid(raise_exception=True)
        token, key = api_token_issue(user=serializer.validated_data["user"])
        return Response({"token": key, "expires_at": token.expires_at})


class LogoutView(APIView):
    """Revoke the token this request came with (and end the session, if any)."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        if isinstance(request.auth, ApiToken):
            api_token_revoke(actor=request.user, token=request.auth, reason="logged out")
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ApiTokenViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The signed-in user's own tokens; revoke any of them."""

    serializer_class = ApiTokenSerializer
    queryset = ApiToken.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        return api_token_list(user=self.request.user)

    @extend_schema(request=None, responses=ApiTokenSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        token = api_token_revoke(actor=request.user, token=self.get_object())
        return Response(ApiTokenSerializer(token).data)
