"""Pages for leave (request, approval queue, cancel) and the coverage-gap list.

Reads come from selectors scoped to the user (a row outside the scope is a 404), writes
from services (deciding on leave of a unit the user does not manage is a 403; a broken
rule re-shows the form with the service's message). An approval that would leave a post
with nobody shows the warning and asks for an explicit "Approve anyway".
"""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kernel.errors import ConfirmationRequired
from kernel.forms import add_service_errors
from kernel.roles import Role, user_roles
from staffmgmt import selectors, services
from staffmgmt.forms.absences import AbsenceRequestForm, CancelForm, DateRangeForm, DecisionForm
from staffmgmt.models import Absence

PAGE_SIZE = 50
GAP_PAGE_DAYS = 30


def _is_manager(user) -> bool:
    return Role.MANAGER in user_roles(user)


def _require_manager(user) -> None:
    if not _is_manager(user):
        raise PermissionDenied(_("Only managers may do this."))


def _next_or(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


@login_required
def absence_list(request):
    """My leave: the request form and my own requests and absences."""
    user = request.user
    staff = selectors.staff_for_user(user=user)
    staff_choices = None
    if _is_manager(user):
        staff_choices = (
            selectors.staff_list(user=user)
            .filter(
                is_active=True, unit__in=selectors.managed_org_unit_list(user=user).values("pk")
            )
            .order_by("name", "employee_no")
        )
    form = AbsenceRequestForm(request.POST or None, staff_choices=staff_choices)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        absentee = data.pop("staff", None) or staff
        if absentee is None:
            form.add_error(None, _("You have no staff record; choose whom the leave is for."))
        else:
            try:
                services.absence_request(actor=user, staff=absentee, **data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("Leave requested for %(name)s.") % {"name": absentee.name}
                )
                return redirect("staffmgmt:absence_list")
    own = selectors.absence_list(user=user).filter(staff=staff) if staff else []
    today = timezone.localdate()
    page_obj = Paginator(own, PAGE_SIZE).get_page(request.GET.get("page"))
    # Each pending request says who decides it (never its own absentee: ADR 0005).
    page_obj.object_list = selectors.absence_decisions(user=user, absences=page_obj.object_list)
    return render(
        request,
        "staffmgmt/absence_list.html",
        {
            "form": form,
            "is_manager": staff_choices is not None,
            "balances": (
                selectors.leave_balance_list_unscoped(staff=staff, year=today.year) if staff else []
            ),
            "leave_rules": [
                (label, selectors.leave_rule(kind=kind)) for kind, label in Absence.Kind.choices
            ],
            "page_obj": page_obj,
            "pending_count": (
                selectors.pending_absence_list(user=user).count() if staff_choices else 0
            ),
            "today": today,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def absence_cancel(request, pk: int):
    absence = selectors.absence_get_for_user(user=request.user, pk=pk)
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.absence_cancel(actor=request.user, absence=absence, reason=reason)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The leave is cancelled."))
    return redirect(_next_or(request, reverse("staffmgmt:absence_list")))


def _render_queue(request, *, errors=None, status=200):
    errors = errors or {}
    pending = selectors.absence_decisions(
        user=request.user, absences=selectors.pending_absence_list(user=request.user)[:PAGE_SIZE]
    )
    # The manager must see each warning before deciding; the previews come in one batch so
    # the page's queries do not grow with the queue.
    previews = selectors.gaps_if_absences_approved_unscoped(absences=pending)
    # What other apps say about each request (the roster: duties in the period).
    warnings = services.absence_warnings(
        [a for a in pending if selectors.within_calendar(start=a.start_date, end=a.end_date)]
    )
    items = [
        {
            "absence": absence,
            "gaps": previews[absence.pk],
            "warnings": warnings.get(absence.pk, []),
            "outside_calendar": not selectors.within_calendar(
                start=absence.start_date, end=absence.end_date
            ),
            "errors": errors.get(absence.pk, []),
        }
        for absence in pending
    ]
    shown = {absence.pk for absence in pending}
    other_errors = [m for pk, msgs in errors.items() if pk not in shown for m in msgs]
    return render(
        request,
        "staffmgmt/absence_approvals.html",
        {"items": items, "other_errors": other_errors},
        status=status,
    )


@login_required
def absence_approvals(request):
    """The manager's queue: each request with the gaps approving it would open."""
    _require_manager(request.user)
    return _render_queue(request)


@login_required
@require_POST
def absence_approve(request, pk: int):
    _require_manager(request.user)
    absence = selectors.absence_get_for_user(user=request.user, pk=pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    note = form.cleaned_data.get("note", "")
    try:
        services.absence_approve(
            actor=request.user,
            absence=absence,
            confirm_gaps=form.cleaned_data.get("confirm_gaps", False),
            note=note,
        )
    except ConfirmationRequired as warning:
        return render(
            request,
            "staffmgmt/absence_confirm.html",
            {
                "absence": absence,
                "message": warning.message,
                "note": note,
                "gaps": selectors.gaps_if_absence_approved_unscoped(absence=absence),
                "warnings": services.absence_warnings([absence])[absence.pk],
            },
        )
    except ValidationError as error:
        return _render_queue(request, errors={absence.pk: error.messages}, status=400)
    messages.success(request, _("Leave of %(name)s approved.") % {"name": absence.staff.name})
    return redirect("staffmgmt:absence_approvals")


@login_required
@require_POST
def absence_reject(request, pk: int):
    _require_manager(request.user)
    absence = selectors.absence_get_for_user(user=request.user, pk=pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    try:
        services.absence_reject(
            actor=request.user, absence=absence, note=form.cleaned_data.get("note", "")
        )
    except ValidationError as error:
        return _render_queue(request, errors={absence.pk: error.messages}, status=400)
    messages.success(request, _("Leave of %(name)s rejected.") % {"name": absence.staff.name})
    return redirect("staffmgmt:absence_approvals")


@login_required
def gap_list(request):
    """Upcoming post-days with nobody at the post, by day; critical posts stand out."""
    roles = user_roles(request.user)
    if not roles & {Role.MANAGER, Role.LEADERSHIP}:
        raise PermissionDenied(_("Only managers and leaders see the coverage gaps."))
    form = DateRangeForm(request.GET or None, default_days=GAP_PAGE_DAYS)
    days, start, end = [], None, None
    if not form.is_bound or form.is_valid():
        start, end = form.period()
        try:
            gaps = selectors.gap_list(user=request.user, start=start, end=end)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            days = [(day, list(items)) for day, items in groupby(gaps, key=lambda g: g.date)]
    return render(
        request,
        "staffmgmt/gap_list.html",
        {
            "form": form,
            "days": days,
            "start": start,
            "end": end,
            "can_assign_acting": Role.MANAGER in roles,
        },
        status=400 if form.errors else 200,
    )


urlpatterns = [
    path("leave/", absence_list, name="absence_list"),
    path("leave/approvals/", absence_approvals, name="absence_approvals"),
    path("leave/<int:pk>/approve/", absence_approve, name="absence_approve"),
    path("leave/<int:pk>/reject/", absence_reject, name="absence_reject"),
    path("leave/<int:pk>/cancel/", absence_cancel, name="absence_cancel"),
    path("coverage/gaps/", gap_list, name="coverage_gaps"),
]
