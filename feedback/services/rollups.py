"""The daily rating rollups (`DailyWindowRating`): kept current on every rating, rebuilt
from the raw ratings on demand (ADR 0007).

`rating_rollup_add` is one `INSERT ... ON CONFLICT DO UPDATE SET count = count + 1`, the
same SQL on SQLite (>= 3.24) and PostgreSQL: a single statement, so two processes rating
the same window at the same moment both count (PostgreSQL's upsert waits for the other's
row instead of failing on the unique key). Django's `bulk_create(update_conflicts=True)`
cannot increment, and an F() update followed by a create would need a savepoint and a
retry for the moment when both find no row yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db import connection, transaction
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from feedback.models import DailyWindowRating, Rating

__all__ = ["RollupRebuild", "rating_rollup_add", "rating_rollups_rebuild"]


def _upsert_sql() -> tuple[str, str]:
    quote = connection.ops.quote_name
    table = quote(DailyWindowRating._meta.db_table)
    count = quote("count")
    columns = ", ".join(
        quote(name) for name in ("day", "unit_id", "window_id", "staff_id", "level", "count")
    )
    head = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s, 1) ON CONFLICT "
    tail = f" DO UPDATE SET {count} = {table}.{count} + 1"
    key = ", ".join(quote(name) for name in ("day", "unit_id", "window_id", "staff_id", "level"))
    unnamed = ", ".join(quote(name) for name in ("day", "unit_id", "window_id", "level"))
    staff = quote("staff_id")
    return (
        f"{head}({key}) WHERE {staff} IS NOT NULL{tail}",
        f"{head}({unnamed}) WHERE {staff} IS NULL{tail}",
    )


def rating_rollup_add(*, rating: Rating) -> None:
    """Count `rating` in its day's rollup row (the local day of `created_at`). Call it in
    the transaction that writes the rating, so both are stored or neither."""
    named, unnamed = _upsert_sql()
    day = timezone.localtime(rating.created_at).date()
    with connection.cursor() as cursor:
        cursor.execute(
            named if rating.staff_id is not None else unnamed,
            [day, rating.unit_id, rating.window_id, rating.staff_id, rating.level],
        )


@dataclass(frozen=True)
class RollupRebuild:
    since: date | None
    deleted: int
    rows: int
    ratings: int


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def _rebuild(rating_model, rollup_model, since: date | None) -> tuple[int, int]:
    """Replace the rollup rows from `since` (every row: None) by the ratings' GROUP BY, in
    one INSERT ... SELECT the database runs on its own (no row comes to Python)."""
    rollups = rollup_model.objects.all()
    ratings = rating_model.objects.all()
    if since is not None:
        rollups = rollups.filter(day__gte=since)
        ratings = ratings.filter(created_at__gte=_local_midnight(since))
    deleted, _by_model = rollups.delete()
    grouped = (
        ratings.order_by()
        .annotate(day=TruncDate("created_at"))
        .values("unit_id", "window_id", "staff_id", "level", "day")
        .annotate(n=Count("pk"))
    )
    query = grouped.query
    # The compiler selects the values() fields first, then the annotations in order.
    selected = [*query.values_select, *query.annotation_select]
    columns = {"n": "count"}
    quote = connection.ops.quote_name
    target = ", ".join(quote(columns.get(name, name)) for name in selected)
    sql, params = query.get_compiler(using=ratings.db).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(rollup_model._meta.db_table)} ({target}) {sql}", params)
        inserted = cursor.rowcount
    return deleted, inserted


@transaction.atomic
def rating_rollups_rebuild(*, actor=None, since: date | None = None) -> RollupRebuild:
    """Rebuild the daily rollups from the raw ratings: every day, or the days from `since`
    on. Idempotent: a second run gives the same rows. Ratings arriving meanwhile wait for
    it on PostgreSQL (the ratings table is locked against writes for the rebuild) and are
    serialised with it on SQLite (one writer), so none is counted twice or missed."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"LOCK TABLE {connection.ops.quote_name(Rating._meta.db_table)} IN SHARE MODE"
            )
    deleted, rows = _rebuild(Rating, DailyWindowRating, since)
    ratings = Rating.objects.all()
    if since is not None:
        ratings = ratings.filter(created_at__gte=_local_midnight(since))
    return RollupRebuild(since=since, deleted=deleted, rows=rows, ratings=ratings.count())
