"""Coverage rules: who is at a post on a half day (A, else B, else nobody), and the gap list."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kernel.roles import Role
from staffmgmt import selectors
from staffmgmt.selectors.coverage import CoverageReason
from tests import factories

MON = date(2026, 3, 2)  # an ordinary working week: Mon 2 - Fri 6 March 2026
TUE = date(2026, 3, 3)
SAT = date(2026, 3, 7)
ADJUSTED_SATURDAY = date(2026, 2, 28)  # a working Saturday after the Spring Festival
QINGMING_MONDAY = date(2026, 4, 6)


@pytest.fixture
def pair(hall, manager):
    a = factories.staff(unit=hall, name="Li Na")
    b = factories.staff(unit=hall, name="Wang Fang")
    post = factories.post(unit=hall, name="Invoice desk")
    factories.pairing(post=post, a=a, b=b)
    return post, a, b


def test_a_present_covers_both_halves(pair):
    post, a, _b = pair

    halves = selectors.post_coverage_unscoped(post=post, day=MON)

    assert [(c.half, c.covered_by, c.role, c.reason) for c in halves] == [
        ("am", a, "A", CoverageReason.A_PRESENT),
        ("pm", a, "A", CoverageReason.A_PRESENT),
    ]
    assert "Li Na" in halves[0].reason_text


def test_a_on_approved_leave_b_covers_and_the_reason_names_both(pair, manager):
    post, a, b = pair
    factories.absence(staff=a, start_date=MON, kind="annual", approved_by=manager)

    am, pm = selectors.post_coverage_unscoped(post=post, day=MON)

    assert (am.covered_by, am.role, am.reason) == (b, "B", CoverageReason.A_ABSENT_B_COVERS)
    assert pm.covered_by == b
    assert am.reason_text == "A holder Li Na is away (Annual leave); B holder Wang Fang covers."


def test_requested_leave_does_not_change_coverage_until_approved(pair):
    post, a, _b = pair
    factories.absence(staff=a, start_date=MON)

    assert {c.covered_by for c in selectors.post_coverage_unscoped(post=post, day=MON)} == {a}


def test_both_absent_leaves_the_post_uncovered(pair, manager):
    post, a, b = pair
    leave_a = factories.absence(staff=a, start_date=MON, approved_by=manager)
    leave_b = factories.absence(staff=b, start_date=MON, kind="sick", approved_by=manager)

    am, pm = selectors.post_coverage_unscoped(post=post, day=MON)

    assert am.covered_by is None and am.role is None
    assert am.reason == pm.reason == CoverageReason.BOTH_ABSENT
    assert set(am.absences) == {leave_a, leave_b}
    assert "nobody covers" in am.reason_text and "Sick leave" in am.reason_text


def test_half_days_a_away_all_day_b_away_in_the_morning_leaves_only_the_morning_open(pair, manager):
    post, a, b = pair
    factories.absence(staff=a, start_date=MON, approved_by=manager)
    factories.absence(staff=b, start_date=MON, end_half="am", approved_by=manager)

    am, pm = selectors.post_coverage_unscoped(post=post, day=MON)

    assert am.reason == CoverageReason.BOTH_ABSENT
    assert (pm.covered_by, pm.reason) == (b, CoverageReason.A_ABSENT_B_COVERS)
    gaps = selectors.gap_list(user=manager.user, start=MON, end=MON)
    assert [(g.post, g.date, g.halves) for g in gaps] == [(post, MON, ("am",))]


def test_half_day_leave_from_noon_over_several_days_takes_afternoon_first_and_morning_last(
    pair, manager
):
    post, a, _b = pair
    factories.absence(
        staff=a, start_date=MON, start_half="pm", end_date=TUE, end_half="am", approved_by=manager
    )

    coverage = selectors.post_coverage_list_unscoped(posts=[post], start=MON, end=TUE)

    assert [(c.date, c.half, c.role) for c in coverage] == [
        (MON, "am", "A"),
        (MON, "pm", "B"),
        (TUE, "am", "B"),
        (TUE, "pm", "A"),
    ]


def test_pairing_change_mid_month_uses_the_pairing_in_force_each_day(hall, manager):
    old_a, old_b = factories.staff(unit=hall), factories.staff(unit=hall)
    new_a, new_b = factories.staff(unit=hall), factories.staff(unit=hall)
    post = factories.post(unit=hall)
    factories.pairing(
        post=post, a=old_a, b=old_b, valid_from=date(2026, 1, 1), valid_to=date(2026, 3, 15)
    )
    factories.pairing(post=post, a=new_a, b=new_b, valid_from=date(2026, 3, 16))
    # The old pair is away across the change: uncovered before it, covered after it.
    for person in (old_a, old_b):
        factories.absence(
            staff=person,
            start_date=date(2026, 3, 13),
            end_date=date(2026, 3, 16),
            approved_by=manager,
        )

    friday = selectors.post_coverage_unscoped(post=post, day=date(2026, 3, 13))
    monday = selectors.post_coverage_unscoped(post=post, day=date(2026, 3, 16))

    assert {c.reason for c in friday} == {CoverageReason.BOTH_ABSENT}
    assert {(c.covered_by, c.role) for c in monday} == {(new_a, "A")}
    gap_days = [
        g.date
        for g in selectors.gap_list(
            user=manager.user, start=date(2026, 3, 1), end=date(2026, 3, 31)
        )
    ]
    assert gap_days == [date(2026, 3, 13)]


def test_a_post_without_pairing_is_a_gap_on_working_days(hall, manager):
    post = factories.post(unit=hall, name="Unpaired", critical=True)

    am, _pm = selectors.post_coverage_unscoped(post=post, day=MON)
    gaps = selectors.gap_list(user=manager.user, start=MON, end=TUE)

    assert am.reason == CoverageReason.NO_PAIRING
    assert [(g.post, g.date, g.halves, g.reason) for g in gaps] == [
        (post, MON, ("am", "pm"), CoverageReason.NO_PAIRING),
        (post, TUE, ("am", "pm"), CoverageReason.NO_PAIRING),
    ]


def test_weekends_and_holidays_are_not_staffed_and_never_gaps(hall, manager):
    post = factories.post(unit=hall)

    saturday = selectors.post_coverage_unscoped(post=post, day=SAT)

    assert {c.reason for c in saturday} == {CoverageReason.NON_WORKING_DAY}
    assert saturday[0].reason_text.startswith("Not a working day")
    assert selectors.gap_list(user=manager.user, start=SAT, end=date(2026, 3, 8)) == []
    assert selectors.gap_list(user=manager.user, start=QINGMING_MONDAY, end=QINGMING_MONDAY) == []


def test_an_adjusted_working_saturday_is_staffed(hall, manager):
    factories.post(unit=hall)

    gaps = selectors.gap_list(user=manager.user, start=ADJUSTED_SATURDAY, end=date(2026, 3, 1))

    assert [g.date for g in gaps] == [ADJUSTED_SATURDAY]


def test_inactive_a_holder_is_replaced_by_b(pair):
    post, a, b = pair
    a.is_active = False
    a.save()

    am, _pm = selectors.post_coverage_unscoped(post=post, day=MON)

    assert (am.covered_by, am.reason) == (b, CoverageReason.A_INACTIVE_B_COVERS)
    assert "no longer active" in am.reason_text


def test_inactive_posts_are_not_listed_as_gaps(hall, manager):
    post = factories.post(unit=hall)
    post.is_active = False
    post.save()

    assert selectors.gap_list(user=manager.user, start=MON, end=MON) == []
    assert (
        selectors.post_coverage_unscoped(post=post, day=MON)[0].reason
        == CoverageReason.POST_INACTIVE
    )


def test_gap_list_shows_only_units_the_user_may_see(hall, manager, cadre):
    own_post = factories.post(unit=hall)
    other_hall = factories.unit()
    other_manager = factories.staff(unit=other_hall, roles=(Role.CADRE, Role.MANAGER))
    other_post = factories.post(unit=other_hall)

    assert {g.post for g in selectors.gap_list(user=manager.user, start=MON, end=MON)} == {own_post}
    assert {g.post for g in selectors.gap_list(user=cadre.user, start=MON, end=MON)} == {own_post}
    assert {g.post for g in selectors.gap_list(user=other_manager.user, start=MON, end=MON)} == {
        other_post
    }


def test_gap_list_of_anonymous_is_empty(hall):
    from django.contrib.auth.models import AnonymousUser

    factories.post(unit=hall)

    assert selectors.gap_list(user=AnonymousUser(), start=MON, end=MON) == []


def test_gap_list_rejects_reversed_and_overlong_ranges(manager):
    with pytest.raises(ValidationError):
        selectors.gap_list(user=manager.user, start=TUE, end=MON)
    with pytest.raises(ValidationError):
        selectors.gap_list(user=manager.user, start=date(2026, 1, 1), end=date(2027, 6, 1))


def _count_queries(posts, start, end) -> int:
    with CaptureQueriesContext(connection) as ctx:
        selectors.post_coverage_list_unscoped(posts=posts, start=start, end=end)
    return len(ctx.captured_queries)


def test_coverage_query_count_does_not_grow_with_posts_or_days(hall, manager):
    posts = []
    for _ in range(6):
        a, b = factories.staff(unit=hall), factories.staff(unit=hall)
        post = factories.post(unit=hall)
        factories.pairing(post=post, a=a, b=b)
        factories.absence(staff=a, start_date=MON, end_date=TUE, approved_by=manager)
        posts.append(post)

    few = _count_queries(posts[:1], MON, MON)
    many = _count_queries(posts, MON, date(2026, 3, 31))

    # pairings, acting holders, absences, the calendar
    assert many == few <= 4


def test_absent_halves_merges_half_day_absences_in_one_query(pair, manager):
    _post, a, _b = pair
    factories.absence(staff=a, start_date=MON, end_half="am", approved_by=manager)
    factories.absence(
        staff=a, start_date=MON, start_half="pm", end_date=TUE, end_half="am", approved_by=manager
    )

    with CaptureQueriesContext(connection) as ctx:
        halves = selectors.absent_halves_unscoped(staff_ids=[a.pk], start=MON, end=date(2026, 3, 6))

    assert len(ctx.captured_queries) == 1
    assert halves == {(a.pk, MON): frozenset({"am", "pm"}), (a.pk, TUE): frozenset({"am"})}


def test_gaps_if_approved_counts_only_gaps_the_absence_causes(pair, manager):
    post, a, b = pair
    # B is away Monday morning only; A asks for Monday to Saturday.
    factories.absence(staff=b, start_date=MON, end_half="am", approved_by=manager)
    request = factories.absence(staff=a, start_date=MON, end_date=SAT)

    gaps = selectors.gaps_if_absence_approved_unscoped(absence=request)

    assert [(g.post, g.date, g.halves) for g in gaps] == [(post, MON, ("am",))]
    assert request in gaps[0].absences


def test_gaps_if_approved_leaves_out_gaps_that_exist_anyway(pair, manager):
    post, a, b = pair
    request = factories.absence(staff=a, start_date=MON)
    factories.absence(staff=b, start_date=MON, approved_by=manager)
    # A leaves the service before the decision: the post is open on Monday either way.
    a.is_active = False
    a.save()

    assert [g.post for g in selectors.gap_list(user=manager.user, start=MON, end=MON)] == [post]
    assert selectors.gaps_if_absence_approved_unscoped(absence=request) == []
