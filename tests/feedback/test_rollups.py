"""The daily rating rollups: kept on every rating, rebuilt by the command, and the figures
read from them equal the same figures counted on the raw ratings."""

import math
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from feedback import selectors, services
from feedback.models import POSITIVE_MIN_LEVEL, DailyWindowRating, FollowUp, Rating
from kernel.roles import Role
from staffmgmt.models import OrgUnit
from tests import factories
from tests.feedback.conftest import WORKDAY, local

PERIOD = {"start": date(2026, 3, 1), "end": date(2026, 3, 31)}
NEXT_DAY = WORKDAY + timedelta(days=1)


def raw_groups() -> Counter:
    """(local day, unit, window, staff, level) -> ratings, counted in Python from the raw
    rows: independent of the SQL that keeps or rebuilds the rollups."""
    from django.utils import timezone

    return Counter(
        (
            timezone.localtime(rating.created_at).date(),
            rating.unit_id,
            rating.window_id,
            rating.staff_id,
            rating.level,
        )
        for rating in Rating.objects.all()
    )


def rollup_groups() -> Counter:
    rows = DailyWindowRating.objects.values_list(
        "day", "unit_id", "window_id", "staff_id", "level", "count"
    )
    return Counter({tuple(key): count for *key, count in rows})


@pytest.fixture
def section(hall):
    return factories.unit(kind=OrgUnit.Kind.SECTION, parent=hall)


@pytest.fixture
def unattended_card(section, manager):
    """A window of the section with no post: nobody can be named for its ratings."""
    window = factories.window(unit=section, number="9")
    return services.window_card_issue(actor=manager.user, window=window)


@pytest.fixture
def mixed(submit_rating, unattended_card, client_id):
    """Ratings of every level on two days at the served window (one late in the evening,
    one just after local midnight), and some at the unattended window."""
    for level, at in [
        (5, local(WORKDAY, 9)),
        (5, local(WORKDAY, 10)),
        (4, local(WORKDAY, 11)),
        (3, local(WORKDAY, 15)),
        (2, local(WORKDAY, 16)),
        (1, local(WORKDAY, 23, 50)),
        (5, local(NEXT_DAY, 0, 10)),
        (1, local(NEXT_DAY, 10)),
        (4, local(date(2026, 4, 2), 10)),
    ]:
        reasons = ["waited"] if level <= 2 else []
        submit_rating(level=level, at=at, reasons=reasons)
    for level in (5, 3, 2):
        services.rating_submit(
            actor=None,
            card=unattended_card,
            level=level,
            client=client_id(),
            at=local(WORKDAY, 10),
            reasons=["attitude"] if level <= 2 else [],
        )


def test_rollups_equal_the_raw_group_by_after_a_mix_of_submissions(mixed, cadre):
    rollups = rollup_groups()

    assert rollups == raw_groups()
    assert sum(rollups.values()) == Rating.objects.count() == 12
    # The two ratings either side of midnight fall on their own local days.
    days = {key[0] for key in rollups}
    assert {WORKDAY, NEXT_DAY} <= days
    assert any(key[3] is None for key in rollups)
    assert any(key[3] == cadre.pk for key in rollups)


def test_a_second_rating_of_the_same_kind_increments_its_row(submit_rating):
    for _n in range(3):
        submit_rating(level=5, at=local(WORKDAY, 10))

    row = DailyWindowRating.objects.get()
    assert (row.day, row.level, row.count) == (WORKDAY, 5, 3)


