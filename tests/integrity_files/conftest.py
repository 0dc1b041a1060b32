"""A bureau with two halls: X (cadres, a manager, two integrity officers) and Y (a cadre,
an integrity officer), and a leader at the bureau."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from integrity_files import services
from kernel.roles import Role
from staffmgmt.models import OrgUnit
from tests import factories


@dataclass
class Bureau:
    bureau: object
    hall_x: object
    hall_y: object
    cadre_x: object
    other_cadre_x: object
    cadre_y: object
    manager_x: object
    officer_x: object
    second_officer_x: object
    officer_y: object
    leader: object


def make_bureau() -> Bureau:
    bureau = factories.unit(kind=OrgUnit.Kind.BUREAU, name="Bureau")
    hall_x = factories.unit(parent=bureau, name="Hall X")
    hall_y = factories.unit(parent=bureau, name="Hall Y")
    io = (Role.CADRE, Role.INTEGRITY_OFFICER)
    return Bureau(
        bureau=bureau,
        hall_x=hall_x,
        hall_y=hall_y,
        cadre_x=factories.staff(unit=hall_x, name="Li Na"),
        other_cadre_x=factories.staff(unit=hall_x, name="Zhou Min"),
        cadre_y=factories.staff(unit=hall_y, name="Chen Yu"),
        manager_x=factories.staff(
            unit=hall_x, roles=(Role.CADRE, Role.MANAGER), name="Manager Wang"
        ),
        officer_x=factories.staff(unit=hall_x, roles=io, name="Officer Zhao"),
        second_officer_x=factories.staff(unit=hall_x, roles=io, name="Officer Qian"),
        officer_y=factories.staff(unit=hall_y, roles=io, name="Officer Sun"),
        leader=factories.staff(unit=bureau, roles=(Role.CADRE, Role.LEADERSHIP), name="Leader Liu"),
    )


@pytest.fixture
def org(db):
    return make_bureau()


def draft(org, *, staff=None, officer=None, points=-2, kind="violation", category="diligence"):
    return services.record_create(
        actor=(officer or org.officer_x).user,
        staff=staff or org.cadre_x,
        category=category,
        kind=kind,
        occurred_on=timezone.localdate() - timedelta(days=3),
        facts="Late for noon duty by twenty minutes.",
        source="duty_checkin",
        points=points,
    )


def confirmed(org, **kwargs):
    record = draft(org, **kwargs)
    return services.record_confirm(
        actor=(kwargs.get("officer") or org.officer_x).user, record=record
    )
