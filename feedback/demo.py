"""Feedback of the demo hall: rating cards on every window, about three months of ratings
(attributed to whoever covered each window that half day), their follow-ups, and a
suggestion book with answered, open and overdue entries, so the inbox, the metric
selectors and the dashboards built on them have data.

Registered on `staffmgmt.extensions.demo_builders` by FeedbackConfig.ready(). Cards go
through `window_card_issue` and today's entries through `entry_submit` (the real taxpayer
path). The past is written in bulk with history rows (`bulk_create_with_history`): the
services stamp "now", and a reply dated today to a question of September would make every
past deadline look missed. A second run finds the hall's ratings and adds nothing.
"""

# The demo text is Chinese and uses Chinese (full-width) punctuation on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from feedback import conf, services
from feedback.models import (
    NEGATIVE_MAX_LEVEL,
    ComplaintTopic,
    EntryKind,
    EntryReply,
    EntryStatus,
    FollowUp,
    FollowUpStatus,
    NegativeReason,
    Rating,
    SuggestionEntry,
    Verification,
    WindowCard,
)
from staffmgmt import demo as staff_demo
from staffmgmt import selectors as staff_selectors

__all__ = ["DEMO_DAYS", "build_feedback_demo"]

# About a quarter: enough for monthly figures and a trend.
DEMO_DAYS = 92
# Levels 5..1 in the shares a hall with a ~97 % positive rate sees.
LEVEL_WEIGHTS = {5: 70, 4: 20, 3: 7, 2: 2, 1: 1}
RATINGS_PER_WINDOW_DAY = (2, 9)

staff_demo.ROW_LABELS.update(
    {
        "rating_cards": gettext_lazy("rating cards"),
        "ratings": gettext_lazy("ratings"),
        "follow_ups": gettext_lazy("follow-ups of negative ratings"),
        "entries": gettext_lazy("suggestion-book entries"),
    }
)

PAST_ENTRIES = [
    (EntryKind.QUESTION, "", "请问跨区域涉税事项报告可以在网上办理吗？需要带哪些资料？"),
    (EntryKind.SUGGESTION, "", "建议在等候区增加充电设施和饮水机。"),
    (EntryKind.PRAISE, "", "3号窗口的工作人员讲解非常耐心，一次就办好了，谢谢！"),
    (
        EntryKind.COMPLAINT,
        ComplaintTopic.ATTITUDE,
        "窗口人员接待时态度生硬，没有解释清楚退税流程。",
    ),
    (EntryKind.QUESTION, "", "个体工商户定额调整需要多久？"),
    (EntryKind.COMPLAINT, ComplaintTopic.QUALITY, "申报资料已交齐，却被要求第二天再来补签字。"),
    (EntryKind.SUGGESTION, "", "希望叫号屏幕能同时显示预计等候时间。"),
    (EntryKind.QUESTION, "", "发票领用的数量能否提高？需要什么条件？"),
]
OPEN_ENTRIES = [
    (EntryKind.QUESTION, "", "小规模纳税人季度申报的截止日期是哪天？", 1),
    (EntryKind.COMPLAINT, ComplaintTopic.QUALITY, "取号后等了一个多小时，窗口开得太少。", 0),
    (EntryKind.SUGGESTION, "", "建议午间也开放自助办税终端的咨询服务。", 6),
]
REPLY = "您好，感谢您的意见。我们已核实情况并作出处理，如有疑问请致电本厅。"


def build_feedback_demo(report: staff_demo.BuildReport, today: date) -> None:
    """Cards, ratings, follow-ups and entries of the demo hall's windows (see the module
    docstring). Nothing is made twice."""
    manager = get_user_model().objects.get(username="manager")
    hall = staff_selectors.org_unit_list(user=manager).get(code=staff_demo.HALL_CODE)
    windows = list(
        staff_selectors.window_list(user=manager)
        .filter(unit__path__startswith=hall.path, is_active=True)
        .order_by("unit__path", "number")
    )
    cards = _cards(report, windows, manager)
    if Rating.objects.filter(window__in=windows).exists():
        report.count("ratings", existing=Rating.objects.filter(window__in=windows).count())
        report.count("entries", existing=SuggestionEntry.objects.filter(window__in=windows).count())
        return
    rng = random.Random(9)
    start = today - timedelta(days=DEMO_DAYS)
    serving = _serving_by_window_half(windows, start, today - timedelta(days=1))
    _ratings(report, rng, windows, serving, start, today)
    _past_entries(report, rng, windows, serving, start, today, manager)
    _open_entries(report, cards, today)


