# ruff: noqa: RUF003  (the composite is written with the multiplication sign)
"""`manage.py compute_assessment PERIOD`: one command computes a period's results, with
ranks within the unit and within the post type; it says plainly when it cannot."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from assessment import services
from assessment.models import Period, Result, Score
from tests import factories
from tests.assessment.conftest import advance_to, build_world, open_period, simple_dimensions


@pytest.fixture
def world(db):
    return build_world(cadres=3)


def _set_actual(world, period, staff, actual):
    score = Score.objects.get(
        member__period=period, member__staff=staff, indicator__code="declarations"
    )
    assessor = world.chief if staff == world.manager else world.manager
    services.score_set(actor=assessor.user, score=score, actual_value=actual)


def test_the_command_computes_ranks_within_the_unit_and_within_the_post_type(world):
    back = services.scheme_create(
        actor=world.manager.user,
        post_type="back office",
        name="Back office",
        valid_from=date(2020, 1, 1),
        dimensions=simple_dimensions(),
    )
    services.scheme_activate(actor=world.manager.user, scheme=back)
    period = open_period(world)
    clerk = factories.staff(unit=world.hall, name="Clerk Li")
    services.period_enroll(
        actor=world.manager.user,
        period=period,
        staff=clerk,
        post_type="back office",
        reason="Back-office clerk assessed with the hall",
    )
    period = advance_to(period, Period.State.SCORING, world.manager.user)
    for score in Score.objects.filter(
        member__period=period, indicator__kind="rubric"
    ).select_related("indicator", "member__staff"):
        assessor = world.chief if score.member.staff == world.manager else world.manager
        level = score.indicator.levels.get(label="Good")
        services.score_set(actor=assessor.user, score=score, level=level, comment="ok")
    # Composite = 0.6 × 90 + 0.4 × actual: 94, 90, 86, 82 (window) and 92 (back office).
    actuals = {world.cadres[0]: 100, world.cadres[1]: 90, world.cadres[2]: 80, world.manager: 70}
    for staff, actual in {**actuals, clerk: 95}.items():
        _set_actual(world, period, staff, actual)

    out = StringIO()
    call_command("compute_assessment", str(period.pk), stdout=out)

    assert out.getvalue().startswith("5 results computed in ")
    ranks = {
        r.member.staff: (r.composite, r.rank_in_unit, r.rank_in_post_type)
        for r in Result.objects.filter(member__period=period).select_related("member__staff")
    }
    assert ranks == {
        world.cadres[0]: (94, 1, 1),
        clerk: (92, 2, 1),
        world.cadres[1]: (90, 3, 2),
        world.cadres[2]: (86, 4, 3),
        world.manager: (82, 5, 4),
    }


def test_the_command_names_an_unknown_period(world):
    with pytest.raises(CommandError, match="No assessment period 999999"):
        call_command("compute_assessment", "999999", stdout=StringIO())


def test_the_command_refuses_a_period_not_yet_scored_with_the_reason(world):
    period = open_period(world)
    with pytest.raises(CommandError, match="once scoring starts"):
        call_command("compute_assessment", str(period.pk), stdout=StringIO())
    assert not Result.objects.filter(member__period=period).exists()
