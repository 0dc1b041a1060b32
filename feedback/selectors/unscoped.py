"""Per-person figures for many people at once, UNSCOPED: for assessment's metric
providers, which compute a period for everyone enrolled and decide visibility themselves
(the scorecard shows a cadre only their own figures). Never hand these to a view.

Each takes the people's ids and a period of local dates (both ends included), reads in
one grouped query whatever the number of people, and leaves out the people it has no
figure for (no rating is not a 0 % rate).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from feedback.models import (
    POSITIVE_MIN_LEVEL,
    DailyWindowRating,
    EntryKind,
    SuggestionEntry,
    Verification,
)
from feedback.selectors.metrics import _bounds, _ratio

__all__ = [
    "reply_compliance_by_staff_unscoped",
    "satisfaction_rate_by_staff_unscoped",
    "verified_complaints_by_staff_unscoped",
]


def _percent(part: int, whole: int):
    rate = _ratio(part, whole)
    return None if rate is None else rate * 100


def satisfaction_rate_by_staff_unscoped(
    *, staff_ids: Iterable[int], start: date, end: date
) -> dict[int, object]:
    """staff id -> the satisfaction (positive) rate in percent, 0..100 with two decimals:
    ratings of the top three levels over all ratings given while the person served, in
    [start, end]. People nobody rated are left out. One query (on the daily rollups)."""
    _bounds(start, end)
    rows = (
        DailyWindowRating.objects.filter(staff_id__in=list(staff_ids), day__range=(start, end))
        .values("staff_id")
        .annotate(
            total=Sum("count"), positive=Sum("count", filter=Q(level__gte=POSITIVE_MIN_LEVEL))
        )
        .order_by()
    )
    return {row["staff_id"]: _percent(row["positive"] or 0, row["total"]) for row in rows}


def reply_compliance_by_staff_unscoped(
    *, staff_ids: Iterable[int], start: date, end: date, today: date | None = None
) -> dict[int, object]:
    """staff id -> the share in percent of suggestion-book entries answered by their
    deadline (three working days from arrival), among the entries the person answers (the
    owner, else the person it is assigned to) whose deadline fell in [start, end] and has
    passed or was met already. People with no such entry are left out. One query."""
    today = today or timezone.localdate()
    _bounds(start, end)
    met = Q(answered_at__isnull=False, answered_at__date__lte=F("due_date"))
    rows = (
        SuggestionEntry.objects.annotate(answerer=Coalesce("owner_id", "assigned_to_id"))
        .filter(answerer__in=list(staff_ids), due_date__range=(start, end))
        .filter(met | Q(due_date__lt=today))
        .values("answerer")
        .annotate(due=Count("pk"), met=Count("pk", filter=met))
        .order_by()
    )
    return {row["answerer"]: _percent(row["met"], row["due"]) for row in rows}


def verified_complaints_by_staff_unscoped(
    *, staff_ids: Iterable[int], start: date, end: date
) -> dict[int, int]:
    """staff id -> complaints received in [start, end] and verified against that person
    (the staff member concerned). People with none are left out. One query."""
    low, high = _bounds(start, end)
    rows = (
        SuggestionEntry.objects.filter(
            concerned_staff_id__in=list(staff_ids),
            kind=EntryKind.COMPLAINT,
            verification=Verification.VERIFIED,
            created_at__gte=low,
            created_at__lt=high,
        )
        .values("concerned_staff_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["concerned_staff_id"]: row["n"] for row in rows}
