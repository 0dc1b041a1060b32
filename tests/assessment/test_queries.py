"""Query counts that do not grow with the rows: the period computation, the lists of the
API, the scoring grid and the review page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment import services
from assessment.models import Period
from tests.assessment.conftest import advance_to, build_world, open_period, score_everyone


def _computed_world(cadres):
    world = build_world(cadres=cadres, democratic=True)
    period = advance_to(open_period(world), Period.State.SCORING, world.manager.user)
    score_everyone(period, world)
    return world, period


def _compute_queries(world, period):
    with CaptureQueriesContext(connection) as queries:
        services.period_compute_results(actor=world.manager.user, period=period)
    return len(queries)


@pytest.mark.django_db
def test_computing_results_takes_the_same_queries_for_4_or_40_cadres():
    small = _compute_queries(*_computed_world(4))
    large = _compute_queries(*_computed_world(40))
    assert large == small


@pytest.mark.django_db
def test_a_recomputation_takes_no_more_queries_than_the_first():
    world, period = _computed_world(10)
    first = _compute_queries(world, period)
    assert _compute_queries(world, period) <= first


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["assessment-score-list", "assessment-result-list", "assessment-period-list"]
)
def test_api_lists_take_the_same_queries_for_few_or_many_rows(name, api_as):
    world_small, period_small = _computed_world(3)
    services.period_compute_results(actor=world_small.manager.user, period=period_small)
    small = _count(api_as(world_small.manager), reverse(name))
    world_large, period_large = _computed_world(25)
    services.period_compute_results(actor=world_large.manager.user, period=period_large)
    large = _count(api_as(world_large.manager), reverse(name))
    assert large == small


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["score-grid", "review"])
def test_pages_take_the_same_queries_for_few_or_many_cadres(name, client):
    counts = []
    for cadres in (3, 25):
        world, period = _computed_world(cadres)
        services.period_compute_results(actor=world.manager.user, period=period)
        client.force_login(world.manager.user)
        url = reverse(f"assessment:{name}", args=[period.pk])
        client.get(url)  # warm: site-wide figures cached once per process (calendar years)
        counts.append(_count(client, url))
    assert counts[1] == counts[0]
