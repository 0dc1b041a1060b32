"""Permission matrix rows of feedback: the taxpayers' public pages and endpoints (everyone,
by design), the inbox and entries (scoped to who handles them), the windows' QR cards."""

import itertools
import uuid

from feedback import services
from feedback.throttling import Client
from tests.permissions.matrix import EVERYONE, MANAGERS, MANAGERS_OF_X, SEES_X, SIGNED_IN, Access

# Who sees hall X's entries and follow-ups: its manager, the bureau's integrity officer and
# leaders, the administrator; a cadre only what is assigned to or owned by them.
SEES_X_CASES = SEES_X - {"cadre_x"}
# Who answers: a manager of the unit with a staff record (the administrator has none and
# does not answer taxpayers).
ANSWERS_X = frozenset({"manager_x"})
_builds = itertools.count()
NO_STAFF_RECORD = "an administrator without a staff record does not answer taxpayers"


def _card(w):
    return w.feedback_card_x.token


def _entry(w):
    return w.feedback_entry_x.pk


def _follow_up(w):
    return w.feedback_follow_up_x.pk


ACCESS = [
    # --- public pages (anonymous by design: the QR code on the window) ---
    Access("r/<token>/", "GET", EVERYONE, url=lambda w: f"/r/{_card(w)}/"),
    Access("r/<token>/", "POST", EVERYONE, url=lambda w: f"/r/{_card(w)}/", data={"level": "5"}),
    Access("r/<token>/thanks/", "GET", EVERYONE, url=lambda w: f"/r/{_card(w)}/thanks/"),
    Access("r/<token>/book/", "GET", EVERYONE, url=lambda w: f"/r/{_card(w)}/book/"),
    Access(
        "r/<token>/book/",
        "POST",
        EVERYONE,
        url=lambda w: f"/r/{_card(w)}/book/",
        data={"kind": "praise", "text": "Thank you"},
    ),
    Access("t/", "GET", EVERYONE),
    Access("t/<code>/", "GET", EVERYONE, url=lambda w: f"/t/{w.feedback_entry_x.tracking_code}/"),
    # --- staff pages ---
    Access("feedback/", "GET", SIGNED_IN),
    Access(
        "feedback/entries/<pk>/",
        "GET",
        SEES_X_CASES,
        url=lambda w: f"/feedback/entries/{_entry(w)}/",
    ),
    Access(
        "feedback/entries/<pk>/take/",
        "POST",
        ANSWERS_X,
        url=lambda w: f"/feedback/entries/{_entry(w)}/take/",
        why=NO_STAFF_RECORD,
    ),
    Access(
        "feedback/entries/<pk>/reply/",
        "POST",
        ANSWERS_X,
        url=lambda w: f"/feedback/entries/{_entry(w)}/reply/",
        data={"text": "Answer"},
        why=NO_STAFF_RECORD,
    ),
    Access(
        "feedback/entries/<pk>/close/",
        "POST",
        ANSWERS_X,
        url=lambda w: f"/feedback/entries/{_entry(w)}/close/",
        why=NO_STAFF_RECORD,
    ),
    Access(
        "feedback/entries/<pk>/assign/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/feedback/entries/{_entry(w)}/assign/",
        data=lambda w: {"assignee": w.cadre2_x.pk},
    ),
    Access(
        "feedback/entries/<pk>/verify/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/feedback/entries/{_entry(w)}/verify/",
        data={"verification": "unfounded", "note": "checked"},
    ),
    Access(
        "feedback/follow-ups/<pk>/close/",
        "POST",
        ANSWERS_X,
        url=lambda w: f"/feedback/follow-ups/{_follow_up(w)}/close/",
        data={"note": "called back"},
        why=NO_STAFF_RECORD,
    ),
    Access("feedback/windows/", "GET", MANAGERS),
    Access(
        "feedback/windows/<pk>/card/issue/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/feedback/windows/{w.window_x.pk}/card/issue/",
    ),
    Access(
        "feedback/windows/<pk>/qr.svg",
        "GET",
        MANAGERS_OF_X,
        url=lambda w: f"/feedback/windows/{w.window_x.pk}/qr.svg",
    ),
    Access(
        "feedback/windows/<pk>/card/",
        "GET",
        MANAGERS_OF_X,
        url=lambda w: f"/feedback/windows/{w.window_x.pk}/card/",
    ),
    # --- public API (anonymous by design) ---
    Access(
        "api/feedback/public/windows/<token>/",
        "GET",
        EVERYONE,
        url=lambda w: f"/api/feedback/public/windows/{_card(w)}/",
    ),
    Access(
        "api/feedback/public/windows/<token>/ratings/",
        "POST",
        EVERYONE,
        url=lambda w: f"/api/feedback/public/windows/{_card(w)}/ratings/",
        data={"level": 5},
    ),
    Access(
        "api/feedback/public/windows/<token>/entries/",
        "POST",
        EVERYONE,
        url=lambda w: f"/api/feedback/public/windows/{_card(w)}/entries/",
        data={"kind": "praise", "text": "Thank you"},
    ),
    Access(
        "api/feedback/public/entries/<tracking_code>/",
        "GET",
        EVERYONE,
        url=lambda w: f"/api/feedback/public/entries/{w.feedback_entry_x.tracking_code}/",
    ),
    # --- staff API ---
    Access("api/feedback/entries/", "GET", SIGNED_IN),
    Access("api/feedback/entries/inbox/", "GET", SIGNED_IN),
    Access(
        "api/feedback/entries/<pk>/",
        "GET",
        SEES_X_CASES,
        url=lambda w: f"/api/feedback/entries/{_entry(w)}/",
    ),
    Access(
        "api/feedback/entries/<pk>/take/",
        "POST",
        ANSWERS_X,
        url=lambda w: f"/api/feedback/entries/{_entry(w)}/take/",
        why=NO_STAFF_RECORD,
    ),
    Access(
        "api/feedback/entries/<pk>/reply/",
        "POST",
        ANSWERS_X,
        url=lambda w: f"/api/feedback/entries/{_entry(w)}/reply/",
        data={"text": "Answer"},
        why=NO_STAFF_RECORD,
    ),
    Access(
        "api/feedback/entries/<pk>/close/",
        "POST",
        ANSWERS_X,
        url=lambda w: f"/api/feedback/entries/{_entry(w)}/close/",
        why=NO_STAFF_RECORD,
    ),
    Access(
        "api/feedback/entries/<pk>/assign/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/api/feedback/entries/{_entry(w)}/assign/",
        data=lambda w: {"assignee": w.cadre2_x.pk},
    ),
    Access(
        "api/feedback/entries/<pk>/verify/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/api/feedback/entries/{_entry(w)}/verify/",
        data={"verification": "unfounded", "note": "checked"},
    ),
    Access("api/feedback/ratings/", "GET", SIGNED_IN),
    Access(
        "api/feedback/ratings/<pk>/",
        "GET",
        SEES_X,
        url=lambda w: f"/api/feedback/ratings/{w.feedback_follow_up_x.rating_id}/",
        why="the rating names cadre_x, who sees the ratings of their own service",
    ),
    Access("api/feedback/follow-ups/", "GET", SIGNED_IN),
    Access(
        "api/feedback/follow-ups/<pk>/",
        "GET",
        SEES_X_CASES,
        url=lambda w: f"/api/feedback/follow-ups/{_follow_up(w)}/",
    ),
    Access(
        "api/feedback/follow-ups/<pk>/close/",
        "POST",
        ANSWERS_X,
        url=lambda w: f"/api/feedback/follow-ups/{_follow_up(w)}/close/",
        data={"note": "called back"},
        why=NO_STAFF_RECORD,
    ),
]


def extend_world(world):
    """Hall X's window gets a rating card, a complaint in its book and a negative rating
    (with its follow-up), all through the taxpayer's services. The world is built for
    every row while the cache (the throttle counts) lives on: each build is a new device
    on a new address."""
    taxpayer = Client(device=f"matrix-{uuid.uuid4()}", ip=f"198.18.{next(_builds) % 250}.1")
    card = services.window_card_issue(actor=world.manager_x.user, window=world.window_x)
    entry = services.entry_submit(
        actor=None,
        card=card,
        kind="complaint",
        text="Matrix complaint",
        contact="matrix@example.cn",
        client=taxpayer,
    )
    rating = services.rating_submit(
        actor=None,
        card=card,
        level=1,
        reasons=["waited"],
        client=taxpayer,
    )
    world.add(feedback_card_x=card, feedback_entry_x=entry, feedback_follow_up_x=rating.follow_up)
