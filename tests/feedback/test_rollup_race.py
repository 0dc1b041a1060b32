"""Ratings of one window at the same moment from several real threads (own database
connections) on PostgreSQL: every one is counted once in the daily rollup, also while the
rollups are rebuilt chunk by chunk.

SQLite serialises every write, so the race cannot happen there; the counting itself is
tested on both databases in test_rollups.py.
"""

from collections import Counter
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from feedback import services
from feedback.models import DailyWindowRating, Rating
from kernel.roles import Role
from tests import factories
from tests.feedback.conftest import WORKDAY, local
from tests.threads import run_together

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL and two connections"
)

THREADS = 6
ROUNDS = 3


@pytest.fixture
def cards(transactional_db):
    cache.clear()
    hall = factories.unit()
    manager = factories.staff(unit=hall, roles=(Role.CADRE, Role.MANAGER))
    served = factories.window(unit=hall, number="1")
    factories.pairing(
        post=factories.post(unit=hall, window=served),
        a=factories.staff(unit=hall),
        b=factories.staff(unit=hall),
    )
    unattended = factories.window(unit=hall, number="2")
    yield [
        services.window_card_issue(actor=manager.user, window=window)
        for window in (served, unattended)
    ]
    cache.clear()


def test_concurrent_ratings_of_one_window_are_each_counted_once(cards):
    at = local(WORKDAY, 10)
    for _round in range(ROUNDS):
        outcomes = run_together(
            *[
                lambda card=card: services.rating_submit(
                    actor=None, card=card, level=5, client=None, at=at
                )
                for card in cards
                for _n in range(THREADS // 2)
            ]
        )
        assert all(kind == "ok" for kind, _ in outcomes), outcomes

    rows = list(DailyWindowRating.objects.values_list("window_id", "staff_id", "count"))
    assert sorted(count for _w, _s, count in rows) == [THREADS // 2 * ROUNDS] * 2
    assert Rating.objects.count() == THREADS * ROUNDS
    # One window's ratings name its A holder, the other's nobody (both partial keys raced).
    assert sorted(staff is None for _w, staff, _c in rows) == [False, True]


def test_ratings_during_a_rebuild_in_chunks_are_each_counted_once(cards):
    # Ratings on ten days, then more on those days from several threads while another
    # thread rebuilds one day per transaction: the rollups end equal to the raw ratings.
    days = [WORKDAY + timedelta(days=n) for n in range(10)]
    for day in days:
        services.rating_submit(actor=None, card=cards[0], level=4, client=None, at=local(day, 9))

    def rate(day):
        return services.rating_submit(
            actor=None, card=cards[day.day % 2], level=5, client=None, at=local(day, 11)
        )

    outcomes = run_together(
        lambda: services.rating_rollups_rebuild_in_chunks(days=1),
        *[lambda day=day: rate(day) for day in days[::-1] for _n in range(2)],
    )
    assert all(kind == "ok" for kind, _ in outcomes), outcomes

    rollups = Counter()
    for day, window, level, count in DailyWindowRating.objects.values_list(
        "day", "window_id", "level", "count"
    ):
        rollups[day, window, level] += count
    raw = Counter(
        (timezone.localtime(rating.created_at).date(), rating.window_id, rating.level)
        for rating in Rating.objects.all()
    )
    assert Rating.objects.count() == 30
    assert rollups == raw
