"""A hall with a manager, cadres and a bureau leader, a simple scheme in force and a
period of the hall, all built through assessment's services."""

from dataclasses import dataclass
from datetime import date

import pytest

from assessment import services
from assessment.models import Indicator, Period, Scheme
from assessment.providers import DEMOCRATIC_METRIC
from kernel.roles import Role
from tests import factories

POST_TYPE = "window"


def simple_dimensions(*, democratic: bool = False) -> list[dict]:
    """Five dimensions; performance is quantitative, morality a rubric, the rest rubric
    too (or democratic appraisal in ability)."""

    def rubric(code):
        return {
            "code": code,
            "name": code.title(),
            "weight": 100,
            "kind": Indicator.Kind.RUBRIC,
            "levels": [
                {"label": "Good", "points": 90},
                {"label": "Fair", "points": 70},
                {"label": "Poor", "points": 40},
            ],
        }

    ability = (
        {
            "code": "peer",
            "name": "Peer votes",
            "weight": 100,
            "kind": Indicator.Kind.COMPUTED,
            "metric": DEMOCRATIC_METRIC,
        }
        if democratic
        else rubric("skills")
    )
    return [
        {"dimension": "morality", "weight": 20, "indicators": [rubric("ethics")]},
        {"dimension": "ability", "weight": 20, "indicators": [ability]},
        {"dimension": "diligence", "weight": 10, "indicators": [rubric("attendance")]},
        {
            "dimension": "performance",
            "weight": 40,
            "indicators": [
                {
                    "code": "declarations",
                    "name": "Declarations handled",
                    "weight": 100,
                    "kind": Indicator.Kind.QUANTITATIVE,
                    "rule": Indicator.Rule.RATIO_CAPPED,
                    "rule_params": {"cap": 100},
                    "target_value": 100,
                }
            ],
        },
        {"dimension": "integrity", "weight": 10, "indicators": [rubric("clean")]},
    ]


@dataclass
class World:
    bureau: object
    hall: object
    manager: object
    leader: object
    chief: object
    cadres: list
    scheme: Scheme


@pytest.fixture
def world(db):
    return build_world()


def build_world(*, cadres: int = 5, democratic: bool = False) -> World:
    bureau = factories.unit(kind="bureau", name="Bureau")
    hall = factories.unit(parent=bureau, name="East Hall")
    manager = factories.staff(unit=hall, roles=(Role.CADRE, Role.MANAGER), name="Manager Wang")
    leader = factories.staff(unit=bureau, roles=(Role.CADRE, Role.LEADERSHIP), name="Leader Zhao")
    # The bureau's own manager scores the hall's manager: nobody scores themselves.
    chief = factories.staff(unit=bureau, roles=(Role.CADRE, Role.MANAGER), name="Chief Sun")
    people = [factories.staff(unit=hall, name=f"Cadre {n}") for n in range(1, cadres + 1)]
    scheme = services.scheme_create(
        actor=manager.user,
        post_type=POST_TYPE,
        name="Window posts",
        valid_from=date(2020, 1, 1),
        dimensions=simple_dimensions(democratic=democratic),
    )
    services.scheme_activate(actor=manager.user, scheme=scheme)
    return World(bureau, hall, manager, leader, chief, people, scheme)


def open_period(world: World, **kwargs) -> Period:
    return services.period_create(
        actor=world.manager.user,
        name="Q1",
        kind=Period.Kind.QUARTERLY,
        unit=world.hall,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 3, 31),
        post_type=POST_TYPE,
        **kwargs,
    )


def advance_to(period: Period, state: str, actor) -> Period:
    from assessment.models import STATE_ORDER

    while STATE_ORDER.index(period.state) < STATE_ORDER.index(state):
        period = services.period_advance(actor=actor, period=period, confirm=True)
    return period


def score_everyone(period: Period, world: World, *, level_label="Good", actual=100, only=None):
    """The manager scores every member but themselves (the bureau's chief scores them)."""
    from assessment.models import Score

    for score in Score.objects.filter(member__period=period).select_related(
        "indicator", "member__staff"
    ):
        if only is not None and score.member.staff_id not in only:
            continue
        assessor = world.chief if score.member.staff_id == world.manager.pk else world.manager
        if score.indicator.kind == Indicator.Kind.RUBRIC:
            level = score.indicator.levels.get(label=level_label)
            services.score_set(actor=assessor.user, score=score, level=level, comment="ok")
        elif score.indicator.kind == Indicator.Kind.QUANTITATIVE:
            services.score_set(actor=assessor.user, score=score, actual_value=actual)
