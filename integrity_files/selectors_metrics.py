"""Per-person integrity figures for many people at once, UNSCOPED: for assessment's metric
providers, which compute a period for everyone enrolled and decide visibility themselves
(a cadre's scorecard shows only their own figures). Never hand these to a view.

They count what `integrity_files.selectors` totals count: current records (confirmed and
not superseded by a confirmed correction), dated within the period. Each reads in a fixed
number of queries whatever the number of people.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, Sum

from integrity_files.models import Category, RecordKind
from integrity_files.selectors import current_records

__all__ = [
    "SERIOUS_VIOLATION_POINTS",
    "integrity_points_by_staff_unscoped",
    "serious_violations_by_staff_unscoped",
]

# A violation is serious when it costs this many points or more (the default range of a
# violation is -20..0, so the heavier half).
SERIOUS_VIOLATION_POINTS = -10


def integrity_points_by_staff_unscoped(
    *, staff_ids: Iterable[int], start: date, end: date, category: str | None = None
) -> dict[int, int]:
    """staff id -> the sum of points of their current records dated in [start, end] (of
    `category`, one of `Category`, if given). People without such a record are left out.
    One query."""
    records = current_records().filter(
        staff_id__in=list(staff_ids), occurred_on__gte=start, occurred_on__lte=end
    )
    if category is not None:
        if category not in Category.values:
            raise ValueError(f"unknown integrity category {category!r}")
        records = records.filter(category=category)
    rows = records.values("staff_id").annotate(total=Sum("points")).order_by()
    return {row["staff_id"]: row["total"] or 0 for row in rows}


def serious_violations_by_staff_unscoped(
    *, staff_ids: Iterable[int], start: date, end: date
) -> dict[int, int]:
    """staff id -> how many current violation records dated in [start, end] deduct
    `SERIOUS_VIOLATION_POINTS` or more. People with none are left out. One query."""
    rows = (
        current_records()
        .filter(
            staff_id__in=list(staff_ids),
            occurred_on__gte=start,
            occurred_on__lte=end,
            kind=RecordKind.VIOLATION,
            points__lte=SERIOUS_VIOLATION_POINTS,
        )
        .values("staff_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["staff_id"]: row["n"] for row in rows}
