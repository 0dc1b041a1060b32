"""API tokens that expire, are revoked at logout and on deactivation, and can be listed.

DRF's stock token is one key per user, handed out again at every login and valid until
someone deletes it by hand. Here each login issues a new token with an expiry; only a
SHA-256 digest of the key is stored (a leaked database row is not a credential); the
owner lists their tokens and revokes any of them; `POST /api/auth/logout/` revokes the
one in use; deactivating an account revokes all of its tokens.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

KEY_BYTES = 32


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_lifetime() -> timedelta:
    return timedelta(hours=int(getattr(settings, "HALLMARK_API_TOKEN_HOURS", 12)))


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    digest = models.CharField(_("digest"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("key prefix"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.CharField(_("why revoked"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="api_token_expires_after_creation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


def api_token_issue(*, user) -> tuple[ApiToken, str]:
    """A new token for `user`; the key is returned once and never stored."""
    key = secrets.token_urlsafe(KEY_BYTES)
    now = timezone.now()
    token = ApiToken(
        user=user,
        digest=_digest(key),
        prefix=key[:8],
        created_at=now,
        expires_at=now + token_lifetime(),
    )
    token.full_clean()
    token.save()
    return token, key


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken, reason: str = "revoked by its owner") -> ApiToken:
    """Revoke one token of the actor's own (an administrator may revoke anyone's)."""
    if token.user_id != actor.pk and not actor.is_superuser:
        raise exceptions.NotFound()
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_reason = reason[:100]
        token.save(update_fields=["revoked_at", "revoked_reason"])
    return token


def api_tokens_revoke_all(*, user, reason: str) -> int:
    """Revoke every active token of `user` (deactivation, password change)."""
    count = 0
    for token in ApiToken.objects.filter(user=user, revoked_at__isnull=True):
        token.revoked_at = timezone.now()
        token.revoked_reason = reason[:100]
        token.save(update_fields=["revoked_at", "revoked_reason"])
        count += 1
    return count


def api_token_list(*, user):
    """The tokens of `user`, newest first (never the keys: only their prefixes)."""
    return ApiToken.objects.filter(user=user)


class ExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>` for a token that is neither expired nor revoked."""

    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user").filter(digest=_digest(key)).first()
        if token is None or not token.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid or expired token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        now = timezone.now()
        # One write a minute at most, not one per request.
        if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        request_token = token
        return (token.user, request_token)
