"""Feedback pages: staff pages under /feedback/, the taxpayers' public pages under the
short /r/ (the QR code's address should be short: a smaller, easier-to-scan code)."""

from django.urls import path

from feedback.views import public, staff

app_name = "feedback"

urlpatterns = [
    # Public (anonymous), declared one by one in feedback.views.public.
    path("r/<str:token>/", public.rate, name="rate"),
    path("r/<str:token>/thanks/", public.rate_thanks, name="rate-thanks"),
    path("r/<str:token>/book/", public.book, name="book"),
    path("t/", public.track, name="track"),
    path("t/<str:code>/", public.track_entry, name="track-entry"),
    # Staff
    path("feedback/", staff.inbox, name="inbox"),
    path("feedback/entries/<int:pk>/", staff.entry_detail, name="entry-detail"),
    path("feedback/entries/<int:pk>/take/", staff.entry_take, name="entry-take"),
    path("feedback/entries/<int:pk>/reply/", staff.entry_reply, name="entry-reply"),
    path("feedback/entries/<int:pk>/close/", staff.entry_close, name="entry-close"),
    path("feedback/entries/<int:pk>/assign/", staff.entry_assign, name="entry-assign"),
    path("feedback/entries/<int:pk>/verify/", staff.entry_verify, name="entry-verify"),
    path("feedback/follow-ups/<int:pk>/close/", staff.follow_up_close, name="follow-up-close"),
    path("feedback/windows/", staff.window_list, name="window-list"),
    path(
        "feedback/windows/<int:pk>/card/issue/", staff.window_card_issue, name="window-card-issue"
    ),
    path("feedback/windows/<int:pk>/qr.svg", staff.window_qr_svg, name="window-qr"),
    path("feedback/windows/<int:pk>/card/", staff.window_card_print, name="window-card"),
]
