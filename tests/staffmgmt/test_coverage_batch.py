"""Batched gap previews for the approval queue, and gap_list's shortcut against the full
coverage computation."""

import contextlib
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from staffmgmt import selectors
from staffmgmt.models import Post
from staffmgmt.selectors.coverage import _gaps_from
from tests import factories

MON = date(2026, 3, 2)  # an ordinary working week: Mon 2 - Fri 6 March 2026
TUE = date(2026, 3, 3)
WED = date(2026, 3, 4)


def _pair(hall):
    a, b = factories.staff(unit=hall), factories.staff(unit=hall)
    post = factories.post(unit=hall)
    factories.pairing(post=post, a=a, b=b)
    return post, a, b


def _key(gaps):
    return [(g.post.pk, g.date, g.halves, g.reason, {x.pk for x in g.absences}) for g in gaps]


def test_batched_previews_equal_one_by_one_previews(hall, manager):
    post, a, b = _pair(hall)
    other_post, c, d = _pair(hall)
    factories.absence(staff=b, start_date=TUE, approved_by=manager)
    factories.absence(staff=d, start_date=MON, end_half="am", approved_by=manager)
    requests = [
        factories.absence(staff=a, start_date=MON, end_date=WED),
        factories.absence(staff=c, start_date=MON),
        factories.absence(staff=factories.staff(unit=hall), start_date=MON),
    ]

    batched = selectors.gaps_if_absences_approved_unscoped(absences=requests)

    assert set(batched) == {r.pk for r in requests}
    for request in requests:
        assert _key(batched[request.pk]) == _key(
            selectors.gaps_if_absence_approved_unscoped(absence=request)
        )
    assert [(g.post, g.date) for g in batched[requests[0].pk]] == [(post, TUE)]
    assert [(g.post, g.date, g.halves) for g in batched[requests[1].pk]] == [
        (other_post, MON, ("am",))
    ]
    assert batched[requests[2].pk] == []


def test_each_preview_counts_only_its_own_absence_not_the_rest_of_the_queue(hall, manager):
    _post, a, b = _pair(hall)
    # A and B both ask for Monday: each alone leaves the partner at the post.
    from_a = factories.absence(staff=a, start_date=MON)
    from_b = factories.absence(staff=b, start_date=MON)

    previews = selectors.gaps_if_absences_approved_unscoped(absences=[from_a, from_b])

    assert previews == {from_a.pk: [], from_b.pk: []}


def test_batched_previews_of_an_empty_queue_read_nothing(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert selectors.gaps_if_absences_approved_unscoped(absences=[]) == {}


def _queue_of(hall, manager, n: int) -> None:
    """2n requests: n that would uncover a post (B is away Monday morning), n that would not."""
    for i in range(n):
        _post, a, b = _pair(hall)
        factories.absence(staff=b, start_date=MON, end_half="am", approved_by=manager)
        factories.absence(staff=a, start_date=MON, end_date=WED + timedelta(days=i % 3))
        _other_post, c, _d = _pair(hall)
        factories.absence(staff=c, start_date=TUE)


def test_approval_queue_queries_do_not_grow_with_its_length(
    client, hall, manager, django_assert_max_num_queries
):
    client.force_login(manager.user)
    _queue_of(hall, manager, 2)
    with CaptureQueriesContext(connection) as two_posts:
        assert client.get("/leave/approvals/").status_code == 200

    _queue_of(hall, manager, 10)
    with django_assert_max_num_queries(len(two_posts.captured_queries)):
        response = client.get("/leave/approvals/")

    page = response.content.decode()
    assert page.count('class="card absence-request"') == 24
    assert page.count('class="warning gap-preview"') == 12
    assert page.count('class="muted gap-preview"') == 12


# A week with a weekend inside, so non-working days are part of every example.
RANGE_START = date(2026, 3, 4)
RANGE_END = date(2026, 3, 10)

pairing_spec = st.one_of(
    st.none(),
    st.tuples(
        st.integers(0, 3),  # A (index into the people)
        st.integers(0, 3),  # B
        st.integers(-3, 5),  # valid_from, days after RANGE_START
        st.one_of(st.none(), st.integers(0, 9)),  # valid_to, days after valid_from
    ),
)
absence_spec = st.tuples(
    st.integers(0, 3),  # who
    st.integers(-2, 7),  # first day, after RANGE_START
    st.integers(0, 3),  # length in days - 1
    st.sampled_from(["am", "pm"]),
    st.sampled_from(["am", "pm"]),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    pairings=st.lists(pairing_spec, min_size=1, max_size=4),
    absences=st.lists(absence_spec, max_size=6),
    inactive=st.sets(st.integers(0, 3), max_size=2),
)
def test_gap_list_equals_the_gaps_of_the_full_coverage(db, pairings, absences, inactive):
    with transaction.atomic():
        hall = factories.unit()
        manager = factories.staff(unit=hall, roles=("cadre", "manager"))
        people = [factories.staff(unit=hall) for _ in range(4)]
        posts = []
        for spec in pairings:
            post = factories.post(unit=hall)
            posts.append(post)
            if spec is None:
                continue
            a, b, start, length = spec
            if a == b:
                b = (a + 1) % 4
            valid_from = RANGE_START + timedelta(days=start)
            valid_to = None if length is None else valid_from + timedelta(days=length)
            factories.pairing(
                post=post, a=people[a], b=people[b], valid_from=valid_from, valid_to=valid_to
            )
        for who, first, length, start_half, end_half in absences:
            start_date = RANGE_START + timedelta(days=first)
            end_date = start_date + timedelta(days=length)
            # Overlapping leave of the same person is refused, as it should be.
            with contextlib.suppress(ValidationError):
                factories.approved_absence(
                    staff=people[who],
                    approver=manager,
                    start_date=start_date,
                    end_date=end_date,
                    start_half=start_half,
                    end_half=end_half,
                )
        for index in inactive:
            people[index].is_active = False
            people[index].save()

        # Posts in their listing order (unit, then name), as gap_list takes them: names are
        # "Post 9", "Post 10"... from a counter that runs on across examples, so creation
        # order and name order differ in some examples and not in their replay.
        listed = Post.objects.filter(pk__in=[post.pk for post in posts])
        expected = _gaps_from(
            selectors.post_coverage_list_unscoped(posts=listed, start=RANGE_START, end=RANGE_END)
        )
        actual = selectors.gap_list(user=manager.user, start=RANGE_START, end=RANGE_END)

        assert _key(actual) == _key(expected)
        transaction.set_rollback(True)


def test_gap_list_skips_nothing_that_has_a_gap_when_a_is_inactive(hall, manager):
    post, a, b = _pair(hall)
    factories.absence(staff=b, start_date=MON, approved_by=manager)
    a.is_active = False
    a.save()

    gaps = selectors.gap_list(user=manager.user, start=MON, end=TUE)

    assert [(g.post, g.date) for g in gaps] == [(post, MON)]


@pytest.mark.parametrize("halls", [1, 4])
def test_gap_list_query_count_is_the_same_for_one_or_many_halls(
    halls, manager, hall, django_assert_max_num_queries
):
    for _ in range(halls):
        _post, a, b = _pair(hall)
        factories.absence(staff=a, start_date=MON, approved_by=manager)
        factories.absence(staff=b, start_date=MON, end_half="am", approved_by=manager)
    with django_assert_max_num_queries(6):
        gaps = selectors.gap_list(user=manager.user, start=MON, end=WED)
    assert len(gaps) == halls
