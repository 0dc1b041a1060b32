"""The unscoped per-period summary for computations without a user (assessment)."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from integrity_files import selectors, services
from tests.integrity_files.conftest import confirmed


def _year():
    today = timezone.localdate()
    return date(today.year, 1, 1), date(today.year, 12, 31)


def test_the_unscoped_summary_gives_points_objections_talks_and_shortfall_per_cadre(org):
    start, end = _year()
    objected = confirmed(org, points=-3, category="law")
    confirmed(org, points=-2, category="diligence")
    confirmed(org, staff=org.cadre_y, officer=org.officer_y, points=-1)
    services.objection_lodge(actor=org.cadre_x.user, record=objected, statement="Not so.")
    services.talk_record(
        actor=org.officer_x.user,
        staff=org.cadre_x,
        kind="reminder",
        held_on=timezone.localdate(),
        participants="Officer Zhao, Li Na",
        summary="A reminder.",
    )
    services.credit_requirement_set(
        actor=org.officer_x.user, unit=org.hall_x, year=end.year, required_credits=Decimal(8)
    )
    services.training_credit_record(
        actor=org.officer_x.user,
        staff=org.cadre_x,
        course="Tax law",
        hours=Decimal(4),
        credits=Decimal(3),
        completed_on=timezone.localdate(),
    )

    rows = selectors.integrity_summary_unscoped(
        staff=[org.cadre_x, org.other_cadre_x], start=start, end=end
    )

    assert set(rows) == {org.cadre_x.pk, org.other_cadre_x.pk}  # cadre_y not asked for
    mine = rows[org.cadre_x.pk]
    assert mine.points["law"] == -3 and mine.points["diligence"] == -2 and mine.total == -5
    assert (mine.open_objections, mine.talks) == (1, 1)
    assert mine.credit.shortfall == Decimal(5)
    other = rows[org.other_cadre_x.pk]
    assert other.total == 0 and set(other.points.values()) == {0}
    assert other.credit.shortfall == Decimal(8)


def test_the_unscoped_summary_counts_only_records_dated_within_the_period(org):
    confirmed(org, points=-4)  # dated three days ago
    later = timezone.localdate() + timedelta(days=1)

    rows = selectors.integrity_summary_unscoped(staff=[org.cadre_x], start=later, end=later)

    assert rows[org.cadre_x.pk].total == 0


def test_the_unscoped_summary_query_count_does_not_grow_with_people(
    org, django_assert_max_num_queries
):
    start, end = _year()
    people = [org.cadre_x, org.other_cadre_x, org.cadre_y, org.manager_x, org.leader]
    for person in people[:3]:
        officer = org.officer_y if person == org.cadre_y else org.officer_x
        confirmed(org, staff=person, officer=officer)

    # people (+ skills), points, objections, talks, credits, requirements
    with django_assert_max_num_queries(7):
        rows = selectors.integrity_summary_unscoped(staff=people, start=start, end=end)

    assert len(rows) == 5
