"""Metric providers: the extension point, its error policy, and the providers of the
apps that exist (roster: lateness, duties done and swapped; staffmgmt: AB covers)."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from assessment import services
from assessment.models import Indicator, Period, Score
from assessment.providers import (
    BUILTIN_PROVIDERS,
    MetricProvider,
    metric_providers,
    provider_by_key,
)
from kernel.extensions import ErrorPolicy
from roster import services as roster_services
from roster.services.checkin import report_datetime
from staffmgmt.selectors import working_days
from tests import factories
from tests.assessment.conftest import advance_to, build_world, score_everyone


def test_the_point_propagates_failures_so_no_grade_comes_from_a_missing_source():
    assert metric_providers.policy is ErrorPolicy.PROPAGATE


def test_the_providers_of_roster_and_staffmgmt_are_registered():
    keys = set(provider_by_key())
    assert {p.key for p in BUILTIN_PROVIDERS} <= keys
    assert {
        "roster.late_checkins",
        "roster.duties_done",
        "roster.duties_swapped",
        "staffmgmt.ab_covers_taken",
    } <= keys


@pytest.fixture
def duty_world(db):
    world = build_world(cadres=3)
    noon = factories.duty_type(unit=world.hall)
    today = timezone.localdate()
    past = working_days(start=today - timedelta(days=20), end=today - timedelta(days=1))[-3:]
    future = working_days(start=today + timedelta(days=1), end=today + timedelta(days=20))[:2]
    a, b, c = world.cadres
    roster = factories.published_roster(
        duty_type=noon,
        duties={past[0]: [a], past[1]: [a], past[2]: [b], future[0]: [a], future[1]: [c]},
    )
    duties = {(d.staff_id, d.date): d for d in roster.assignments.all()}
    # a: one late, one on time; b: never checked in.
    late = duties[(a.pk, past[0])]
    roster_services.checkin_record(
        actor=a.user, assignment=late, at=report_datetime(late) + timedelta(minutes=7)
    )
    on_time = duties[(a.pk, past[1])]
    roster_services.checkin_record(actor=a.user, assignment=on_time, at=report_datetime(on_time))
    swap = roster_services.swap_request(
        actor=a.user,
        assignment=duties[(a.pk, future[0])],
        counterpart=c,
        counterpart_assignment=duties[(c.pk, future[1])],
    )
    roster_services.swap_accept(actor=c.user, swap=swap)
    roster_services.swap_approve(actor=world.manager.user, swap=swap)
    return world, past[0], future[-1]


def _metric(key, staff_ids, start, end):
    return provider_by_key()[key](staff_ids=staff_ids, start=start, end=end)


def test_late_check_ins_and_minutes_late_per_person(duty_world):
    world, start, end = duty_world
    a, b, _c = world.cadres
    ids = [p.pk for p in world.cadres]
    assert _metric("roster.late_checkins", ids, start, end) == {a.pk: 1, b.pk: 0}
    assert _metric("roster.minutes_late", ids, start, end)[a.pk] == 7


def test_duties_done_and_missed_per_person(duty_world):
    world, start, end = duty_world
    a, b, _c = world.cadres
    ids = [p.pk for p in world.cadres]
    assert _metric("roster.duties_done", ids, start, end) == {a.pk: 2, b.pk: 0}
    assert _metric("roster.duties_missed", ids, start, end) == {a.pk: 0, b.pk: 1}


def test_duties_swapped_away_per_person(duty_world):
    world, start, end = duty_world
    a, _b, _c = world.cadres
    assert _metric("roster.duties_swapped", [p.pk for p in world.cadres], start, end) == {a.pk: 1}


def test_ab_covers_count_the_half_days_the_b_holder_covered(db):
    world = build_world(cadres=2)
    a, b = world.cadres
    post = factories.post(unit=world.hall, name="Invoice desk")
    factories.pairing(post=post, a=a, b=b)
    today = timezone.localdate()
    day = working_days(start=today + timedelta(days=1), end=today + timedelta(days=15))[0]
    factories.approved_absence(staff=a, approver=world.manager, start_date=day, start_half="pm")
    covers = _metric(
        "staffmgmt.ab_covers_taken", [a.pk, b.pk], day - timedelta(days=3), day + timedelta(days=3)
    )
    assert covers == {b.pk: 1}


def test_a_computed_indicator_takes_its_points_from_the_provider_by_its_rule(db):
    world = build_world(cadres=2)
    from tests.assessment.conftest import simple_dimensions

    dims = simple_dimensions()
    dims[2]["indicators"] = [
        {
            "code": "late",
            "name": "Late",
            "weight": 100,
            "kind": Indicator.Kind.COMPUTED,
            "metric": "test.late",
            "rule": Indicator.Rule.DEDUCTION,
            "rule_params": {"per_occurrence": 10, "floor": 50},
        }
    ]
    provider = MetricProvider(
        key="test.late",
        label="Late",
        compute=lambda *, staff_ids, start, end: {world.cadres[0].pk: 3},
    )
    with metric_providers.registered(provider):
        scheme = services.scheme_create(
            actor=world.manager.user,
            post_type="computed",
            name="C",
            valid_from=datetime(2020, 1, 1).date(),
            dimensions=dims,
        )
        services.scheme_activate(actor=world.manager.user, scheme=scheme)
        period = services.period_create(
            actor=world.manager.user,
            name="Q",
            kind="quarterly",
            unit=world.hall,
            start_date=datetime(2026, 1, 1).date(),
            end_date=datetime(2026, 3, 31).date(),
            post_type="computed",
        )
        period = advance_to(period, Period.State.SCORING, world.manager.user)
        score_everyone(period, world)
        services.period_compute_results(actor=world.manager.user, period=period)
    first = Score.objects.get(member__staff=world.cadres[0], indicator__code="late")
    second = Score.objects.get(member__staff=world.cadres[1], indicator__code="late")
    assert (first.actual_value, first.points, first.source) == (
        3,
        Decimal(70),
        Score.Source.PROVIDER,
    )
    # Left out by the provider: none happened.
    assert (second.actual_value, second.points) == (0, 100)


def test_a_failing_provider_fails_the_whole_computation_and_writes_nothing(db):
    world = build_world(cadres=2)
    from tests.assessment.conftest import simple_dimensions

    dims = simple_dimensions()
    dims[2]["indicators"] = [
        {
            "code": "broken",
            "name": "Broken",
            "weight": 100,
            "kind": Indicator.Kind.COMPUTED,
            "metric": "test.broken",
        }
    ]

    def broken(*, staff_ids, start, end):
        raise RuntimeError("source down")

    with metric_providers.registered(MetricProvider(key="test.broken", label="B", compute=broken)):
        scheme = services.scheme_create(
            actor=world.manager.user,
            post_type="broken",
            name="B",
            valid_from=datetime(2020, 1, 1).date(),
            dimensions=dims,
        )
        services.scheme_activate(actor=world.manager.user, scheme=scheme)
        period = services.period_create(
            actor=world.manager.user,
            name="Q",
            kind="quarterly",
            unit=world.hall,
            start_date=datetime(2026, 1, 1).date(),
            end_date=datetime(2026, 3, 31).date(),
            post_type="broken",
        )
        period = advance_to(period, Period.State.SCORING, world.manager.user)
        with pytest.raises(RuntimeError):
            services.period_compute_results(actor=world.manager.user, period=period)
    from assessment.models import Result

    assert not Result.objects.filter(member__period=period).exists()


def test_an_indicator_on_an_unknown_metric_is_refused(db):
    world = build_world(cadres=1)
    from django.core.exceptions import ValidationError

    from assessment.errors import AssessmentError
    from tests.assessment.conftest import simple_dimensions

    dims = simple_dimensions()
    dims[2]["indicators"] = [
        {
            "code": "x",
            "name": "X",
            "weight": 100,
            "kind": Indicator.Kind.COMPUTED,
            "metric": "nowhere.metric",
        }
    ]
    with pytest.raises(ValidationError) as error:
        services.scheme_create(
            actor=world.manager.user,
            post_type="x",
            name="X",
            valid_from=datetime(2020, 1, 1).date(),
            dimensions=dims,
        )
    assert error.value.error_dict["metric"][0].code == AssessmentError.METRIC_UNKNOWN