def _cards(report, windows, manager) -> list[WindowCard]:
    have = set(WindowCard.objects.filter(window__in=windows).values_list("window_id", flat=True))
    cards = [services.window_card_issue(actor=manager, window=window) for window in windows]
    report.count("rating_cards", created=len(windows) - len(have), existing=len(have))
    return cards


def _serving_by_window_half(windows, start: date, end: date) -> dict:
    """(window id, day, half) -> staff covering the window's first covered post then,
    from the coverage of all the hall's window posts over the period in one computation."""
    window_ids = {window.pk for window in windows}
    posts = [
        post
        for window in windows
        for post in staff_selectors.window_posts_unscoped(window=window)
        if post.window_id in window_ids
    ]
    serving: dict = {}
    for entry in staff_selectors.post_coverage_list_unscoped(posts=posts, start=start, end=end):
        if entry.covered_by is not None:
            serving.setdefault((entry.post.window_id, entry.date, entry.half), entry.covered_by)
    return serving


def _moment(rng: random.Random, day: date, half: str) -> datetime:
    hour = rng.randint(9, 11) if half == "am" else rng.randint(14, 16)
    local = datetime.combine(day, time(hour, rng.randint(0, 59), rng.randint(0, 59)))
    return timezone.make_aware(local)


def _ratings(report, rng, windows, serving, start: date, today: date) -> None:
    working = set(staff_selectors.working_days(start=start, end=today - timedelta(days=1)))
    levels, weights = zip(*LEVEL_WEIGHTS.items(), strict=True)
    ratings: list[Rating] = []
    for day in sorted(working):
        for window in windows:
            for _n in range(rng.randint(*RATINGS_PER_WINDOW_DAY)):
                half = rng.choice(("am", "pm"))
                level = rng.choices(levels, weights)[0]
                negative = level <= NEGATIVE_MAX_LEVEL
                ratings.append(
                    Rating(
                        window=window,
                        unit_id=window.unit_id,
                        staff=serving.get((window.pk, day, half)),
                        level=level,
                        reasons=rng.choice(NegativeReason.values) if negative else "",
                        comment="等候时间太长。" if negative and rng.random() < 0.4 else "",
                        created_at=_moment(rng, day, half),
                    )
                )
    Rating.objects.bulk_create(ratings, batch_size=2000)
    # Written in bulk, past rating_submit: the days' rollups are counted from the ratings.
    services.rating_rollups_rebuild(actor=None, since=start)
    report.count("ratings", created=len(ratings))
    negatives = list(
        Rating.objects.filter(window__in=windows, level__lte=NEGATIVE_MAX_LEVEL).order_by("pk")
    )
    # One calendar computation for every deadline instead of one per rating.
    days = {rating.pk: timezone.localtime(rating.created_at).date() for rating in negatives}
    deadlines = _deadlines(set(days.values()), conf.deadline_days("negative_rating"))
    owner = _closest_manager(hall_unit=windows[0].unit) if negatives else None
    rows = []
    for rating in negatives:
        due = deadlines[days[rating.pk]]
        done = due < today or rng.random() < 0.5
        rows.append(
            FollowUp(
                rating=rating,
                unit_id=rating.unit_id,
                due_date=due,
                status=FollowUpStatus.DONE if done else FollowUpStatus.OPEN,
                owner=owner if done else None,
                note="已电话回访纳税人，说明情况并致歉。" if done else "",
                done_at=rating.created_at + timedelta(days=rng.randint(1, 5)) if done else None,
                created_at=rating.created_at,
            )
        )
    bulk_create_with_history(rows, FollowUp, batch_size=500)
    report.count("follow_ups", created=len(rows))


