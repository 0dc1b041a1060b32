"""Inactivity expiry of signed-in sessions without a session write on every request.

A session ends `SESSION_COOKIE_AGE` (HALLMARK_SESSION_IDLE_MINUTES) after its last
request: a hall terminal left open signs itself out. Django's way, SESSION_SAVE_EVERY_REQUEST,
writes the session (and re-sends its cookie) on every request: three queries (a savepoint,
the UPDATE, its release) on every page, panel and API read, and a write on pages that
only read. `SessionRefreshMiddleware` writes it only when the last write is older than
`REFRESH_SECONDS`, which pushes the expiry (in the database and the cookie) on again.

The choice: a session now ends between 29 and 30 minutes after its last request
(the idle time less at most one refresh interval) instead of exactly 30; in return a
reader clicking through dashboards writes the session once a minute at most. A session
that changed (sign-in, a message, a language) is written at once, as always.
"""

import time

REFRESH_SECONDS = 60
# When the session was last written (seconds since the epoch), kept in the session itself.
REFRESHED_KEY = "_hallmark_refreshed"


class SessionRefreshMiddleware:
    """Listed right after SessionMiddleware, so it marks the session modified before
    SessionMiddleware decides whether to save it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # No cookie, or signed out (flushed): nothing to keep alive, and no session may be
        # created for an anonymous visitor by the stamp itself.
        if session is None or session.session_key is None or session.is_empty():
            return response
        now = int(time.time())
        stamp = session.get(REFRESHED_KEY)
        if session.modified or not isinstance(stamp, int) or now - stamp >= REFRESH_SECONDS:
            session[REFRESHED_KEY] = now
        return response
