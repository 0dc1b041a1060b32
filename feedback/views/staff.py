"""Staff pages: the feedback inbox (entries and follow-ups by deadline), an entry with
its actions, and the windows' QR codes and printable cards.

Reads through scoped selectors (outside the scope: 404), writes through services (not
allowed: 403; a broken rule re-shows the page with the service's message)."""

import io

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from feedback import conf, selectors, services
from feedback.forms import AssignForm, CloseForm, FollowUpForm, ReplyForm, VerifyForm
from feedback.models import EntryKind, Verification
from kernel.forms import add_service_errors
from staffmgmt import selectors as staff_selectors

INBOX_LIMIT = 100


@login_required
def inbox(request):
    """What is due, soonest first: entries to take or answer, follow-ups to close."""
    user = request.user
    today = timezone.localdate()
    entries = list(selectors.entry_inbox(user=user)[:INBOX_LIMIT])
    follow_ups = list(selectors.follow_up_inbox(user=user)[:INBOX_LIMIT])
    return render(
        request,
        "feedback/inbox.html",
        {
            "entries": entries,
            "follow_ups": follow_ups,
            "today": today,
            "follow_up_form": FollowUpForm(),
        },
    )


def _people_for(user, entry):
    return (
        staff_selectors.staff_list(user=user)
        .filter(is_active=True, unit__path__startswith=entry.unit.path)
        .order_by("name", "employee_no")
    )


def _render_entry(request, entry, *, forms=None, status=200):
    user = request.user
    forms = forms or {}
    managed = selectors.answerable_unit_ids(user=user)
    manages = entry.unit_id in managed
    people = _people_for(user, entry) if manages else None
    context = {
        "entry": entry,
        "today": timezone.localdate(),
        "answers": selectors.can_answer(user=user, entry=entry, managed_unit_ids=managed),
        "manages": manages,
        "reply_form": forms.get("reply") or ReplyForm(),
        "close_form": forms.get("close") or CloseForm(),
        "assign_form": forms.get("assign") or (AssignForm(people=people) if manages else None),
        "verify_form": forms.get("verify")
        or (
            VerifyForm(people=people, initial={"concerned_staff": entry.staff_id})
            if manages and entry.kind == EntryKind.COMPLAINT
            else None
        ),
        "history": entry.history.select_related("history_user").order_by("-history_date")[:50],
        "verification_pending": entry.verification == Verification.PENDING,
        "errors": forms.get("errors", []),
    }
    return render(request, "feedback/entry_detail.html", context, status=status)


@login_required
def entry_detail(request, pk: int):
    entry = selectors.entry_get_for_user(user=request.user, pk=pk)
    return _render_entry(request, entry)


def _after(request, entry, message):
    messages.success(request, message)
    return redirect("feedback:entry-detail", pk=entry.pk)


@login_required
@require_POST
def entry_take(request, pk: int):
    entry = selectors.entry_get_for_user(user=request.user, pk=pk)
    try:
        services.entry_take(actor=request.user, entry=entry)
    except ValidationError as error:
        return _render_entry(request, entry, forms={"errors": error.messages}, status=400)
    return _after(request, entry, _("You have taken the entry: it is yours to answer."))


@login_required
@require_POST
def entry_reply(request, pk: int):
    entry = selectors.entry_get_for_user(user=request.user, pk=pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.entry_reply(actor=request.user, entry=entry, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _after(request, entry, _("The reply is sent; the taxpayer sees it."))
    return _render_entry(request, entry, forms={"reply": form}, status=400)


@login_required
@require_POST
def entry_close(request, pk: int):
    entry = selectors.entry_get_for_user(user=request.user, pk=pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.entry_close(
                actor=request.user, entry=entry, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _after(request, entry, _("The entry is closed."))
    return _render_entry(request, entry, forms={"close": form}, status=400)


@login_required
@require_POST
def entry_assign(request, pk: int):
    entry = selectors.entry_get_for_user(user=request.user, pk=pk)
    form = AssignForm(request.POST, people=_people_for(request.user, entry))
    if form.is_valid():
        try:
            services.entry_assign(
                actor=request.user, entry=entry, assignee=form.cleaned_data["assignee"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _after(request, entry, _("The entry is assigned."))
    return _render_entry(request, entry, forms={"assign": form}, status=400)


@login_required
@require_POST
def entry_verify(request, pk: int):
    entry = selectors.entry_get_for_user(user=request.user, pk=pk)
    form = VerifyForm(request.POST, people=_people_for(request.user, entry))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.entry_verify(
                actor=request.user,
                entry=entry,
                verification=data["verification"],
                note=data["note"],
                concerned_staff=data["concerned_staff"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _after(request, entry, _("The check of the complaint is recorded."))
    return _render_entry(request, entry, forms={"verify": form}, status=400)


@login_required
@require_POST
def follow_up_close(request, pk: int):
    follow_up = selectors.follow_up_get_for_user(user=request.user, pk=pk)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.follow_up_close(
                actor=request.user, follow_up=follow_up, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The follow-up is recorded."))
            return redirect("feedback:inbox")
    for message in [m for errors in form.errors.values() for m in errors]:
        messages.error(request, message)
    return redirect("feedback:inbox")


# --- windows: QR codes and cards ------------------------------------------------------


@login_required
def window_list(request):
    """The windows a manager keeps, with their cards' QR codes."""
    if not staff_selectors.managed_org_unit_list(user=request.user).exists():
        raise PermissionDenied(_("Only managers keep the windows' rating cards."))
    windows = list(selectors.window_list_with_cards(user=request.user))
    return render(request, "feedback/window_list.html", {"windows": windows})


@login_required
@require_POST
def window_card_issue(request, pk: int):
    window = selectors.window_list_with_cards(user=request.user).filter(pk=pk).first()
    if window is None:
        raise Http404("no such window")
    renew = request.POST.get("renew") == "1"
    services.window_card_issue(actor=request.user, window=window, renew=renew)
    message = (
        _("Window %(number)s has a new QR code: print its card again.")
        if renew
        else _("Window %(number)s has its QR code.")
    )
    messages.success(request, message % {"number": window.number})
    return redirect("feedback:window-list")


def public_url(request, card) -> str:
    """The absolute address a window's QR code opens (FEEDBACK PUBLIC_BASE_URL, else this
    host): halls print cards from the address taxpayers' phones reach."""
    path = reverse("feedback:rate", kwargs={"token": card.token})
    base = conf.setting("PUBLIC_BASE_URL")
    return base.rstrip("/") + path if base else request.build_absolute_uri(path)


def _qr(request, card):
    return segno.make(public_url(request, card), error="m")


@login_required
def window_qr_svg(request, pk: int):
    card = selectors.card_for_window(user=request.user, pk=pk)
    buffer = io.BytesIO()
    _qr(request, card).save(buffer, kind="svg", scale=10, border=2, xmldecl=True)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="window-{card.window.number}-qr.svg"'
    return response


@login_required
def window_card_print(request, pk: int):
    """A printable A6 card: hall, window number and name, the QR code, what it is for."""
    card = selectors.card_for_window(user=request.user, pk=pk)
    qr_svg = _qr(request, card).svg_inline(scale=6, border=2)
    return render(
        request,
        "feedback/window_card.html",
        {"card": card, "window": card.window, "qr_svg": qr_svg, "url": public_url(request, card)},
    )
