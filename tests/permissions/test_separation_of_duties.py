"""Separation of duties in the permission matrix's world (ADR 0005).

The matrix says who gets through a route at all; these rows say who may take a decision
that a role may otherwise take: manager_x, who may approve hall X's leave and swaps, is
refused (400 with the code) for his own; the administrator, the only one above him in
this world, decides instead; a manager creating an account above cadre is refused.
"""

from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import Client

from kernel.errors import DecisionError, RoleError
from roster import services as roster_services
from staffmgmt import services as staff_services
from tests import factories
from tests.permissions.world import build_world


def _separation_world():
    world = build_world()
    manager = world.manager_x
    world.objects["own_absence"] = staff_services.absence_request(
        actor=manager.user,
        staff=manager,
        kind="annual",
        start_date=world.days[6],
        end_date=world.days[6],
    )
    roster = factories.published_roster(
        duty_type=factories.duty_type(unit=world.hall_x, name="Separation duty"),
        duties={world.days[3]: [manager], world.days[4]: [world.cadre2_x]},
    )
    swap = roster_services.swap_request(
        actor=manager.user,
        assignment=roster.assignments.get(staff=manager),
        counterpart=world.cadre2_x,
    )
    world.objects["own_swap"] = roster_services.swap_accept(actor=world.cadre2_x.user, swap=swap)
    world.objects["own_roster"] = roster
    return world


def _new_manager_account(world):
    return {
        "username": "deputy",
        "employee_no": "SEP1",
        "name": "Deputy",
        "unit": world.hall_x.pk,
        "roles": ["cadre", "manager"],
    }


@dataclass(frozen=True)
class Case:
    name: str
    url: object
    actor: str
    status: int
    code: str = ""
    data: object = None
    api: bool = True


CASES = [
    Case(
        "own leave approved",
        lambda w: f"/api/absences/{w.own_absence.pk}/approve/",
        "manager_x",
        400,
        DecisionError.ABOUT_SELF,
    ),
    Case(
        "own leave rejected",
        lambda w: f"/api/absences/{w.own_absence.pk}/reject/",
        "manager_x",
        400,
        DecisionError.ABOUT_SELF,
        data={"note": "no"},
    ),
    Case(
        "own leave approved by the administrator above",
        lambda w: f"/api/absences/{w.own_absence.pk}/approve/",
        "admin",
        200,
    ),
    Case(
        "own leave on the page",
        lambda w: f"/leave/{w.own_absence.pk}/approve/",
        "manager_x",
        400,
        api=False,
    ),
    Case(
        "own swap approved",
        lambda w: f"/api/swaps/{w.own_swap.pk}/approve/",
        "manager_x",
        400,
        DecisionError.ABOUT_SELF,
    ),
    Case(
        "own swap rejected",
        lambda w: f"/api/swaps/{w.own_swap.pk}/reject/",
        "manager_x",
        400,
        DecisionError.ABOUT_SELF,
        data={"note": "no"},
    ),
    Case(
        "own swap approved by the administrator above",
        lambda w: f"/api/swaps/{w.own_swap.pk}/approve/",
        "admin",
        200,
    ),
    Case(
        "own duty added against a rule",
        lambda w: "/api/assignments/",
        "manager_x",
        400,
        DecisionError.ABOUT_SELF,
        data=lambda w: {
            "roster": w.own_roster.pk,
            "staff": w.manager_x.pk,
            "date": w.days[4].isoformat(),
            "confirm": True,
        },
    ),
    Case(
        "manager account made by a manager",
        lambda w: "/api/staff/",
        "manager_x",
        400,
        RoleError.ADMINISTRATOR_ONLY,
        data=_new_manager_account,
    ),
    Case(
        "manager account made by the administrator",
        lambda w: "/api/staff/",
        "admin",
        201,
        data=_new_manager_account,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_separation_of_duties_case(db, case):
    world = _separation_world()
    client = Client()
    client.force_login(world.users[case.actor])
    data = case.data(world) if callable(case.data) else (case.data or {})

    with transaction.atomic():
        if case.api:
            response = client.post(case.url(world), data, content_type="application/json")
        else:
            response = client.post(case.url(world), data)
        transaction.set_rollback(True)

    assert response.status_code == case.status, response.content[:300]
    if case.code:
        body = response.json()
        errors = body.get("non_field_errors") or body.get("roles")
        assert errors[0]["code"] == case.code
