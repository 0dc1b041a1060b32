"""Marking duty notices as read (the notices themselves are left by the roster services)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from roster.models import DutyNotification
from staffmgmt import selectors as staff_selectors

__all__ = ["notification_mark_read"]


@transaction.atomic
def notification_mark_read(*, actor, notification_ids: list[int] | None = None) -> int:
    """Mark the actor's own unread notices read (all, or those in `notification_ids`).

    Notices of other people are silently out of reach. Returns the number marked.
    """
    me = staff_selectors.staff_for_user(user=actor)
    if me is None:
        return 0
    unread = DutyNotification.objects.select_for_update().filter(recipient=me, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    rows = list(unread)
    now = timezone.now()
    for row in rows:
        row.read_at = now
    # History-aware bulk update: one UPDATE batch plus history rows, not a silent .update().
    bulk_update_with_history(
        rows,
        DutyNotification,
        ["read_at"],
        default_user=actor if getattr(actor, "is_authenticated", False) else None,
        default_change_reason="notification read",
    )
    return len(rows)