def test_a_rating_that_fails_to_store_leaves_no_count(submit_rating, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("follow-up not stored")

    monkeypatch.setattr(FollowUp, "save", broken)

    with pytest.raises(RuntimeError):
        submit_rating(level=1, at=local(WORKDAY, 10))
    assert not Rating.objects.exists()
    assert not DailyWindowRating.objects.exists()


def test_the_rebuild_command_restores_the_rollups_and_is_idempotent(mixed):
    expected = raw_groups()
    DailyWindowRating.objects.all().delete()

    out = StringIO()
    call_command("rebuild_feedback_rollups", stdout=out)
    first = rollup_groups()
    call_command("rebuild_feedback_rollups", stdout=StringIO())

    assert first == expected
    assert rollup_groups() == expected
    assert "ratings: 12" in out.getvalue()


@pytest.mark.parametrize("chunk_days", ["1", "2", "31", "0"])
def test_the_rebuild_in_chunks_gives_the_rows_of_one_rebuild(mixed, chunk_days):
    # Ratings on WORKDAY, the next day and 2 April: one-day chunks split every pair of
    # days, chunks of two meet the midnight between WORKDAY and NEXT_DAY inside one.
    # A stale row 40 days before the first rating (its ratings gone) must go too.
    expected = raw_groups()
    stale = DailyWindowRating.objects.first()
    stale.pk, stale.day = None, WORKDAY - timedelta(days=40)
    stale.save()
    DailyWindowRating.objects.update(count=99)

    out = StringIO()
    call_command("rebuild_feedback_rollups", "--chunk-days", chunk_days, stdout=out)

    assert rollup_groups() == expected
    assert "ratings: 12" in out.getvalue()
    # From the stale row's day to 2 April, chunk by chunk (one transaction for "0").
    span = (date(2026, 4, 2) - stale.day).days + 1
    transactions = math.ceil(span / int(chunk_days)) if int(chunk_days) else 1
    assert f"transactions: {transactions}," in out.getvalue()


def test_the_rebuild_in_chunks_since_a_day_keeps_the_days_before(mixed):
    DailyWindowRating.objects.filter(day=WORKDAY).update(count=99)

    result = services.rating_rollups_rebuild_in_chunks(since=NEXT_DAY, days=1)

    assert set(DailyWindowRating.objects.filter(day=WORKDAY).values_list("count", flat=True)) == {
        99
    }
    later = {key: n for key, n in rollup_groups().items() if key[0] >= NEXT_DAY}
    assert later == {key: n for key, n in raw_groups().items() if key[0] >= NEXT_DAY}
    assert result.ratings == 3


def test_the_rebuild_in_chunks_of_nothing_does_nothing(db):
    assert services.rating_rollups_rebuild_in_chunks().chunks == 0
    with pytest.raises(ValueError):
        services.rating_rollups_rebuild_in_chunks(days=0)


def test_a_negative_chunk_is_refused(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="must not be negative"):
        call_command("rebuild_feedback_rollups", "--chunk-days", "-1", stdout=StringIO())


def test_the_rebuild_since_a_day_replaces_only_the_days_from_then(mixed):
    DailyWindowRating.objects.filter(day=WORKDAY).update(count=99)
    DailyWindowRating.objects.filter(day=NEXT_DAY).update(count=99)

    call_command("rebuild_feedback_rollups", "--since", NEXT_DAY.isoformat(), stdout=StringIO())

    assert set(DailyWindowRating.objects.filter(day=WORKDAY).values_list("count", flat=True)) == {
        99
    }
    later = {key: n for key, n in rollup_groups().items() if key[0] >= NEXT_DAY}
    assert later == {key: n for key, n in raw_groups().items() if key[0] >= NEXT_DAY}


def raw_summary(ratings) -> dict:
    """The figures counted directly on raw ratings (the pre-rollup queries)."""
    row = ratings.aggregate(
        total=Count("pk"),
        positive=Count("pk", filter=Q(level__gte=POSITIVE_MIN_LEVEL)),
        **{f"level_{level}": Count("pk", filter=Q(level=level)) for level in range(1, 6)},
        done=Count("pk", filter=Q(follow_up__status="done")),
        open=Count("pk", filter=Q(follow_up__status="open")),
    )
    return {
        "total": row["total"],
        "by_level": {level: row[f"level_{level}"] for level in range(5, 0, -1)},
        "followed_up": row["done"],
        "open": row["open"],
        "rate": (
            (Decimal(row["positive"]) / Decimal(row["total"])).quantize(Decimal("0.0001"))
            if row["total"]
            else None
        ),
    }


def as_raw(summary) -> dict:
    return {
        "total": summary.total,
        "by_level": summary.by_level,
        "followed_up": summary.negative_followed_up,
        "open": summary.negative_open,
        "rate": summary.positive_rate,
    }


def in_march(ratings):
    return ratings.filter(
        created_at__gte=local(PERIOD["start"], 0), created_at__lt=local(date(2026, 4, 1), 0)
    )


def test_figures_from_the_rollups_equal_direct_queries_on_the_ratings(
    mixed, manager, hall, section, cadre, card
):
    follow_up = FollowUp.objects.filter(rating__staff=cadre).order_by("pk").first()
    services.follow_up_close(actor=manager.user, follow_up=follow_up, note="called back")
    user = manager.user
    march = in_march(Rating.objects.all())

    hall_figures = selectors.rating_summary(user=user, unit=hall, **PERIOD)
    section_figures = selectors.rating_summary(user=user, unit=section, **PERIOD)
    by_staff = selectors.rating_summary_by_staff(user=user, unit=hall, **PERIOD)
    by_day = selectors.rating_summary_by_day(user=user, unit=hall, **PERIOD)
    by_unit = selectors.rating_summary_by_unit(user=user, unit=hall, **PERIOD)

    assert as_raw(hall_figures) == raw_summary(march)
    assert as_raw(section_figures) == raw_summary(march.filter(unit=section))
    assert selectors.positive_rate(user=user, unit=hall, **PERIOD) == raw_summary(march)["rate"]
    assert (
        selectors.rating_counts_by_level(user=user, window=card.window, **PERIOD)
        == (raw_summary(march.filter(window=card.window))["by_level"])
    )
    assert {k: as_raw(v) for k, v in by_staff.items()} == {
        cadre.pk: raw_summary(march.filter(staff=cadre))
    }
    assert {k: as_raw(v) for k, v in by_day.items()} == {
        day: raw_summary(
            march.filter(
                created_at__gte=local(day, 0), created_at__lt=local(day, 0) + timedelta(days=1)
            )
        )
        for day in (WORKDAY, NEXT_DAY)
    }
    assert {k: as_raw(v) for k, v in by_unit.items()} == {
        hall.pk: raw_summary(march.filter(unit=hall)),
        section.pk: raw_summary(march.filter(unit=section)),
    }
    assert hall_figures.negative_followed_up == 1


def test_the_unscoped_satisfaction_rate_equals_the_raw_one(mixed, cadre, b_holder):
    rates = selectors.satisfaction_rate_by_staff_unscoped(
        staff_ids=[cadre.pk, b_holder.pk], **PERIOD
    )

    assert rates == {
        cadre.pk: raw_summary(in_march(Rating.objects.filter(staff=cadre)))["rate"] * 100
    }


def test_a_cadre_reads_only_the_rollups_of_their_own_service(mixed, cadre, b_holder, section):
    mine = selectors.rating_summary_by_day(user=cadre.user, **PERIOD)

    served = in_march(Rating.objects.filter(staff=cadre)).count()
    assert served > 0
    assert sum(summary.total for summary in mine.values()) == served
    assert selectors.rating_summary(user=b_holder.user, **PERIOD).total == 0


def test_a_manager_of_another_unit_reads_no_rollups_of_this_one(mixed, hall):
    outsider = factories.staff(unit=factories.unit(), roles=(Role.CADRE, Role.MANAGER))

    assert selectors.rating_summary_by_unit(user=outsider.user, unit=hall, **PERIOD) == {}
    assert selectors.positive_rate(user=outsider.user, unit=hall, **PERIOD) is None


def test_a_rebuild_that_fails_halfway_keeps_the_rollups_as_they_were(mixed, monkeypatch):
    before = rollup_groups()

    def broken(**kwargs):
        raise RuntimeError("disk full")

    # Raised after the old rows are deleted and the new ones inserted.
    monkeypatch.setattr("feedback.services.rollups.RollupRebuild", broken)
    with pytest.raises(RuntimeError):
        services.rating_rollups_rebuild()

    assert rollup_groups() == before
