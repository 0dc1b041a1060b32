"""Query counts of the dashboard pages and every panel endpoint do not grow with the data:
the same on a bureau of 2 halls by 2 people as on one of 5 halls by 4 people; the breadcrumb
reads the current unit's ancestors in one query however many units there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboards import selectors
from dashboards.panels import PERSONAL, UNIT, WINDOW, panels
from kernel.roles import Role
from staffmgmt.models import OrgUnit
from tests import factories
from tests.dashboards.conftest import PERIOD, build_bureau


@pytest.fixture
def small_and_large(db):
    # Both built before anything is counted, so both count against the same database.
    return build_bureau(halls=2, people=2), build_bureau(halls=5, people=4, name="Big Bureau")


def _count(client, user, url, params) -> int:
    client.force_login(user)
    client.get(url, params)  # warm: sessions, translations, content types
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def _params(world, audience: str) -> dict:
    if audience == UNIT:
        return {**PERIOD, "unit": world.bureau.pk}
    if audience == WINDOW:
        return {**PERIOD, "window": world.windows[0].pk}
    return {**PERIOD, "staff": world.people[0][0].pk}


def test_the_leadership_dashboard_reads_as_many_queries_for_a_larger_bureau(
    client, small_and_large
):
    small, large = small_and_large

    counts = [
        _count(client, world.leader.user, "/dashboards/", {**PERIOD, "unit": world.bureau.pk})
        for world in (small, large)
    ]

    assert counts[0] == counts[1], counts
    # Thirteen panels: the figures several share are read once a page (Scope.memo), the
    # session is not written on a read (kernel/sessions.py).
    assert counts[0] <= 25, counts


# The most each page may read, and the same for 2 halls by 2 people as for 5 by 4: the
# session and the user (2), roles and staff (2), the unit with its breadcrumb and subtree
# (1), the panels, and the site's navigation (notification counts, the calendar banner: 4).
PAGE_QUERIES = {"leader": 25, "manager": 25, "cadre": 20}


def _page(world, reader: str):
    if reader == "leader":
        return world.leader.user, "/dashboards/", {**PERIOD, "unit": world.bureau.pk}
    if reader == "manager":
        return world.manager.user, "/dashboards/", {**PERIOD, "unit": world.halls[0].pk}
    return world.people[0][0].user, "/dashboards/me/", PERIOD


@pytest.mark.parametrize("reader", sorted(PAGE_QUERIES))
def test_each_dashboard_reads_at_most_its_queries_whatever_the_data(
    client, small_and_large, reader, django_assert_max_num_queries
):
    counts = []
    for world in small_and_large:
        user, url, params = _page(world, reader)
        client.force_login(user)
        client.get(url, params)  # the session's first write, translations, content types
        with django_assert_max_num_queries(PAGE_QUERIES[reader]) as queries:
            response = client.get(url, params)
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1], counts


def test_the_window_and_person_pages_read_as_many_queries_for_more_data(client, small_and_large):
    small, large = small_and_large

    for page in ("windows", "people"):
        counts = [
            _count(
                client,
                world.leader.user,
                f"/dashboards/{page}/"
                f"{(world.windows[0] if page == 'windows' else world.people[0][0]).pk}/",
                PERIOD,
            )
            for world in (small, large)
        ]
        assert counts[0] == counts[1], (page, counts)


@pytest.mark.parametrize("key", sorted(p.key for p in panels))
def test_each_panel_endpoint_reads_as_many_queries_for_more_data(client, small_and_large, key):
    small, large = small_and_large
    audience = next(p.audience for p in panels if p.key == key)

    counts = [
        _count(
            client,
            world.leader.user,
            f"/dashboards/panels/{key}.json",
            _params(world, audience),
        )
        for world in (small, large)
    ]

    assert counts[0] == counts[1], counts
    assert counts[0] <= 20, counts  # 6 of them are the session, the user and the savepoint
    assert audience in (UNIT, WINDOW, PERSONAL)


def _chain(kinds: list[str], siblings: int):
    """A bureau, `siblings` halls beside a chain of units of `kinds` below it, and a
    leader at the bureau; returns the leader and the unit at the chain's end."""
    bureau = factories.unit(kind=OrgUnit.Kind.BUREAU)
    for _n in range(siblings):
        factories.unit(parent=bureau)
    unit = bureau
    for kind in kinds:
        unit = factories.unit(kind=kind, parent=unit)
    leader = factories.staff(unit=bureau, roles=(Role.CADRE, Role.LEADERSHIP))
    return leader, unit


def test_the_breadcrumb_reads_the_ancestors_in_one_query_however_many_units(
    db, django_assert_max_num_queries
):
    kind = OrgUnit.Kind
    shallow_leader, shallow = _chain([kind.HALL], siblings=1)
    deep_leader, deep = _chain([kind.BRANCH, kind.HALL, kind.SECTION], siblings=20)
    for leader in (shallow_leader, deep_leader):
        selectors.dashboard_unit_list(user=leader.user).exists()  # roles and staff cached

    with django_assert_max_num_queries(1):
        shallow_trail = selectors.dashboard_unit_ancestors(user=shallow_leader.user, unit=shallow)
    with django_assert_max_num_queries(1):
        deep_trail = selectors.dashboard_unit_ancestors(user=deep_leader.user, unit=deep)

    assert [u.path for u in deep_trail] == sorted(u.path for u in deep_trail)
    assert len(shallow_trail) == 1 and len(deep_trail) == 3
    assert all(deep.path.startswith(u.path) for u in deep_trail)


def test_the_breadcrumb_shows_only_units_the_reader_may_open(db):
    bureau = factories.unit(kind=OrgUnit.Kind.BUREAU)
    hall = factories.unit(parent=bureau)
    manager = factories.staff(unit=hall, roles=(Role.CADRE, Role.MANAGER))

    assert selectors.dashboard_unit_ancestors(user=manager.user, unit=hall) == []
