"""Private iCalendar feed tokens: issuing one revokes the previous, revoking stops the feed."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kernel.history import save_with_history
from roster.models import CalendarFeedToken
from staffmgmt import selectors as staff_selectors
from staffmgmt import services as staff_services
from staffmgmt.models import Staff

__all__ = ["feed_token_issue", "feed_token_revoke"]


def _require_self(actor, staff: Staff) -> None:
    # The feed shows one person's duties; only that person handles its secret.
    me = staff_selectors.staff_for_user(user=actor) if actor is not None else None
    if actor is not None and (me is None or me.pk != staff.pk):
        raise PermissionDenied(_("Only the person themselves may manage their calendar feed."))


def _revoke_active(staff: Staff, *, actor, reason: str) -> int:
    revoked = 0
    for token in CalendarFeedToken.objects.select_for_update().filter(
        staff=staff, revoked_at__isnull=True
    ):
        token.revoked_at = timezone.now()
        save_with_history(token, actor=actor, reason=reason)
        revoked += 1
    return revoked


@transaction.atomic
def feed_token_issue(*, actor, staff: Staff) -> CalendarFeedToken:
    """A new secret feed URL token for `staff`; any previous one stops working at once."""
    _require_self(actor, staff)
    # Serialises two renewals of one person (the partial unique constraint backs it).
    staff_services.staff_lock(staff_ids=[staff.pk])
    _revoke_active(staff, actor=actor, reason="feed token renewed")
    token = CalendarFeedToken(staff=staff)
    try:
        with transaction.atomic():
            save_with_history(token, actor=actor, reason="feed token issued")
    except IntegrityError:
        # Lost a race with a concurrent renewal: that one's token is the valid one.
        return CalendarFeedToken.objects.get(staff=staff, revoked_at__isnull=True)
    return token


@transaction.atomic
def feed_token_revoke(*, actor, staff: Staff) -> int:
    """Stop the person's feed URL; returns how many tokens were revoked (0 or 1)."""
    _require_self(actor, staff)
    return _revoke_active(staff, actor=actor, reason="feed token revoked")
