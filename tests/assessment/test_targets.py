"""Targets decomposed bureau → unit → post → person, and where they stop adding up."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from assessment import selectors, services
from assessment.errors import AssessmentError
from assessment.models import Target
from tests import factories
from tests.assessment.conftest import build_world


@pytest.fixture
def tree(db):
    world = build_world()
    actor = world.chief.user
    bureau = services.target_create(
        actor=actor,
        year=2026,
        indicator_code="declarations",
        level="bureau",
        unit=world.bureau,
        value=1000,
    )
    hall = services.target_create(
        actor=actor,
        parent=bureau,
        year=0,
        indicator_code="",
        level="unit",
        unit=world.hall,
        value=600,
    )
    post = factories.post(unit=world.hall, name="Declarations desk")
    desk = services.target_create(
        actor=actor,
        parent=hall,
        year=0,
        indicator_code="",
        level="post",
        unit=world.hall,
        post=post,
        value=600,
    )
    return world, bureau, hall, desk


def _statuses(nodes, out=None):
    out = {} if out is None else out
    for node in nodes:
        out[node.target.pk] = node.status
        _statuses(node.children, out)
    return out


def test_a_child_inherits_year_and_indicator_and_the_tree_shows_the_shortfall(tree):
    world, bureau, hall, _desk = tree
    assert (hall.year, hall.indicator_code) == (2026, "declarations")
    statuses = _statuses(
        selectors.target_tree(user=world.chief.user, year=2026, indicator_code="declarations")
    )
    assert statuses[bureau.pk] == "short"  # 600 of 1000 split so far
    assert statuses[hall.pk] == "ok"


def test_children_above_the_parent_are_refused_without_a_stated_stretch(tree):
    world, bureau, _hall, _desk = tree
    with pytest.raises(ValidationError) as error:
        services.target_create(
            actor=world.chief.user,
            parent=bureau,
            year=0,
            indicator_code="",
            level="unit",
            unit=world.hall,
            value=500,
        )
    assert error.value.error_dict["value"][0].code == AssessmentError.TARGET_CHILDREN_EXCEED_PARENT
    assert Target.objects.filter(parent=bureau).count() == 1


def test_a_stated_stretch_allows_children_above_the_parent(tree):
    world, bureau, _hall, _desk = tree
    services.target_update(
        actor=world.chief.user,
        target=bureau,
        value=Decimal(1000),
        reason="Stretch",
        stretch_note="Push",
    )
    services.target_create(
        actor=world.chief.user,
        parent=bureau,
        year=0,
        indicator_code="",
        level="unit",
        unit=world.hall,
        value=500,
    )
    statuses = _statuses(
        selectors.target_tree(user=world.chief.user, year=2026, indicator_code="declarations")
    )
    assert statuses[bureau.pk] == "stretch"


def test_lowering_a_parent_shows_which_children_no_longer_add_up(tree):
    world, _bureau, hall, _desk = tree
    services.target_update(actor=world.chief.user, target=hall, value=Decimal(500), reason="Cut")
    statuses = _statuses(
        selectors.target_tree(user=world.chief.user, year=2026, indicator_code="declarations")
    )
    assert statuses[hall.pk] == "over"


def test_a_level_may_not_be_skipped(tree):
    world, bureau, _hall, _desk = tree
    with pytest.raises(ValidationError) as error:
        services.target_create(
            actor=world.chief.user,
            parent=bureau,
            year=0,
            indicator_code="",
            level="person",
            unit=world.hall,
            staff=world.cadres[0],
            value=1,
        )
    assert error.value.error_dict["level"][0].code == AssessmentError.TARGET_LEVEL_ORDER


def test_a_personal_target_becomes_the_cadres_target_in_a_period(tree):
    from assessment.models import Score
    from tests.assessment.conftest import open_period

    world, _bureau, _hall, desk = tree
    services.target_create(
        actor=world.chief.user,
        parent=desk,
        year=0,
        indicator_code="",
        level="person",
        unit=world.hall,
        staff=world.cadres[0],
        value=250,
    )
    period = open_period(world)
    score = Score.objects.get(
        member__period=period, member__staff=world.cadres[0], indicator__code="declarations"
    )
    assert score.target_value == 250
