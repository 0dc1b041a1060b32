"""Unscoped per-person figures for assessment's metric providers: satisfaction rate,
three-working-day reply compliance, verified complaints; one grouped query each,
whatever the number of people, and only the people asked about."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from feedback import selectors, services
from feedback.models import EntryKind, Verification
from tests.feedback.conftest import WORKDAY, local

PERIOD = {"start": date(2026, 3, 1), "end": date(2026, 3, 31)}


def test_the_satisfaction_rate_is_the_percent_of_top_three_levels_per_person(
    submit_rating, cadre, b_holder, manager
):
    for level in (5, 4, 3, 2, 1, 5):
        submit_rating(level=level, at=local(WORKDAY, 10))
    submit_rating(level=1, at=local(date(2026, 4, 1), 10))  # outside the period

    rates = selectors.satisfaction_rate_by_staff_unscoped(
        staff_ids=[cadre.pk, b_holder.pk, manager.pk], **PERIOD
    )

    # 4 of 6 in the top three levels; nobody rated the others: no figure, not 0 %
    assert {k: str(v) for k, v in rates.items()} == {cadre.pk: "66.6700"}


def test_the_satisfaction_rate_leaves_out_people_not_asked_about(submit_rating, b_holder):
    submit_rating(level=5, at=local(WORKDAY, 10))

    assert selectors.satisfaction_rate_by_staff_unscoped(staff_ids=[b_holder.pk], **PERIOD) == {}


def _hand_to(cadre, manager, entry):
    services.entry_assign(actor=manager.user, entry=entry, assignee=cadre)
    return services.entry_take(actor=cadre.user, entry=entry)


def test_reply_compliance_counts_entries_due_in_the_period_for_who_answers_them(
    submit_entry, manager, cadre
):
    today = timezone.localdate()
    earlier = local(today - timedelta(days=20), 9)
    answered_in_time = submit_entry()  # arrives now, answered now: met
    _hand_to(cadre, manager, answered_in_time)
    services.entry_reply(actor=cadre.user, entry=answered_in_time, text="Here is how.")
    _hand_to(cadre, manager, submit_entry(at=earlier))  # taken, never answered: missed
    submit_entry(at=earlier)  # left with the manager it is assigned to, never answered
    # due long before the period: not counted
    _hand_to(cadre, manager, submit_entry(at=local(today - timedelta(days=100), 9)))

    compliance = selectors.reply_compliance_by_staff_unscoped(
        staff_ids=[cadre.pk, manager.pk],
        start=today - timedelta(days=60),
        end=today + timedelta(days=30),
        today=today + timedelta(days=31),
    )

    assert {k: str(v) for k, v in compliance.items()} == {
        cadre.pk: "50.0000",
        manager.pk: "0.0000",
    }


def test_an_entry_not_yet_due_and_not_answered_is_not_counted(submit_entry, cadre, manager):
    _hand_to(cadre, manager, submit_entry(at=local(WORKDAY, 9)))

    compliance = selectors.reply_compliance_by_staff_unscoped(
        staff_ids=[cadre.pk], today=WORKDAY, **PERIOD
    )

    assert compliance == {}


def test_verified_complaints_are_counted_for_the_person_concerned(
    submit_entry, manager, cadre, b_holder
):
    for verification in (Verification.VERIFIED, Verification.VERIFIED, Verification.UNFOUNDED):
        complaint = submit_entry(kind=EntryKind.COMPLAINT, at=local(WORKDAY, 10))
        services.entry_verify(
            actor=manager.user, entry=complaint, verification=verification, note="checked"
        )
    other = submit_entry(kind=EntryKind.COMPLAINT, at=local(WORKDAY, 11))
    services.entry_verify(
        actor=manager.user,
        entry=other,
        verification=Verification.VERIFIED,
        note="it was the colleague",
        concerned_staff=b_holder,
    )

    counts = selectors.verified_complaints_by_staff_unscoped(
        staff_ids=[cadre.pk, b_holder.pk, manager.pk], **PERIOD
    )

    assert counts == {cadre.pk: 2, b_holder.pk: 1}


@pytest.mark.parametrize("rows", [2, 20])
def test_each_figure_is_one_query_however_many_rows(
    rows, submit_rating, submit_entry, cadre, b_holder, django_assert_max_num_queries
):
    for _n in range(rows):
        submit_rating(level=4, at=local(WORKDAY, 9))
        submit_entry(at=local(WORKDAY, 9))
    ids = [cadre.pk, b_holder.pk]

    with django_assert_max_num_queries(1):
        selectors.satisfaction_rate_by_staff_unscoped(staff_ids=ids, **PERIOD)
    with django_assert_max_num_queries(1):
        selectors.reply_compliance_by_staff_unscoped(staff_ids=ids, **PERIOD)
    with django_assert_max_num_queries(1):
        selectors.verified_complaints_by_staff_unscoped(staff_ids=ids, **PERIOD)


def test_a_period_that_ends_before_it_starts_is_refused(cadre):
    with pytest.raises(ValidationError):
        selectors.satisfaction_rate_by_staff_unscoped(
            staff_ids=[cadre.pk], start=WORKDAY, end=WORKDAY - timedelta(days=1)
        )
