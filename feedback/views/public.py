"""The taxpayer's pages, reached by the QR code on a window: rate, write in the
suggestion book, follow the entry by its tracking code.

Public by design, each view declared so (`public_page`): no login, phone-sized, plain
HTML forms (no JavaScript), CSRF-protected, with a honeypot field and the services' abuse
limits; a refused submission re-shows the form with the reason (429 when throttled).
Contact details are never shown on these pages.
"""

import secrets

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from feedback import selectors, services, throttling
from feedback.clients import client_from_request, ensure_device_cookie, is_throttle
from feedback.forms import EntryForm, RatingForm, TrackForm
from feedback.models import NEGATIVE_MAX_LEVEL, RatingLevel
from kernel.forms import add_service_errors

PUBLIC_VIEWS: list[str] = []


def public_page(view):
    """Marks a view as open to anonymous taxpayers (listed in PUBLIC_VIEWS for the
    permission tests) and gives the device its cookie."""
    PUBLIC_VIEWS.append(view.__name__)

    def wrapped(request, *args, **kwargs):
        # Reads per address, as on the public API; a submission has its own limits.
        if request.method in ("GET", "HEAD") and not throttling.public_read_allowed(
            client_from_request(request)
        ):
            return render(request, "feedback/public_busy.html", status=429)
        response = view(request, *args, **kwargs)
        ensure_device_cookie(request, response)
        return response

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    wrapped.public = True
    return wrapped


def _levels():
    return [
        {"value": value, "label": label, "negative": value <= NEGATIVE_MAX_LEVEL}
        for value, label in RatingLevel.choices
    ]


def _status(form, error=None) -> int:
    if error is not None and is_throttle(error):
        return 429
    return 400 if form.errors else 200


@public_page
@require_http_methods(["GET", "POST"])
def rate(request, token: str):
    """The window's page: who serves it, the five levels (one tap), reasons for a negative
    rating, and the way to the suggestion book."""
    card = selectors.card_get_by_token_cached(token=token)
    form = RatingForm(request.POST or None, initial={"submission": secrets.token_urlsafe(16)})
    error = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.rating_submit(
                actor=request.user,
                card=card,
                level=data["level"],
                reasons=data["reasons"],
                comment=data["comment"],
                honeypot=data["website"],
                client=client_from_request(request),
                submission=data["submission"],
            )
        except ValidationError as exc:
            error = exc
            add_service_errors(form, exc)
        else:
            return redirect("feedback:rate-thanks", token=card.token)
    serving = selectors.serving_staff_cached(window=card.window)
    return render(
        request,
        "feedback/public_rate.html",
        {
            "card": card,
            "window": card.window,
            "serving": serving,
            "form": form,
            "levels": _levels(),
        },
        status=_status(form, error),
    )


@public_page
def rate_thanks(request, token: str):
    card = selectors.card_get_by_token_cached(token=token)
    return render(request, "feedback/public_thanks.html", {"card": card, "window": card.window})


@public_page
@require_http_methods(["GET", "POST"])
def book(request, token: str):
    """The window's suggestion book: kind, text, optional name and contact."""
    card = selectors.card_get_by_token_cached(token=token)
    form = EntryForm(request.POST or None, initial={"kind": request.GET.get("kind", "")})
    error = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.entry_submit(
                actor=request.user,
                card=card,
                kind=data["kind"],
                topic=data["topic"],
                text=data["text"],
                contact_name=data["contact_name"],
                contact=data["contact"],
                honeypot=data["website"],
                client=client_from_request(request),
            )
        except ValidationError as exc:
            error = exc
            add_service_errors(form, exc)
        else:
            return redirect(
                reverse("feedback:track-entry", kwargs={"code": entry.tracking_code}) + "?new=1"
            )
    return render(
        request,
        "feedback/public_book.html",
        {"card": card, "window": card.window, "form": form},
        status=_status(form, error),
    )


@public_page
def track(request):
    """Type a tracking code to follow an entry."""
    form = TrackForm(request.GET or None)
    if form.is_valid():
        code = form.cleaned_data["code"].strip().upper().replace("-", "").replace(" ", "")
        try:
            selectors.entry_get_by_tracking_code(code=code)
        except Http404:  # say so on the form instead of a bare 404 page
            form.add_error("code", _("No entry has this tracking code. Check it and try again."))
        else:
            return redirect("feedback:track-entry", code=code)
    return render(
        request, "feedback/public_track.html", {"form": form}, status=400 if form.errors else 200
    )


@public_page
def track_entry(request, code: str):
    """The entry, its status and the hall's replies; no contact details."""
    entry = selectors.entry_get_by_tracking_code(code=code)
    return render(
        request,
        "feedback/public_entry.html",
        {"entry": entry, "is_new": request.GET.get("new") == "1"},
    )
