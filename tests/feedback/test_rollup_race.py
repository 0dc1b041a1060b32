"""Ratings of one window at the same moment from several real threads (own database
connections) on PostgreSQL: every one is counted once in the daily rollup.

SQLite serialises every write, so the race cannot happen there; the counting itself is
tested on both databases in test_rollups.py.
"""

import threading

import pytest
from django.core.cache import cache
from django.db import connection

from feedback import services
from feedback.models import DailyWindowRating, Rating
from kernel.roles import Role
from tests import factories
from tests.feedback.conftest import WORKDAY, local

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL and two connections"
)

THREADS = 6
ROUNDS = 3


def run_together(calls):
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def worker(i, call):
        try:
            barrier.wait()
            outcomes[i] = ("ok", call())
        except Exception as error:
            outcomes[i] = ("crash", error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


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
            [
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
