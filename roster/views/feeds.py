"""The private calendar feed: the page that shows, renews and revokes its URL, and the
feed itself."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from roster import selectors, services
from roster.views.common import my_staff


@login_required
def feed(request):
    """My private calendar URL: show and copy it, renew (new secret) or revoke it."""
    me = my_staff(request)
    if me is None:
        raise PermissionDenied(_("Your account has no staff record."))
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.feed_token_revoke(actor=request.user, staff=me)
            messages.success(request, _("Your calendar feed is turned off."))
        else:
            services.feed_token_issue(actor=request.user, staff=me)
            messages.success(request, _("A new calendar feed URL is ready; the old one stops."))
        return redirect("roster:feed")
    token = selectors.feed_token_active_unscoped(staff=me)
    url = ""
    if token is not None:
        url = request.build_absolute_uri(
            reverse("roster:feed-ics", args=[token.token])
            + f"?lang={translation.get_language() or 'en'}"
        )
    return render(request, "roster/feed.html", {"token": token, "url": url})


def feed_ics(request, token: str):
    """The iCalendar feed. Anonymous by design: calendar apps cannot log in, so the secret
    token in the URL is the credential; an unknown or revoked token is a 404."""
    found = selectors.feed_token_get_unscoped(token=token)
    language = request.GET.get("lang", "")
    if language not in {code for code, _name in _languages()}:
        language = "en"
    with translation.override(language):
        body = selectors.feed_calendar_unscoped(staff=found.staff)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="duties.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


def _languages():
    from django.conf import settings

    return settings.LANGUAGES


urlpatterns = [
    path("feed/", feed, name="feed"),
    path("feed/<str:token>.ics", feed_ics, name="feed-ics"),
]
