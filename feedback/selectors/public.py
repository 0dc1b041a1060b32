"""Reads behind the public (anonymous) pages: nothing here returns contact details."""

from __future__ import annotations

from datetime import datetime

from django.core.cache import cache
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from feedback.models import EntryReply, SuggestionEntry, WindowCard
from staffmgmt import selectors as staff_selectors
from staffmgmt.models import Staff, Window

__all__ = [
    "CARD_CACHE_SECONDS",
    "SERVING_CACHE_SECONDS",
    "card_cache_key",
    "card_get_by_token",
    "card_get_by_token_cached",
    "entry_get_by_tracking_code",
    "serving_staff",
    "serving_staff_cached",
    "serving_staff_id_cached",
]

# Who serves a window is re-read at most once a minute per window: a rating attributed to
# the person who left the counter a few seconds ago is within the rater's own precision,
# and the busiest window no longer costs five queries per tap.
SERVING_CACHE_SECONDS = 60


def card_get_by_token(*, token: str) -> WindowCard:
    """The active window's card for a QR token, window and unit loaded; 404 otherwise."""
    card = (
        WindowCard.objects.select_related("window", "window__unit")
        .filter(token=token.strip().upper(), window__is_active=True)
        .first()
    )
    if card is None:
        raise Http404("no such card")
    return card


CARD_CACHE_SECONDS = 60


def card_cache_key(token: str) -> str:
    return f"feedback-card:{token.strip().upper()}"


def card_get_by_token_cached(*, token: str) -> WindowCard:
    """`card_get_by_token`, remembered for CARD_CACHE_SECONDS: every tap on a window's page
    would otherwise read the same three joined rows. A renewed card drops its old token
    from the cache (`window_card_issue`); a window closed meanwhile takes ratings for at
    most that long."""
    key = card_cache_key(token)
    card = cache.get(key)
    if card is None:
        card = card_get_by_token(token=token)
        cache.set(key, card, timeout=CARD_CACHE_SECONDS)
    return card


def serving_staff(*, window: Window, at: datetime | None = None) -> Staff | None:
    """The staff member serving `window` at `at` (now), or None when nobody can be named.

    While a published duty is in progress (noon duty, holiday duty), the person on duty
    serves: the one of them who holds a post of this window (A first), else the only
    person on duty; several people on duty and none of them a holder of the window's
    posts cannot be told apart, so nobody is named. Otherwise, on a working day, the
    person covering the window's first covered post in that half day (A holder, or B when
    A is away: `staffmgmt.selectors.coverage_for_posts`). Four to five queries.
    """
    at = at or timezone.now()
    local = timezone.localtime(at)
    day = local.date()
    half = "am" if local.hour < 12 else "pm"
    posts = list(staff_selectors.window_posts_unscoped(window=window))
    coverage = (
        [
            entry
            for entry in staff_selectors.post_coverage_list_unscoped(
                posts=posts, start=day, end=day
            )
            if entry.half == half
        ]
        if posts
        else []
    )
    on_duty = staff_selectors.on_duty_at_unscoped(unit=window.unit, at=at)
    if on_duty:
        on_duty_ids = {person.pk: person for person in on_duty}
        holders = []
        for entry in coverage:
            if entry.covered_by is not None:
                holders.append(entry.covered_by)
            if entry.pairing is not None:
                holders += [entry.pairing.a_holder, entry.pairing.b_holder]
        for person in holders:
            if person.pk in on_duty_ids:
                return on_duty_ids[person.pk]
        return on_duty[0] if len(on_duty) == 1 else None
    for entry in coverage:
        if entry.covered_by is not None:
            return entry.covered_by
    return None


def serving_staff_id_cached(*, window: Window, at: datetime | None = None) -> int | None:
    """The id of `serving_staff`, remembered per window for the current minute
    (SERVING_CACHE_SECONDS): no query at all while it is remembered."""
    at = at or timezone.now()
    bucket = int(at.timestamp() // SERVING_CACHE_SECONDS)
    key = f"feedback-serving:{window.pk}:{bucket}"
    cached = cache.get(key)
    if cached is None:
        person = serving_staff(window=window, at=at)
        cached = person.pk if person else 0
        cache.set(key, cached, timeout=SERVING_CACHE_SECONDS)
    return cached or None


def serving_staff_cached(*, window: Window, at: datetime | None = None) -> Staff | None:
    """`serving_staff`, through `serving_staff_id_cached` (one query for the person)."""
    staff_id = serving_staff_id_cached(window=window, at=at)
    return Staff.objects.filter(pk=staff_id).first() if staff_id else None


def entry_get_by_tracking_code(*, code: str) -> SuggestionEntry:
    """The entry a taxpayer follows, with its window and replies; 404 for an unknown code.

    Callers show only what `feedback.serializers.PublicEntrySerializer` shows: no contact.
    """
    entry = (
        _public_entries()
        .filter(tracking_code=code.strip().upper().replace("-", "").replace(" ", ""))
        .first()
    )
    if entry is None:
        raise Http404("no such entry")
    return entry


def _public_entries() -> QuerySet[SuggestionEntry]:
    return (
        SuggestionEntry.objects.select_related("window", "window__unit")
        .prefetch_related(Prefetch("replies", queryset=EntryReply.objects.select_related("author")))
        .defer("contact", "contact_name")
    )
