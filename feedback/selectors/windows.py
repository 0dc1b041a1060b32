"""Figures per window and the overdue entries, for the dashboards: grouped in the
database, one query each whatever the number of ratings, scoped to the asking user like
every figure of `metrics` (a cadre gets only their own service).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from feedback.models import EntryKind, SuggestionEntry
from feedback.selectors.cases import OPEN_STATUSES, _scoped, _with_current_due
from feedback.selectors.metrics import RatingSummary, _subject, _summaries_by
from staffmgmt.models import OrgUnit, Window

__all__ = [
    "overdue_entries_by_unit",
    "overdue_entry_list",
    "rating_summary_by_staff_at_window",
    "rating_summary_by_window",
]


def rating_summary_by_window(
    *, user, start: date, end: date, unit: OrgUnit | None = None
) -> dict[int, RatingSummary]:
    """window id -> RatingSummary of the ratings given at it in [start, end] (windows of
    `unit` and below), for the worst and best windows. One query, on the daily rollups
    (follow-up states are not read: None)."""
    return _summaries_by("window", user=user, start=start, end=end, unit=unit, follow_ups=False)


def rating_summary_by_staff_at_window(
    *, user, start: date, end: date, window: Window
) -> dict[int, RatingSummary]:
    """staff id -> RatingSummary of the ratings of the people who served `window` in
    [start, end] (ratings nobody could be named for are left out). One query, on the daily
    rollups (follow-up states are not read: None)."""
    return _summaries_by(
        "staff",
        user=user,
        start=start,
        end=end,
        window=window,
        named_only=True,
        follow_ups=False,
    )


def _overdue(*, user, unit, window, today):
    queryset = _subject(
        _with_current_due(_scoped(SuggestionEntry.objects.all(), user, "owner", "assigned_to")),
        staff_field="owner",
        staff=None,
        window=window,
        unit=unit,
    )
    return queryset.filter(status__in=OPEN_STATUSES, current_due__lt=today)


def overdue_entries_by_unit(
    *,
    user,
    unit: OrgUnit | None = None,
    window: Window | None = None,
    today: date | None = None,
) -> list[dict]:
    """Open suggestion-book entries past their current deadline (acceptance for a
    complaint not yet taken, else the answer), per unit: {unit_id, unit, overdue,
    complaints}. One query."""
    today = today or timezone.localdate()
    rows = (
        _overdue(user=user, unit=unit, window=window, today=today)
        .order_by()
        .values("unit_id", "unit__name", "unit__path")
        .annotate(overdue=Count("pk"), complaints=Count("pk", filter=Q(kind=EntryKind.COMPLAINT)))
        .order_by("unit__path")
    )
    return [
        {
            "unit_id": row["unit_id"],
            "unit": row["unit__name"],
            "path": row["unit__path"],
            "overdue": row["overdue"],
            "complaints": row["complaints"],
        }
        for row in rows
    ]


def overdue_entry_list(
    *,
    user,
    unit: OrgUnit | None = None,
    window: Window | None = None,
    today: date | None = None,
    limit: int = 200,
) -> list[dict]:
    """The longest-overdue open entries (at most `limit`), oldest deadline first: tracking
    code, kind, unit, window, owner, deadline, days overdue. No contact details. One
    query."""
    today = today or timezone.localdate()
    rows = (
        _overdue(user=user, unit=unit, window=window, today=today)
        .order_by("current_due", "pk")
        .values(
            "tracking_code",
            "kind",
            "unit__name",
            "window_id",
            "window__number",
            "window__name",
            "owner__name",
            "current_due",
        )[:limit]
    )
    return [
        {
            "tracking_code": row["tracking_code"],
            "kind": row["kind"],
            "unit": row["unit__name"],
            "window_id": row["window_id"],
            "window": (
                f"{row['window__number']} · {row['window__name']}" if row["window_id"] else ""
            ),
            "owner": row["owner__name"] or "",
            "due": row["current_due"],
            "days_overdue": (today - row["current_due"]).days,
        }
        for row in rows
    ]
