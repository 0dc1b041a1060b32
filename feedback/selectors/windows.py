"""Figures per window and the overdue entries, for the dashboards: grouped in the
database, one query each whatever the number of ratings, scoped to the asking user like
every figure of `metrics` (a cadre gets only their own service).
"""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone

from feedback.models import EntryKind, SuggestionEntry
from feedback.selectors.cases import OPEN_STATUSES, _scoped, _with_current_due
from feedback.selectors.metrics import (
    RatingSummary,
    _rollup_aggregates,
    _rollups,
    _subject,
    _summaries_by,
)
from staffmgmt.models import OrgUnit, Staff, Window

__all__ = [
    "overdue_entries_by_unit",
    "overdue_entry_list",
    "rating_counts_by_staff_and_window",
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


def rating_counts_by_staff_and_window(
    *, user, start: date, end: date, unit: OrgUnit | None = None
) -> list[dict]:
    """Per person and window rated in [start, end] (windows of `unit` and below): the
    person (staff_id None for ratings nobody could be named for; name, employee_no,
    unit), the window (window_id, "number · name", window_unit) and the ratings per level
    (level_5 ... level_1, total). One query on the daily rollups, names joined: a page
    that shows per-person and per-window figures adds these up both ways
    (`rating_summary_from_counts`) instead of reading the rollups twice."""
    counts = _rollup_aggregates()
    grouped = (
        _rollups(user=user, start=start, end=end, staff=None, window=None, unit=unit)
        .order_by()
        .values("staff_id", "window_id")
        .annotate(**counts)
    )
    # Grouped by the ids first, the names joined to the grouped rows (a few thousand)
    # after: grouping by the joined names too made PostgreSQL sort every rollup row of
    # the period with its names (2 s at province scale instead of 0.3 s), and the ORM
    # cannot join to a grouped subquery, so the outer query is written here.
    inner, params = grouped.query.sql_with_params()
    quote = connection.ops.quote_name
    staff, units, windows = (quote(model._meta.db_table) for model in (Staff, OrgUnit, Window))
    levels = ", ".join(f"g.{quote(key)}" for key in counts)
    sql = (
        f"SELECT g.{quote('staff_id')}, s.name, s.employee_no, su.name, g.{quote('window_id')},"
        f" w.number, w.name, wu.name, {levels}"
        f" FROM ({inner}) g"
        f" LEFT JOIN {staff} s ON s.id = g.{quote('staff_id')}"
        f" LEFT JOIN {units} su ON su.id = s.unit_id"
        f" JOIN {windows} w ON w.id = g.{quote('window_id')}"
        f" JOIN {units} wu ON wu.id = w.unit_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        {
            "staff_id": staff_id,
            "name": name,
            "employee_no": employee_no,
            "unit": staff_unit,
            "window_id": window_id,
            "window": f"{number} · {window_name}",
            "window_unit": window_unit,
            **{key: value or 0 for key, value in zip(counts, values, strict=True)},
        }
        for (
            staff_id,
            name,
            employee_no,
            staff_unit,
            window_id,
            number,
            window_name,
            window_unit,
            *values,
        ) in rows
    ]


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
