"""Metric selectors for assessment and dashboards: right figures, scoped, one query."""

from datetime import date, timedelta

import pytest

from feedback import selectors, services
from feedback.models import EntryKind, Verification
from tests.feedback.conftest import WORKDAY, local

PERIOD = {"start": date(2026, 3, 1), "end": date(2026, 3, 31)}


@pytest.fixture
def rated(submit_rating):
    """Levels 5, 5, 4, 3, 2, 1 on WORKDAY (the A holder serving) and one 5 in April."""
    for level in (5, 5, 4, 3, 2, 1):
        submit_rating(level=level, at=local(WORKDAY, 10))
    submit_rating(level=5, at=local(date(2026, 4, 1), 10))


def test_the_positive_rate_is_the_top_three_levels_over_all_ratings(rated, manager, cadre):
    rate = selectors.positive_rate(user=manager.user, staff=cadre, **PERIOD)

    assert str(rate) == "0.6667"


def test_the_positive_rate_of_nothing_is_none(manager, window):
    assert selectors.positive_rate(user=manager.user, window=window, **PERIOD) is None


def test_counts_by_level_include_every_level(rated, manager, window):
    counts = selectors.rating_counts_by_level(user=manager.user, window=window, **PERIOD)

    assert counts == {5: 2, 4: 1, 3: 1, 2: 1, 1: 1}


def test_a_unit_summary_counts_negatives_and_their_follow_ups(rated, manager, hall):
    follow_up = selectors.follow_up_list(user=manager.user).first()
    services.follow_up_close(actor=manager.user, follow_up=follow_up, note="called")

    summary = selectors.rating_summary(user=manager.user, unit=hall, **PERIOD)

    assert (summary.total, summary.negative) == (6, 2)
    assert (summary.negative_followed_up, summary.negative_open) == (1, 1)


def test_a_manager_of_another_unit_sees_no_ratings_of_this_one(rated, other_manager, hall):
    summary = selectors.rating_summary(user=other_manager.user, unit=hall, **PERIOD)

    assert summary.total == 0


def test_a_cadre_sees_their_own_figures_only(rated, cadre, b_holder):
    assert selectors.rating_summary(user=cadre.user, **PERIOD).total == 6
    assert selectors.rating_summary(user=b_holder.user, **PERIOD).total == 0


def test_summary_by_staff_groups_in_the_database(rated, manager, cadre, hall):
    by_staff = selectors.rating_summary_by_staff(user=manager.user, unit=hall, **PERIOD)

    assert list(by_staff) == [cadre.pk]
    assert by_staff[cadre.pk].positive == 4


@pytest.mark.parametrize("rows", [3, 30])
def test_rating_metrics_take_one_or_two_queries_however_many_ratings(
    rows, submit_rating, manager, hall, django_assert_max_num_queries
):
    for n in range(rows):
        submit_rating(level=4 if n % 3 else 2, at=local(WORKDAY + timedelta(days=n % 7), 9))
    user = manager.user
    selectors.rating_list(user=user).exists()  # the user's roles and staff record, once

    with django_assert_max_num_queries(1):
        selectors.positive_rate(user=user, unit=hall, **PERIOD)
    with django_assert_max_num_queries(1):
        selectors.rating_counts_by_level(user=user, unit=hall, **PERIOD)
    # The rollups, then the follow-ups of the negative ratings.
    with django_assert_max_num_queries(2):
        selectors.rating_summary(user=user, unit=hall, **PERIOD)
    with django_assert_max_num_queries(2):
        selectors.rating_summary_by_staff(user=user, unit=hall, **PERIOD)
    with django_assert_max_num_queries(1):
        counts_only = selectors.rating_summary_by_staff(
            user=user, unit=hall, follow_ups=False, **PERIOD
        )
    assert {summary.negative_open for summary in counts_only.values()} == {None}
    with django_assert_max_num_queries(2):
        selectors.rating_summary_by_day(user=user, unit=hall, **PERIOD)
    with django_assert_max_num_queries(2):
        selectors.rating_summary_by_unit(user=user, unit=hall, **PERIOD)


def test_deadline_compliance_counts_met_missed_and_still_open(submit_entry, manager, hall):
    from django.utils import timezone

    today = timezone.localdate()
    answered_in_time = submit_entry()  # arrives now, answered now: met
    services.entry_reply(actor=manager.user, entry=answered_in_time, text="answer")
    submit_entry()  # arrives now, not due yet: not counted
    submit_entry(at=local(WORKDAY, 11))  # due 2026-03-06, never answered: missed, open
    answered_late = submit_entry(at=local(WORKDAY, 12))  # answered now: missed, not open
    services.entry_reply(actor=manager.user, entry=answered_late, text="late")

    figures = selectors.deadline_compliance(
        user=manager.user, unit=hall, start=WORKDAY, end=today + timedelta(days=60)
    )

    entries = figures["entries"]
    assert (entries.due, entries.met, entries.missed_open) == (3, 1, 1)
    assert str(entries.rate) == "0.3333"


def test_deadline_compliance_takes_two_queries(
    submit_entry, manager, hall, django_assert_max_num_queries
):
    for _n in range(5):
        submit_entry(at=local(WORKDAY, 10))
    user = manager.user
    selectors.rating_list(user=user).exists()

    with django_assert_max_num_queries(2):
        selectors.deadline_compliance(user=user, unit=hall, today=date(2026, 4, 1), **PERIOD)


def test_verified_complaints_are_counted_for_the_staff_member_concerned(
    submit_entry, manager, cadre, django_assert_max_num_queries
):
    for verification in (Verification.VERIFIED, Verification.UNFOUNDED):
        complaint = submit_entry(kind=EntryKind.COMPLAINT, at=local(WORKDAY, 10))
        services.entry_verify(
            actor=manager.user, entry=complaint, verification=verification, note="checked"
        )
    selectors.rating_list(user=manager.user).exists()

    with django_assert_max_num_queries(1):
        count = selectors.verified_complaint_count(user=manager.user, staff=cadre, **PERIOD)
    assert count == 1


def test_a_period_that_ends_before_it_starts_is_refused(manager):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        selectors.positive_rate(user=manager.user, start=WORKDAY, end=WORKDAY - timedelta(days=1))
