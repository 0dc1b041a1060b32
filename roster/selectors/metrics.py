"""Per-person duty figures for other apps' metrics (assessment's providers).

UNSCOPED: the caller decides who may see the result. Keyword-only and new functions (not
changes to the existing positional helpers), so renames elsewhere in roster stay apart.
"""

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, Q, Sum
from django.utils import timezone

from roster.models import DutyAssignment, Roster, SwapRequest

__all__ = ["duties_swapped_unscoped", "duty_figures_unscoped"]


def duty_figures_unscoped(
    *, staff_ids: Iterable[int], start: date, end: date
) -> dict[int, dict[str, int]]:
    """Per person, over published duties in [start, end] up to today: `duties` (that
    have come), `done` (checked in), `late` (checked in late), `minutes_late`, `missed`.
    One grouped query; people with no duty are left out."""
    last = min(end, timezone.localdate())
    rows = (
        DutyAssignment.objects.filter(
            staff_id__in=list(staff_ids),
            roster__status=Roster.Status.PUBLISHED,
            date__range=(start, last),
        )
        .values("staff_id")
        .annotate(
            duties=Count("id"),
            done=Count("checkin"),
            late=Count("checkin", filter=Q(checkin__is_late=True)),
            minutes_late=Sum("checkin__minutes_late"),
        )
        .order_by()
    )
    return {
        row["staff_id"]: {
            "duties": row["duties"],
            "done": row["done"],
            "late": row["late"],
            "minutes_late": row["minutes_late"] or 0,
            "missed": row["duties"] - row["done"],
        }
        for row in rows
    }


def duties_swapped_unscoped(*, staff_ids: Iterable[int], start: date, end: date) -> dict[int, int]:
    """Per person: approved swaps in which they handed a duty of [start, end] to a
    colleague (as the requester). One grouped query; people with none are left out."""
    rows = (
        SwapRequest.objects.filter(
            requester_id__in=list(staff_ids),
            status=SwapRequest.Status.APPROVED,
            assignment__date__range=(start, end),
        )
        .values("requester_id")
        .annotate(swaps=Count("id"))
        .order_by()
    )
    return {row["requester_id"]: row["swaps"] for row in rows}
