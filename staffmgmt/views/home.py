"""The role-aware home page.

Everyone with a staff record sees their own posts with today's coverage, their upcoming
leave and their duties to come; a manager also sees the unit's coverage gaps of the next
two weeks and the leave waiting for their decision.

Other apps add to the page without this module importing them (dependencies point
towards staffmgmt): they register a provider on `staffmgmt.extensions.home_context` in their
AppConfig.ready(). A provider takes the request and returns extra context, e.g. the roster
app returns {"upcoming_duties": [...]}, which `staffmgmt/home_duties.html` renders.
"""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone

from kernel.roles import Role, user_roles
from staffmgmt import selectors
from staffmgmt.extensions import home_context

__all__ = ["HOME_GAP_DAYS", "home"]

HOME_GAP_DAYS = 14
HOME_LIST_LIMIT = 20


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
    if Role.MANAGER in user_roles(user):
        gap_end = today + timedelta(days=HOME_GAP_DAYS - 1)
        context.update(
            show_manager=True,
            gap_end=gap_end,
            gaps=selectors.gap_list(user=user, start=today, end=gap_end),
            pending=list(selectors.pending_absence_list(user=user)[:HOME_LIST_LIMIT]),
        )
    for extra in home_context.call(request):
        context.update(extra)
    return render(request, "staffmgmt/home.html", context)
