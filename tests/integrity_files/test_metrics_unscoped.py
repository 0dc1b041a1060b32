"""Unscoped per-person integrity figures for assessment's metric providers: points by
category of current records, serious violations, training credit shortfall; each in a
fixed number of queries whatever the number of people."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from integrity_files import selectors, services
from integrity_files import selectors_metrics as metrics
from integrity_files.models import CreditRequirement
from tests.integrity_files.conftest import confirmed, draft


def _period():
    today = timezone.localdate()
    return {"start": today - timedelta(days=30), "end": today}


def test_points_by_category_sum_current_records_of_each_person(org):
    confirmed(org, points=-2, category="diligence")
    confirmed(org, points=-3, category="diligence")
    confirmed(org, points=5, kind="commendation", category="diligence")
    confirmed(org, points=-4, category="honesty")
    confirmed(org, staff=org.other_cadre_x, points=-1, category="diligence")
    draft(org, points=-9, category="diligence")  # a draft does not count
    ids = [org.cadre_x.pk, org.other_cadre_x.pk, org.cadre_y.pk]

    diligence = metrics.integrity_points_by_staff_unscoped(
        staff_ids=ids, category="diligence", **_period()
    )
    honesty = metrics.integrity_points_by_staff_unscoped(
        staff_ids=ids, category="honesty", **_period()
    )

    assert diligence == {org.cadre_x.pk: 0, org.other_cadre_x.pk: -1}
    assert honesty == {org.cadre_x.pk: -4}


def test_a_confirmed_correction_replaces_the_record_it_supersedes(org):
    record = confirmed(org, points=-6, category="law")
    services.record_correct(
        actor=org.officer_x.user, record=record, reason="Recounted", points=-2, confirm=True
    )

    points = metrics.integrity_points_by_staff_unscoped(
        staff_ids=[org.cadre_x.pk], category="law", **_period()
    )

    assert points == {org.cadre_x.pk: -2}


def test_records_outside_the_period_do_not_count(org):
    confirmed(org, points=-2)
    later = timezone.localdate() - timedelta(days=1)

    points = metrics.integrity_points_by_staff_unscoped(
        staff_ids=[org.cadre_x.pk], start=later, end=later, category="diligence"
    )

    assert points == {}


def test_an_unknown_category_is_a_programming_error(org):
    with pytest.raises(ValueError):
        metrics.integrity_points_by_staff_unscoped(
            staff_ids=[org.cadre_x.pk], category="nonsense", **_period()
        )


def test_serious_violations_are_the_current_ones_of_ten_points_or_more(org):
    confirmed(org, points=-10, category="honesty")
    confirmed(org, points=-15, category="law")
    confirmed(org, points=-9, category="law")
    confirmed(org, staff=org.other_cadre_x, points=-3)
    minor_later = confirmed(org, staff=org.cadre_y, officer=org.officer_y, points=-12)
    services.record_correct(
        actor=org.officer_y.user, record=minor_later, reason="Misread", points=-1, confirm=True
    )

    serious = metrics.serious_violations_by_staff_unscoped(
        staff_ids=[org.cadre_x.pk, org.other_cadre_x.pk, org.cadre_y.pk], **_period()
    )

    assert serious == {org.cadre_x.pk: 2}


def test_training_shortfall_is_the_nearest_requirement_less_the_credits_of_the_year(org):
    today = timezone.localdate()
    year = today.year
    # Hall X sets a requirement; hall Y none (its cadre owes nothing).
    services.credit_requirement_set(
        actor=org.officer_x.user, unit=org.hall_x, year=year, required_credits=Decimal("30")
    )
    jan_first = date(year, 1, 1)
    services.training_credit_record(
        actor=org.officer_x.user,
        staff=org.cadre_x,
        course="Tax law update",
        hours=Decimal("8"),
        credits=Decimal("12.5"),
        completed_on=jan_first,
    )
    services.training_credit_record(
        actor=org.officer_x.user,
        staff=org.other_cadre_x,
        course="Service etiquette",
        hours=Decimal("40"),
        credits=Decimal("35"),
        completed_on=jan_first,
    )

    rows = selectors.credit_shortfall_by_staff_unscoped(
        staff=[org.cadre_x.pk, org.other_cadre_x.pk, org.cadre_y.pk], year=year, until=today
    )
    shortfall = {pk: row.shortfall for pk, row in rows.items()}

    assert shortfall == {
        org.cadre_x.pk: Decimal("17.5"),
        org.other_cadre_x.pk: Decimal("0"),
        org.cadre_y.pk: Decimal("0"),
    }


@pytest.mark.parametrize("people", [2, 12])
def test_the_figures_take_a_fixed_number_of_queries(org, people, django_assert_max_num_queries):
    from tests import factories

    staff = [factories.staff(unit=org.hall_x, name=f"Cadre {n}") for n in range(people)]
    for person in staff:
        confirmed(org, staff=person, points=-12)
    services.credit_requirement_set(
        actor=org.officer_x.user,
        unit=org.hall_x,
        year=timezone.localdate().year,
        required_credits=Decimal("30"),
    )
    ids = [person.pk for person in staff]

    with django_assert_max_num_queries(1):
        metrics.integrity_points_by_staff_unscoped(staff_ids=ids, category="diligence", **_period())
    with django_assert_max_num_queries(1):
        serious = metrics.serious_violations_by_staff_unscoped(staff_ids=ids, **_period())
    assert len(serious) == people
    # people's units, credits and the year's requirements, however many people
    with django_assert_max_num_queries(3):
        selectors.credit_shortfall_by_staff_unscoped(
            staff=ids, year=timezone.localdate().year, until=timezone.localdate()
        )


@pytest.mark.parametrize("units", [1, 6])
def test_the_shortfall_reads_as_many_queries_however_many_units_set_a_requirement(
    org, units, django_assert_max_num_queries
):
    """The nearest requirement is found from the units' paths in one query, not one
    query (and a subtree) per unit that sets one."""
    from tests import factories

    year = timezone.localdate().year
    halls = [org.hall_x] + [factories.unit(parent=org.bureau) for _n in range(units - 1)]
    staff = [factories.staff(unit=hall) for hall in halls]
    for n, hall in enumerate(halls):
        CreditRequirement.objects.create(unit=hall, year=year, required_credits=10 + n)

    with django_assert_max_num_queries(3):
        rows = selectors.credit_shortfall_by_staff_unscoped(staff=[p.pk for p in staff], year=year)

    assert [rows[p.pk].required for p in staff] == [Decimal(10 + n) for n in range(units)]


def test_a_nearer_requirement_wins_and_credits_after_until_do_not_count(org):
    year = timezone.localdate().year
    CreditRequirement.objects.create(unit=org.bureau, year=year, required_credits=8)
    CreditRequirement.objects.create(unit=org.hall_x, year=year, required_credits=20)
    services.training_credit_record(
        actor=org.officer_x.user,
        staff=org.cadre_x,
        course="Tax law update",
        hours=Decimal(8),
        credits=Decimal(5),
        completed_on=date(year, 1, 2),
    )

    on_first = selectors.credit_shortfall_by_staff_unscoped(
        staff=[org.cadre_x, org.cadre_y], year=year, until=date(year, 1, 1)
    )
    whole_year = selectors.credit_shortfall_by_staff_unscoped(
        staff=[org.cadre_x, org.cadre_y], year=year
    )

    assert on_first[org.cadre_x.pk].required == Decimal(20)  # the hall's, not the bureau's
    assert on_first[org.cadre_x.pk].earned == Decimal(0)
    assert whole_year[org.cadre_x.pk].shortfall == Decimal(15)
