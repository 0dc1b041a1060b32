"""The role-aware home page.

Everyone with a staff record sees their own posts with today's coverage, their upcoming
leave and their duties to come. A manager also sees an inbox: leave to approve, coverage
gaps of the next two weeks, and whatever other apps add (the roster: duties needing a
replacement, swaps waiting, holidays without a duty roster), each item linking to where it
is dealt with. A leader sees the coverage gaps of the units below them.

Other apps add to the page without this module importing them (dependencies point
towards staffmgmt): they register a provider on `staffmgmt.extensions.home_context` in their
AppConfig.ready(). A provider takes the request and returns extra context, e.g. the roster
app returns {"upcoming_duties": [...]}, which `staffmgmt/home_duties.html` renders. The key
"inbox" is special: its groups ({"key", "title", "items": [{"text", "url"}], "empty"}) are
appended to the manager's inbox rather than replacing it.
"""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kernel.roles import Role, user_roles
from staffmgmt import selectors
from staffmgmt.extensions import home_context

__all__ = ["HOME_GAP_DAYS", "home"]

HOME_GAP_DAYS = 14
HOME_LIST_LIMIT = 20


def _gap_item(gap) -> dict:
    return {
        "text": _("%(post)s on %(date)s (%(halves)s)")
        % {
            "post": gap.post.name,
            "date": formats.date_format(gap.date, "Y-m-d D"),
            "halves": gap.halves_label,
        },
        "url": reverse("staffmgmt:acting_for_gap", args=[gap.post.pk, gap.date.isoformat()]),
        "warning": gap.post.is_critical,
    }


def _own_posts(user, staff, today) -> list[dict]:
    """The posts `staff` holds today (as A or B), each with both halves' coverage."""
    pairings = list(
        selectors.pairing_list(user=user, on_day=today).filter(
            Q(a_holder=staff) | Q(b_holder=staff)
        )
    )
    coverage = selectors.post_coverage_list_unscoped(
        posts=[p.post for p in pairings], start=today, end=today
    )
    by_post: dict[int, list] = {}
    for entry in coverage:
        by_post.setdefault(entry.post.pk, []).append(entry)
    return [
        {
            "post": p.post,
            "pairing": p,
            "role": "A" if p.a_holder_id == staff.pk else "B",
            "halves": by_post.get(p.post_id, []),
        }
        for p in pairings
    ]


@login_required
def home(request):
    user = request.user
    today = timezone.localdate()
    staff = selectors.staff_for_user(user=user)
    context: dict = {"staff": staff, "today": today}
    if staff is not None:
        context["own_posts"] = _own_posts(user, staff, today)
        context["upcoming_leave"] = list(
            selectors.upcoming_absence_list_of_staff_unscoped(staff=staff, today=today)[
                :HOME_LIST_LIMIT
            ]
        )
    roles = user_roles(user)
    gap_end = today + timedelta(days=HOME_GAP_DAYS - 1)
    inbox: list[dict] = []
    if Role.MANAGER in roles:
        gaps = selectors.gap_list(user=user, start=today, end=gap_end)
        pending = list(selectors.pending_absence_list(user=user)[:HOME_LIST_LIMIT])
        context.update(show_manager=True, gap_end=gap_end, gaps=gaps, pending=pending)
        inbox = [
            {
                "key": "leave",
                "title": _("Leave to approve"),
                "items": [
                    {
                        "text": _("%(name)s: %(kind)s, %(start)s to %(end)s")
                        % {
                            "name": absence.staff.name,
                            "kind": absence.get_kind_display(),
                            "start": formats.date_format(absence.start_date, "Y-m-d D"),
                            "end": formats.date_format(absence.end_date, "Y-m-d D"),
                        },
                        "url": reverse("staffmgmt:absence_approvals") + f"#request-{absence.pk}",
                    }
                    for absence in pending
                ],
                "empty": _("No leave is waiting for your decision."),
            },
            {
                "key": "gaps",
                "title": _("Coverage gaps in the next 14 days"),
                "items": [_gap_item(gap) for gap in gaps[:HOME_LIST_LIMIT]],
                "empty": _("No post is left uncovered in the next two weeks."),
            },
        ]
    elif Role.LEADERSHIP in roles:
        # Leaders see the gaps of the whole bureau below them (post_list is scoped so).
        context.update(
            show_leader=True,
            gap_end=gap_end,
            gaps=selectors.gap_list(user=user, start=today, end=gap_end),
        )
    for extra in home_context.call(request):
        extra = dict(extra)
        inbox.extend(extra.pop("inbox", []))
        context.update(extra)
    context["inbox"] = inbox
    return render(request, "staffmgmt/home.html", context)
