"""The world every permission-matrix case runs in: two halls, a person of each role.

Hall X and hall Y sit under one branch of one bureau. Each hall has two cadres (the A and
B holders of a post at a window) and a manager. The integrity officer and the leader sit
at the bureau; the administrator is a superuser. The objects the routes act on belong to
hall X and to its first cadre, so "cadre_y" and "manager_y" are the people of the same
rank who must not reach them.

Apps add their own objects with an `extend_world(world)` function in their matrix module.
"""

import itertools
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from kernel.roles import Role
from roster import services as roster_services
from staffmgmt import services as staff_services
from staffmgmt.models import DayKind, OrgUnit
from staffmgmt.selectors.calendar import working_days
from tests import factories

_admins = itertools.count(1)

ROLES = (
    "anonymous",
    "cadre_x",
    "cadre_y",
    "manager_x",
    "manager_y",
    "integrity",
    "leader",
    "admin",
)


@dataclass
class World:
    users: dict = field(default_factory=dict)  # role → User (anonymous: None)
    objects: dict = field(default_factory=dict)  # name → object, for the routes' URLs

    def add(self, **objects) -> None:
        """Name objects for the routes' URLs. A name given twice (two apps' worlds both
        calling theirs `objection_x`) is an error: the later one would silently win, and
        on SQLite, whose ids restart in each test, the two rows often share an id."""
        taken = sorted(objects.keys() & self.objects.keys())
        if taken:
            raise ValueError(f"world objects named twice: {taken}")
        self.objects.update(objects)

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


def build_world() -> World:
    world = World()
    bureau = factories.unit(kind=OrgUnit.Kind.BUREAU)
    branch = factories.unit(kind=OrgUnit.Kind.BRANCH, parent=bureau)
    halls = {key: factories.unit(parent=branch) for key in ("x", "y")}
    people = {}
    for key, hall in halls.items():
        people[f"cadre_{key}"] = factories.staff(unit=hall, name=f"Cadre {key.upper()}")
        people[f"cadre2_{key}"] = factories.staff(unit=hall, name=f"Colleague {key.upper()}")
        people[f"manager_{key}"] = factories.staff(
            unit=hall, roles=(Role.CADRE, Role.MANAGER), name=f"Manager {key.upper()}"
        )
    people["integrity"] = factories.staff(
        unit=bureau, roles=(Role.CADRE, Role.INTEGRITY_OFFICER), name="Integrity Officer"
    )
    people["leader"] = factories.staff(
        unit=bureau, roles=(Role.CADRE, Role.LEADERSHIP), name="Bureau Leader", is_leader=True
    )
    admin = get_user_model().objects.create_superuser(
        f"matrix-admin-{next(_admins)}", password="pw-admin-1"
    )

    world.users = {role: people[role].user for role in ROLES if role in people}
    world.users["anonymous"] = None
    world.users["admin"] = admin

    hall_x = halls["x"]
    window = factories.window(unit=hall_x)
    post = factories.post(unit=hall_x, window=window)
    pairing = factories.pairing(post=post, a=people["cadre_x"], b=people["cadre2_x"])
    today = timezone.localdate()
    days = working_days(start=today + timedelta(days=7), end=today + timedelta(days=40))
    absence = factories.absence(staff=people["cadre_x"], start_date=days[0])
    duty_type = factories.duty_type(unit=hall_x)
    roster = factories.published_roster(
        duty_type=duty_type, duties={days[1]: [people["cadre_x"]], days[2]: [people["cadre2_x"]]}
    )
    assignment = roster.assignments.get(staff=people["cadre_x"])
    swap = roster_services.swap_request(
        actor=people["cadre_x"].user, assignment=assignment, counterpart=people["cadre2_x"]
    )
    preference = roster_services.duty_preference_set(
        actor=people["cadre_x"].user, staff=people["cadre_x"], day=days[5], kind="avoid"
    )
    override = staff_services.calendar_override_set(
        actor=admin, day=today + timedelta(days=60), kind=DayKind.HOLIDAY, name="Matrix", note="m"
    )
    feed_token = roster_services.feed_token_issue(
        actor=people["cadre_x"].user, staff=people["cadre_x"]
    )
    # A duty today, checked in, for the check-in routes.
    todays = factories.published_roster(
        duty_type=factories.duty_type(unit=hall_x, name="Duty today"),
        duties={today: [people["cadre_x"]]},
    )
    from roster.domain import report_datetime

    todays_duty = todays.assignments.get()
    # At the report time: check-in has a window, and the matrix runs at any hour.
    checkin = roster_services.checkin_record(
        actor=people["cadre_x"].user, assignment=todays_duty, at=report_datetime(todays_duty)
    )
    world.add(
        assignment_x=assignment,
        swap_x=swap,
        preference_x=preference,
        override_day=override.date,
        feed_token=feed_token,
        checkin_x=checkin,
        bureau=bureau,
        branch=branch,
        hall_x=hall_x,
        hall_y=halls["y"],
        window_x=window,
        post_x=post,
        pairing_x=pairing,
        absence_x=absence,
        duty_type_x=duty_type,
        roster_x=roster,
        days=days,
        today=today,
        skill=factories.skill(),
        **people,
    )
    return world
