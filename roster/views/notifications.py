"""Duty notices: the list, and marking them read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from roster import selectors, services


@login_required
def notifications(request):
    items = list(selectors.notification_list(user=request.user).order_by("-created_at")[:100])
    return render(request, "roster/notifications.html", {"items": items})


@login_required
@require_POST
def notifications_read(request):
    ids = request.POST.getlist("id")
    chosen = [int(i) for i in ids if i.isdigit()] if ids else None
    services.notification_mark_read(actor=request.user, notification_ids=chosen)
    return redirect("roster:notifications")


urlpatterns = [
    path("notifications/", notifications, name="notifications"),
    path("notifications/read/", notifications_read, name="notifications-read"),
]