def _closest_manager(*, hall_unit):
    managers = list(staff_selectors.managers_of_unit_unscoped(unit=hall_unit))
    return min(managers, key=lambda m: (-len(m.unit.path), m.employee_no)) if managers else None


def _deadlines(days: set[date], n: int) -> dict[date, date]:
    if not days:
        return {}
    first, last = min(days), max(days)
    calendar = staff_selectors.working_days(start=first, end=last + timedelta(days=3 * n + 40))
    result = {}
    for day in days:
        later = [d for d in calendar if d > day]
        result[day] = later[n - 1]
    return result


def _past_entries(report, rng, windows, serving, start, today, manager) -> None:
    from feedback.services.public import default_assignee, entry_deadlines

    me = staff_selectors.staff_for_user(user=manager)
    entries, replies = [], []
    working = sorted(staff_selectors.working_days(start=start, end=today - timedelta(days=15)))
    for index, (kind, topic, text) in enumerate(PAST_ENTRIES):
        window = windows[(index * 5) % len(windows)]
        day = working[(index * len(working)) // len(PAST_ENTRIES)]
        at = _moment(rng, day, "am")
        staff = serving.get((window.pk, day, "am"))
        accept_due, due = entry_deadlines(kind=kind, topic=topic, day=day)
        # One question answered late, so compliance is not a flat 100 %.
        late = index == 4
        answered = at + timedelta(days=(6 if late else 1), hours=2)
        entry = SuggestionEntry(
            window=window,
            unit_id=window.unit_id,
            staff=staff,
            kind=kind,
            topic=topic,
            text=text,
            contact_name="张先生" if index % 2 else "",
            contact="13800138000" if index % 2 else "",
            status=EntryStatus.CLOSED,
            assigned_to=default_assignee(window=window, serving=staff),
            owner=me,
            created_at=at,
            accept_due_date=accept_due,
            due_date=due,
            accepted_at=at + timedelta(hours=3),
            answered_at=answered,
            closed_at=answered + timedelta(hours=1),
        )
        if kind == EntryKind.COMPLAINT:
            verified = topic == ComplaintTopic.ATTITUDE and staff is not None
            entry.verification = Verification.VERIFIED if verified else Verification.UNFOUNDED
            entry.verification_note = (
                "调阅录像核实，工作人员解释不到位，已批评教育。"
                if verified
                else "核实为资料不全，按规定需补正，已向纳税人说明。"
            )
            entry.concerned_staff = staff if verified else None
            entry.verified_by = manager
            entry.verified_at = answered
        entries.append(entry)
    bulk_create_with_history(entries, SuggestionEntry, batch_size=100)
    for entry in SuggestionEntry.objects.filter(window__in=windows).order_by("pk"):
        replies.append(EntryReply(entry=entry, author=me, text=REPLY, created_at=entry.answered_at))
    bulk_create_with_history(replies, EntryReply, batch_size=100)
    report.count("entries", created=len(entries))


def _open_entries(report, cards, today: date) -> None:
    """Open entries through the taxpayer's own service: one due soon, one complaint past
    its acceptance deadline, one arriving today."""
    for index, (kind, topic, text, days_ago) in enumerate(OPEN_ENTRIES):
        card = cards[(index * 3 + 1) % len(cards)]
        day = staff_selectors.working_days(start=today - timedelta(days=days_ago + 10), end=today)
        day = [d for d in day if d <= today - timedelta(days=days_ago)][-1]
        services.entry_submit(
            actor=None,
            card=card,
            kind=kind,
            topic=topic,
            text=text,
            contact="taxpayer@example.com" if index == 0 else "",
            # Demo data, not a taxpayer: no abuse limits (a rebuilt demo would hit them).
            client=None,
            at=_moment(random.Random(index), day, "am"),
        )
    report.count("entries", created=len(OPEN_ENTRIES))
