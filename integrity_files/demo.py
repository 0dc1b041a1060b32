"""Integrity files of the demo hall: a few records (one answered, one objected to), a
talk, training credits and the year's requirement, so the `integrity`, `cadre` and
`leader` logins find something to look at.

Registered on `staffmgmt.extensions.demo_builders` by IntegrityFilesConfig.ready(); runs
inside `build_demo`'s transaction. Everything goes through this app's services, and a
second run finds what the first made (by the facts text) and writes nothing.
"""

# The demo text is Chinese and uses Chinese punctuation on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy

from integrity_files import selectors, services
from integrity_files.models import Category, RecordKind, Source, Talk
from staffmgmt import demo as staff_demo

__all__ = ["build_integrity_demo"]

staff_demo.ROW_LABELS.update(
    {
        "integrity_records": gettext_lazy("integrity records"),
        "talks": gettext_lazy("heart-to-heart talks"),
        "training_credits": gettext_lazy("training credits"),
    }
)

DEMO_RECORDS = [
    # (category, kind, source, points, facts, answer)
    (
        Category.WORK_STYLE,
        RecordKind.COMMENDATION,
        Source.LEADERSHIP,
        3,
        "春节前连续加班完成汇算清缴辅导，纳税人书面表扬。",
        "ack",
    ),
    (
        Category.DILIGENCE,
        RecordKind.VIOLATION,
        Source.DUTY_CHECKIN,
        -2,
        "午间值班迟到二十分钟，未按规定提前十五分钟到岗。",
        "objection",
    ),
    (
        Category.HONESTY,
        RecordKind.DECLARATION,
        Source.SELF_REPORT,
        0,
        "按规定申报个人有关事项，如实填报。",
        None,
    ),
]


def build_integrity_demo(report, today: date) -> None:
    from django.utils import timezone

    from staffmgmt import selectors as staff_selectors

    # A demo built for a day ahead (tests do that) still records nothing in the future:
    # the services refuse future dates.
    today = min(today, timezone.localdate())

    users = get_user_model().objects.filter(username__in=["integrity", "cadre"])
    by_name = {user.username: user for user in users}
    officer, cadre_user = by_name.get("integrity"), by_name.get("cadre")
    if officer is None or cadre_user is None:
        return
    cadre = staff_selectors.staff_for_user(user=cadre_user)
    officer_staff = staff_selectors.staff_for_user(user=officer)
    existing = set(selectors.record_list(user=officer, staff=cadre).values_list("facts", flat=True))
    created = 0
    for offset, (category, kind, source, points, facts, answer) in enumerate(DEMO_RECORDS):
        if facts in existing:
            continue
        record = services.record_create(
            actor=officer,
            staff=cadre,
            category=category,
            kind=kind,
            occurred_on=today - timedelta(days=20 - 5 * offset),
            facts=facts,
            source=source,
            points=points,
        )
        services.record_confirm(actor=officer, record=record)
        if answer == "ack":
            services.record_acknowledge(actor=cadre_user, record=record)
        elif answer == "objection":
            services.objection_lodge(
                actor=cadre_user,
                record=record,
                statement="当日因窗口业务高峰延迟交接，已向科长报备，请予复核。",
            )
        created += 1
    report.count("integrity_records", created=created, existing=len(existing))
    talks = selectors.talk_list(user=officer, staff=cadre)
    if talks.exists():
        report.count("talks", existing=1)
    else:
        services.talk_record(
            actor=officer,
            staff=cadre,
            kind=Talk.Kind.REMINDER,
            held_on=today - timedelta(days=7),
            participants=f"{officer_staff.name}、{cadre.name}",
            summary="就值班纪律进行提醒谈话，本人表示接受并改进。",
            follow_up="一个月内值班签到情况复查。",
            follow_up_due=today + timedelta(days=30),
        )
        report.count("talks", created=1)
    if selectors.training_credit_list(user=officer, staff=cadre, year=today.year).exists():
        report.count("training_credits", existing=1)
    else:
        services.training_credit_record(
            actor=officer,
            staff=cadre,
            course="新《税收征收管理法》专题培训",
            hours=Decimal("8"),
            credits=Decimal("4"),
            completed_on=today - timedelta(days=30),
        )
        report.count("training_credits", created=1)
    bureau = officer_staff.unit
    requirements = selectors.credit_requirement_list(user=officer)
    if not requirements.filter(unit=bureau, year=today.year).exists():
        services.credit_requirement_set(
            actor=officer, unit=bureau, year=today.year, required_credits=Decimal("12")
        )
