"""Figures for assessment and dashboards: aggregated in the database, one or two queries
each, never a loop over rows. All are scoped to the asking user (a cadre gets their own
figures; a manager or leader those of the units they see) and take a period of local
dates, both ends included.

Rating counts and rates read the daily rollups (`DailyWindowRating`, one row per day,
window, person and level, kept current by `rating_submit`), not the raw ratings: a
province's month is a few hundred thousand rollup rows instead of millions of ratings
(ADR 0007). The follow-up state of negative ratings is not in the rollups (it changes
after the day); it is a second, small query on the follow-ups.

Subjects: `staff` (the person serving when the rating or entry arrived), `window`, or
`unit` (the unit and every unit below it); none: everything the user sees.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from feedback.errors import FeedbackError
from feedback.models import (
    NEGATIVE_MAX_LEVEL,
    POSITIVE_MIN_LEVEL,
    DailyWindowRating,
    EntryKind,
    EntryStatus,
    FollowUp,
    FollowUpStatus,
    RatingLevel,
    SuggestionEntry,
    Verification,
)
from feedback.selectors.cases import _scoped, follow_up_list, rating_list
from kernel.errors import invalid
from staffmgmt import selectors as staff_selectors
from staffmgmt.models import OrgUnit, Staff, Window

__all__ = [
    "ComplianceSummary",
    "RatingSummary",
    "deadline_compliance",
    "positive_rate",
    "rating_counts_by_level",
    "rating_summary",
    "rating_summary_by_day",
    "rating_summary_by_staff",
    "rating_summary_by_unit",
    "rating_summary_from_counts",
    "verified_complaint_count",
]


@dataclass(frozen=True)
class RatingSummary:
    total: int
    # level (5 very satisfied ... 1 very dissatisfied) -> count, every level present
    by_level: dict[int, int]
    negative: int
    # The follow-up state of the negative ratings; None where it was not asked for
    # (`follow_ups=False`: a ranking that shows only counts and rates).
    negative_followed_up: int | None
    negative_open: int | None

    @property
    def positive(self) -> int:
        return sum(n for level, n in self.by_level.items() if level >= POSITIVE_MIN_LEVEL)

    @property
    def positive_rate(self) -> Decimal | None:
        """Share of the top three levels among all ratings (好评率), 0..1; None without
        ratings (no rating is not a 0 % rate)."""
        return _ratio(self.positive, self.total)


@dataclass(frozen=True)
class ComplianceSummary:
    """Deadlines that fell in the period: how many were met (answered or followed up on or
    before the day), and how many of the missed ones are still open."""

    due: int
    met: int
    missed_open: int

    @property
    def rate(self) -> Decimal | None:
        return _ratio(self.met, self.due)


def _ratio(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    if end < start:
        raise invalid(
            FeedbackError.PERIOD_INVALID, _("The period ends before it starts."), field="end"
        )
    zone = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(start, time.min), zone),
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), zone),
    )


def _subject(
    queryset: QuerySet,
    *,
    staff_field: str,
    staff: Staff | None,
    window: Window | None,
    unit: OrgUnit | None,
) -> QuerySet:
    if staff is not None:
        queryset = queryset.filter(**{staff_field: staff})
    if window is not None:
        queryset = queryset.filter(window=window)
    if unit is not None:
        queryset = queryset.filter(unit__in=_subtree_ids(unit))
    return queryset


def _subtree_ids(unit: OrgUnit) -> QuerySet:
    """`unit` and the units below it, as one subquery (the org tree is staffmgmt's)."""
    return staff_selectors.org_unit_subtree_unscoped(unit=unit).values("pk")


# The raw ratings' aggregates: the figures read the rollups (`_rollups`, `_summaries_by`);
# these remain for a direct look at the ratings (checks, and grouping by what the rollups
# do not hold).
def _rating_aggregates(prefix: str = "") -> dict:
    level = f"{prefix}level"
    aggregates = {
        f"level_{value}": Count("pk", filter=Q(**{level: value})) for value in RatingLevel.values
    }
    negative = Q(**{f"{level}__lte": NEGATIVE_MAX_LEVEL})
    aggregates.update(
        total=Count("pk"),
        negative_followed_up=Count(
            "pk", filter=negative & Q(follow_up__status=FollowUpStatus.DONE)
        ),
        negative_open=Count("pk", filter=negative & Q(follow_up__status=FollowUpStatus.OPEN)),
    )
    return aggregates


def _summary(row: dict, *, follow_ups: bool = True) -> RatingSummary:
    by_level = {value: row[f"level_{value}"] or 0 for value in RatingLevel.values}
    return RatingSummary(
        total=row["total"] or 0,
        by_level=by_level,
        negative=sum(n for level, n in by_level.items() if level <= NEGATIVE_MAX_LEVEL),
        negative_followed_up=(row.get("negative_followed_up") or 0) if follow_ups else None,
        negative_open=(row.get("negative_open") or 0) if follow_ups else None,
    )


def rating_summary_from_counts(by_level: dict[int, int]) -> RatingSummary:
    """The summary (total, negative, the positive rate) of counts per level added up by
    a caller (e.g. a page that groups one read several ways); follow-up state None."""
    return _summary(
        {f"level_{value}": by_level.get(value, 0) for value in RatingLevel.values}
        | {"total": sum(by_level.values())},
        follow_ups=False,
    )


def _ratings(*, user, start, end, staff, window, unit) -> QuerySet:
    low, high = _bounds(start, end)
    queryset = rating_list(user=user).filter(created_at__gte=low, created_at__lt=high)
    return _subject(queryset, staff_field="staff", staff=staff, window=window, unit=unit)


# What a summary can be grouped by: the rollup's field, and the follow-up's.
_GROUPS = {
    "staff": ("staff_id", "rating__staff_id"),
    "window": ("window_id", "rating__window_id"),
    "unit": ("unit_id", "unit_id"),
    "day": ("day", "rating_day"),
}


def _rollups(*, user, start, end, staff, window, unit) -> QuerySet[DailyWindowRating]:
    """The rollup rows of [start, end] the user may see (a cadre: their own service)."""
    _bounds(start, end)
    queryset = _scoped(DailyWindowRating.objects.all(), user, "staff").filter(
        day__range=(start, end)
    )
    return _subject(queryset, staff_field="staff", staff=staff, window=window, unit=unit)


def _rollup_aggregates() -> dict:
    aggregates = {
        f"level_{value}": Sum("count", filter=Q(level=value)) for value in RatingLevel.values
    }
    aggregates["total"] = Sum("count")
    return aggregates


def _follow_ups(*, user, start, end, staff, window, unit) -> QuerySet[FollowUp]:
    """The follow-ups of the ratings given in [start, end] that the user may see, under
    the same scope and subject as the ratings themselves."""
    low, high = _bounds(start, end)
    queryset = _scoped(FollowUp.objects.all(), user, "rating__staff").filter(
        rating__created_at__gte=low, rating__created_at__lt=high
    )
    if staff is not None:
        queryset = queryset.filter(rating__staff=staff)
    if window is not None:
        queryset = queryset.filter(rating__window=window)
    if unit is not None:
        queryset = queryset.filter(unit__in=_subtree_ids(unit))
    return queryset


_FOLLOW_UP_AGGREGATES = {
    "negative_followed_up": Count("pk", filter=Q(status=FollowUpStatus.DONE)),
    "negative_open": Count("pk", filter=Q(status=FollowUpStatus.OPEN)),
}


def _summaries_by(
    by: str,
    *,
    user,
    start,
    end,
    staff=None,
    window=None,
    unit=None,
    named_only=False,
    follow_ups=True,
) -> dict:
    """key of `by` ("staff", "window", "unit", "day") -> RatingSummary, from the rollups
    grouped in the database and (`follow_ups`) the follow-ups grouped likewise. Two
    queries; one without the follow-ups (their state is then None)."""
    rollup_key, follow_up_key = _GROUPS[by]
    subject = {"staff": staff, "window": window, "unit": unit}
    rollups = _rollups(user=user, start=start, end=end, **subject)
    if named_only:
        rollups = rollups.filter(staff__isnull=False)
    rows = {
        row[rollup_key]: row
        for row in rollups.order_by().values(rollup_key).annotate(**_rollup_aggregates())
    }
    states = {}
    if follow_ups:
        queryset = _follow_ups(user=user, start=start, end=end, **subject)
        if named_only:
            queryset = queryset.filter(rating__staff__isnull=False)
        if by == "day":
            queryset = queryset.annotate(rating_day=TruncDate("rating__created_at"))
        states = {
            row[follow_up_key]: row
            for row in queryset.order_by().values(follow_up_key).annotate(**_FOLLOW_UP_AGGREGATES)
        }
    return {
        key: _summary({**row, **states.get(key, {})}, follow_ups=follow_ups)
        for key, row in sorted(rows.items())
    }


def rating_summary(
    *,
    user,
    start: date,
    end: date,
    staff: Staff | None = None,
    window: Window | None = None,
    unit: OrgUnit | None = None,
) -> RatingSummary:
    """Counts per level, the positive rate and the follow-up state of negative ratings
    for one subject in [start, end]. Two queries (the rollups, the follow-ups)."""
    subject = {"staff": staff, "window": window, "unit": unit}
    row = _rollups(user=user, start=start, end=end, **subject).aggregate(**_rollup_aggregates())
    row.update(
        _follow_ups(user=user, start=start, end=end, **subject).aggregate(**_FOLLOW_UP_AGGREGATES)
    )
    return _summary(row)


def positive_rate(
    *,
    user,
    start: date,
    end: date,
    staff: Staff | None = None,
    window: Window | None = None,
    unit: OrgUnit | None = None,
) -> Decimal | None:
    """The satisfaction (positive) rate: top three levels over all ratings; None without
    ratings. One query (on the rollups)."""
    queryset = _rollups(user=user, start=start, end=end, staff=staff, window=window, unit=unit)
    row = queryset.aggregate(
        total=Sum("count"), positive=Sum("count", filter=Q(level__gte=POSITIVE_MIN_LEVEL))
    )
    return _ratio(row["positive"] or 0, row["total"] or 0)


def rating_counts_by_level(
    *,
    user,
    start: date,
    end: date,
    staff: Staff | None = None,
    window: Window | None = None,
    unit: OrgUnit | None = None,
) -> dict[int, int]:
    """Level (5..1) -> number of ratings, every level present. One query (on the
    rollups)."""
    queryset = _rollups(user=user, start=start, end=end, staff=staff, window=window, unit=unit)
    return _summary(queryset.aggregate(**_rollup_aggregates())).by_level


def rating_summary_by_staff(
    *,
    user,
    start: date,
    end: date,
    unit: OrgUnit | None = None,
    follow_ups: bool = True,
) -> dict[int, RatingSummary]:
    """staff id -> RatingSummary for everyone rated in [start, end] (in `unit`), for
    rankings and assessment. Ratings nobody could be named for are left out. Two queries
    (the rollups, the follow-ups), however many people; one with `follow_ups=False` (the
    summaries' follow-up state is then None)."""
    return _summaries_by(
        "staff",
        user=user,
        start=start,
        end=end,
        unit=unit,
        named_only=True,
        follow_ups=follow_ups,
    )


def rating_summary_by_day(
    *,
    user,
    start: date,
    end: date,
    staff: Staff | None = None,
    window: Window | None = None,
    unit: OrgUnit | None = None,
    follow_ups: bool = True,
) -> dict[date, RatingSummary]:
    """local day -> RatingSummary of the ratings given that day in [start, end] (days
    without ratings are left out), for the satisfaction rate and counts over time. Two
    queries, however long the period; one with `follow_ups=False`."""
    return _summaries_by(
        "day",
        user=user,
        start=start,
        end=end,
        staff=staff,
        window=window,
        unit=unit,
        follow_ups=follow_ups,
    )


def rating_summary_by_unit(
    *, user, start: date, end: date, unit: OrgUnit | None = None
) -> dict[int, RatingSummary]:
    """unit id -> RatingSummary of the ratings given at the unit's own windows in [start,
    end] (`unit` and the units below it; a unit without ratings is left out). Add up the
    units under a child for a by-child figure. Two queries."""
    return _summaries_by("unit", user=user, start=start, end=end, unit=unit)


def deadline_compliance(
    *,
    user,
    start: date,
    end: date,
    staff: Staff | None = None,
    window: Window | None = None,
    unit: OrgUnit | None = None,
    today: date | None = None,
) -> dict[str, ComplianceSummary]:
    """Reply-deadline compliance of suggestion-book entries ("entries") and of negative-
    rating follow-ups ("follow_ups") whose deadline fell in [start, end] and has passed (or
    was met already). `staff`: entries owned by them, follow-ups owned by them. Two
    queries."""
    today = today or timezone.localdate()
    if end < start:
        _bounds(start, end)
    entries = _subject(
        _scoped(SuggestionEntry.objects.all(), user, "owner", "assigned_to"),
        staff_field="owner",
        staff=staff,
        window=window,
        unit=unit,
    ).filter(due_date__range=(start, end))
    entry_met = Q(answered_at__isnull=False, answered_at__date__lte=F("due_date"))
    entry_row = (
        entries.filter(entry_met | Q(due_date__lt=today))
        .order_by()
        .aggregate(
            due=Count("pk"),
            met=Count("pk", filter=entry_met),
            missed_open=Count(
                "pk", filter=Q(status__in=[EntryStatus.RECEIVED, EntryStatus.ACCEPTED])
            ),
        )
    )
    follow_ups = follow_up_list(user=user).filter(due_date__range=(start, end))
    if staff is not None:
        follow_ups = follow_ups.filter(owner=staff)
    if window is not None:
        follow_ups = follow_ups.filter(rating__window=window)
    if unit is not None:
        follow_ups = follow_ups.filter(unit__in=_subtree_ids(unit))
    follow_met = Q(done_at__isnull=False, done_at__date__lte=F("due_date"))
    follow_row = (
        follow_ups.filter(follow_met | Q(due_date__lt=today))
        .order_by()
        .aggregate(
            due=Count("pk"),
            met=Count("pk", filter=follow_met),
            missed_open=Count("pk", filter=Q(status=FollowUpStatus.OPEN)),
        )
    )
    return {
        "entries": ComplianceSummary(**{k: v or 0 for k, v in entry_row.items()}),
        "follow_ups": ComplianceSummary(**{k: v or 0 for k, v in follow_row.items()}),
    }


def verified_complaint_count(
    *,
    user,
    start: date,
    end: date,
    staff: Staff | None = None,
    window: Window | None = None,
    unit: OrgUnit | None = None,
) -> int:
    """Complaints received in [start, end] and verified; `staff`: those naming the staff
    member concerned. One query."""
    low, high = _bounds(start, end)
    queryset = _scoped(
        SuggestionEntry.objects.all(), user, "owner", "assigned_to", "concerned_staff"
    )
    queryset = _subject(
        queryset, staff_field="concerned_staff", staff=staff, window=window, unit=unit
    ).filter(
        kind=EntryKind.COMPLAINT,
        verification=Verification.VERIFIED,
        created_at__gte=low,
        created_at__lt=high,
    )
    return queryset.count()
