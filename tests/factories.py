"""Test data built through the real services, so every row is one the product could make."""

import itertools
from datetime import date

from kernel.roles import Role
from staffmgmt import services
from staffmgmt.models import OrgUnit, Post, PostPairing, Skill, Staff, Window

_seq = itertools.count(1)


def unit(
    *, kind: str = OrgUnit.Kind.HALL, parent: OrgUnit | None = None, name: str = "", code: str = ""
) -> OrgUnit:
    n = next(_seq)
    if parent is None and kind != OrgUnit.Kind.BUREAU:
        parent = services.org_unit_create(
            actor=None, code=f"bureau-{n}", name=f"Bureau {n}", kind=OrgUnit.Kind.BUREAU
        )
    return services.org_unit_create(
        actor=None,
        code=code or f"{kind}-{n}",
        name=name or f"{kind.title()} {n}",
        kind=kind,
        parent=parent,
    )


def skill(code: str = "invoice", name: str = "Invoice issuing", name_zh: str = "发票开具") -> Skill:
    return services.skill_get_or_create(code=code, name=name, name_zh=name_zh)


def staff(
    *,
    unit: OrgUnit | None = None,
    roles=(Role.CADRE,),
    skills=(),
    name: str = "",
    is_leader: bool = False,
    password: str = "pw-hallmark-test",
) -> Staff:
    n = next(_seq)
    return services.staff_create(
        actor=None,
        username=f"user{n}",
        employee_no=f"E{n:05d}",
        name=name or f"Staff {n}",
        unit=unit or globals()["unit"](),
        roles=roles,
        skills=list(skills),
        is_leader=is_leader,
        password=password,
    )


def window(*, unit: OrgUnit, number: str = "") -> Window:
    n = next(_seq)
    return services.window_create(
        actor=None, unit=unit, number=number or str(n), name=f"Window {n}"
    )


def post(
    *, unit: OrgUnit, name: str = "", critical: bool = False, window: Window | None = None
) -> Post:
    n = next(_seq)
    return services.post_create(
        actor=None, unit=unit, name=name or f"Post {n}", is_critical=critical, window=window
    )


def pairing(
    *,
    post: Post,
    a: Staff,
    b: Staff,
    valid_from: date = date(2020, 1, 1),
    valid_to: date | None = None,
) -> PostPairing:
    return services.pairing_create(
        actor=None, post=post, a_holder=a, b_holder=b, valid_from=valid_from, valid_to=valid_to
    )


def absence(
    *,
    staff: Staff,
    start_date: date,
    end_date: date | None = None,
    start_half: str = "am",
    end_half: str = "pm",
    kind: str = "annual",
    approved_by: Staff | None = None,
):
    """A leave request of `staff`; approved (gaps confirmed) when `approved_by` is given."""
    requested = services.absence_request(
        actor=staff.user,
        staff=staff,
        kind=kind,
        start_date=start_date,
        end_date=end_date or start_date,
        start_half=start_half,
        end_half=end_half,
    )
    if approved_by is None:
        return requested
    return services.absence_approve(actor=approved_by.user, absence=requested, confirm_gaps=True)


def calendar_editor(*, unit: OrgUnit | None = None, name: str = "") -> Staff:
    """A cadre allowed to override days of the work calendar (the model's change perm)."""
    from django.contrib.auth.models import Permission

    editor = staff(unit=unit, name=name or "Calendar Editor")
    editor.user.user_permissions.add(Permission.objects.get(codename="change_calendaroverride"))
    return editor


def duty_type(
    *,
    unit: OrgUnit,
    kind: str = "noon",
    name: str = "",
    headcount: int = 1,
    required_skills: dict | None = None,
    leader_on_call: bool = False,
    min_gap_days: int = 3,
):
    from roster import services as roster_services

    n = next(_seq)
    return roster_services.duty_type_create(
        actor=None,
        unit=unit,
        kind=kind,
        name=name or f"{kind.title()} duty {n}",
        headcount=headcount,
        required_skills=required_skills or {},
        leader_on_call=leader_on_call,
        min_gap_days=min_gap_days,
    )


def approved_absence(
    *,
    staff: Staff,
    approver: Staff,
    start_date: date,
    end_date: date | None = None,
    kind: str = "annual",
    start_half: str = "am",
    end_half: str = "pm",
):
    """An approved leave (any coverage warning confirmed)."""
    absence = services.absence_request(
        actor=None,
        staff=staff,
        kind=kind,
        start_date=start_date,
        end_date=end_date or start_date,
        start_half=start_half,
        end_half=end_half,
    )
    return services.absence_approve(actor=approver.user, absence=absence, confirm_gaps=True)


def published_roster(*, duty_type, duties: dict, publish: bool = True):
    """A roster of `duty_type` with exactly `duties` ({date: [Staff, ...]}), published.

    The roster row is made directly (generation picks people itself); every duty goes
    through `assignment_add` (rule breaks confirmed) and publishing through the service.
    """
    from kernel.history import save_with_history
    from roster import services as roster_services
    from roster.models import Roster

    roster = save_with_history(
        Roster(
            unit=duty_type.unit,
            duty_type=duty_type,
            start_date=min(duties),
            end_date=max(duties),
        ),
        actor=None,
    )
    for day, people in sorted(duties.items()):
        for person in people:
            roster_services.assignment_add(
                actor=None, roster=roster, staff=person, date=day, confirm=True
            )
    if publish:
        roster = roster_services.roster_publish(actor=None, roster=roster)
    return roster
