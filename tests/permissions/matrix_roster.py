"""Permission matrix rows of roster: duty types, rosters, duties, swaps, check-in, feeds."""

from tests.permissions.matrix import (
    EVERYONE,
    MANAGERS,
    MANAGERS_OF_X,
    NOBODY,
    OWNER_X_AND_MANAGERS,
    SEES_X,
    SIGNED_IN,
    Access,
)

ACCESS = [
    Access("api/assignments/", "GET", SIGNED_IN),
    Access("api/assignments/", "POST", MANAGERS),
    Access(
        "api/assignments/<pk>/",
        "GET",
        SEES_X,
        url=lambda w: f"/api/assignments/{w.assignment_x.pk}/",
    ),
    Access(
        "api/assignments/<pk>/accept-replacement/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/api/assignments/{w.assignment_x.pk}/accept-replacement/",
    ),
    Access(
        "api/assignments/<pk>/move/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/api/assignments/{w.assignment_x.pk}/move/",
    ),
    Access(
        "api/assignments/<pk>/remove/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/api/assignments/{w.assignment_x.pk}/remove/",
    ),
    Access(
        "api/assignments/<pk>/replace/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/api/assignments/{w.assignment_x.pk}/replace/",
    ),
    Access(
        "api/assignments/<pk>/swap/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/api/assignments/{w.assignment_x.pk}/swap/",
    ),
    Access("api/roster-edits/", "GET", MANAGERS),
    Access(
        "api/roster-edits/<pk>/",
        "GET",
        MANAGERS_OF_X,
        url=lambda w: f"/api/roster-edits/{_edit_x(w).pk}/",
    ),
    Access(
        "api/roster-edits/<pk>/undo/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/api/roster-edits/{_edit_x(w).pk}/undo/",
    ),
    Access("api/checkins/", "GET", SIGNED_IN),
    Access("api/checkins/", "POST", SIGNED_IN),
    Access(
        "api/checkins/<pk>/",
        "GET",
        OWNER_X_AND_MANAGERS,
        url=lambda w: f"/api/checkins/{w.checkin_x.pk}/",
    ),
    Access("api/comp-time/", "GET", SIGNED_IN),
    Access("api/duty-preferences/", "GET", SIGNED_IN),
    Access("api/duty-preferences/", "POST", SIGNED_IN),
    Access(
        "api/duty-preferences/<pk>/",
        "GET",
        OWNER_X_AND_MANAGERS,
        url=lambda w: f"/api/duty-preferences/{w.preference_x.pk}/",
    ),
    Access(
        "api/duty-preferences/<pk>/",
        "DELETE",
        OWNER_X_AND_MANAGERS,
        url=lambda w: f"/api/duty-preferences/{w.preference_x.pk}/",
    ),
    Access("api/duty-preferences/weekdays/", "PUT", SIGNED_IN),
    Access("api/duty-types/", "GET", SIGNED_IN),
    Access("api/duty-types/", "POST", MANAGERS),
    Access(
        "api/duty-types/<pk>/", "GET", SEES_X, url=lambda w: f"/api/duty-types/{w.duty_type_x.pk}/"
    ),
    Access(
        "api/duty-types/<pk>/",
        "PATCH",
        MANAGERS_OF_X,
        url=lambda w: f"/api/duty-types/{w.duty_type_x.pk}/",
    ),
    Access(
        "api/duty-types/<pk>/",
        "PUT",
        MANAGERS_OF_X,
        url=lambda w: f"/api/duty-types/{w.duty_type_x.pk}/",
    ),
    Access(
        "api/duty-types/<pk>/",
        "DELETE",
        MANAGERS_OF_X,
        url=lambda w: f"/api/duty-types/{w.duty_type_x.pk}/",
    ),
    Access("api/feed-token/", "GET", SIGNED_IN),
    Access("api/feed-token/", "POST", SIGNED_IN),
    Access("api/feed-token/", "DELETE", SIGNED_IN),
    Access("api/rosters/", "GET", SIGNED_IN),
    Access("api/rosters/<pk>/", "GET", SEES_X, url=lambda w: f"/api/rosters/{w.roster_x.pk}/"),
    Access(
        "api/rosters/<pk>/publish/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/api/rosters/{w.roster_x.pk}/publish/",
    ),
    Access(
        "api/rosters/<pk>/withdraw/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/api/rosters/{w.roster_x.pk}/withdraw/",
    ),
    Access("api/rosters/generate/", "POST", MANAGERS),
    Access("api/swaps/", "GET", SIGNED_IN),
    Access("api/swaps/", "POST", SIGNED_IN),
    Access(
        "api/swaps/<pk>/", "GET", OWNER_X_AND_MANAGERS, url=lambda w: f"/api/swaps/{w.swap_x.pk}/"
    ),
    Access(
        "api/swaps/<pk>/accept/", "POST", NOBODY, url=lambda w: f"/api/swaps/{w.swap_x.pk}/accept/"
    ),
    Access(
        "api/swaps/<pk>/approve/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/api/swaps/{w.swap_x.pk}/approve/",
    ),
    Access(
        "api/swaps/<pk>/cancel/",
        "POST",
        frozenset({"cadre_x"}),
        url=lambda w: f"/api/swaps/{w.swap_x.pk}/cancel/",
    ),
    Access(
        "api/swaps/<pk>/decline/",
        "POST",
        NOBODY,
        url=lambda w: f"/api/swaps/{w.swap_x.pk}/decline/",
    ),
    Access(
        "api/swaps/<pk>/reject/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/api/swaps/{w.swap_x.pk}/reject/",
        data={"note": "Matrix"},
    ),
    Access("roster/", "GET", SIGNED_IN),
    Access("roster/<pk>/", "GET", SEES_X, url=lambda w: f"/roster/{w.roster_x.pk}/"),
    Access(
        "roster/<pk>/duties/<assignment_pk>/accept-replacement/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/roster/{w.roster_x.pk}/duties/{w.assignment_x.pk}/accept-replacement/",
    ),
    Access(
        "roster/<pk>/duties/<assignment_pk>/",
        "GET",
        MANAGERS_OF_X,
        url=lambda w: f"/roster/{w.roster_x.pk}/duties/{w.assignment_x.pk}/",
        why="a cell of the grid: only its managers change duties (a cadre who sees it: 403)",
    ),
    Access(
        "roster/<pk>/duties/<assignment_pk>/<action>/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/roster/{w.roster_x.pk}/duties/{w.assignment_x.pk}/move/",
    ),
    Access(
        "roster/<pk>/edit/<operation>/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/roster/{w.roster_x.pk}/edit/add/",
    ),
    Access(
        "roster/<pk>/edits/<edit_pk>/undo/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/roster/{w.roster_x.pk}/edits/{_edit_x(w).pk}/undo/",
    ),
    Access(
        "roster/<pk>/publish/",
        "GET",
        MANAGERS_OF_X,
        url=lambda w: f"/roster/{w.roster_x.pk}/publish/",
        why="the confirmation step before publishing",
    ),
    Access(
        "roster/<pk>/publish/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/roster/{w.roster_x.pk}/publish/",
    ),
    Access(
        "roster/<pk>/withdraw/",
        "GET",
        MANAGERS_OF_X,
        url=lambda w: f"/roster/{w.roster_x.pk}/withdraw/",
    ),
    Access(
        "roster/<pk>/withdraw/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/roster/{w.roster_x.pk}/withdraw/",
    ),
    Access("roster/checkin/", "GET", SIGNED_IN),
    Access("roster/checkin/", "POST", SIGNED_IN),
    Access(
        "roster/comp-time/",
        "GET",
        frozenset({"cadre_x", "cadre_y", "manager_x", "manager_y", "integrity", "leader"}),
    ),
    Access(
        "roster/comp-time/",
        "POST",
        frozenset({"cadre_x", "cadre_y", "manager_x", "manager_y", "integrity", "leader"}),
    ),
    Access("roster/duty-types/", "GET", SIGNED_IN),
    Access(
        "roster/duty-types/<pk>/edit/",
        "GET",
        MANAGERS_OF_X,
        url=lambda w: f"/roster/duty-types/{w.duty_type_x.pk}/edit/",
    ),
    Access(
        "roster/duty-types/<pk>/edit/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/roster/duty-types/{w.duty_type_x.pk}/edit/",
    ),
    Access("roster/duty-types/new/", "GET", MANAGERS),
    Access("roster/duty-types/new/", "POST", MANAGERS),
    Access(
        "roster/export.xlsx",
        "GET",
        frozenset({"manager_x", "manager_y", "leader", "admin"}),
        url=lambda w: f"/roster/export.xlsx?unit={w.hall_x.pk}&start={w.days[0]}&end={w.days[20]}",
    ),
    Access(
        "roster/feed/",
        "GET",
        frozenset({"cadre_x", "cadre_y", "manager_x", "manager_y", "integrity", "leader"}),
    ),
    Access(
        "roster/feed/",
        "POST",
        frozenset({"cadre_x", "cadre_y", "manager_x", "manager_y", "integrity", "leader"}),
    ),
    Access(
        "roster/feed/<token>.ics",
        "GET",
        EVERYONE,
        url=lambda w: f"/roster/feed/{w.feed_token.token}.ics",
    ),
    Access("roster/generate/", "GET", MANAGERS),
    Access("roster/generate/", "POST", MANAGERS),
    Access("roster/mine/", "GET", SIGNED_IN),
    Access("roster/notifications/", "GET", SIGNED_IN),
    Access("roster/notifications/read/", "POST", SIGNED_IN),
    Access(
        "roster/preferences/",
        "GET",
        frozenset({"cadre_x", "cadre_y", "manager_x", "manager_y", "integrity", "leader"}),
    ),
    Access(
        "roster/preferences/",
        "POST",
        frozenset({"cadre_x", "cadre_y", "manager_x", "manager_y", "integrity", "leader"}),
    ),
    Access(
        "roster/preferences/<pk>/remove/",
        "POST",
        OWNER_X_AND_MANAGERS,
        url=lambda w: f"/roster/preferences/{w.preference_x.pk}/remove/",
    ),
    Access(
        "roster/print/",
        "GET",
        SIGNED_IN,
        url=lambda w: (
            f"/roster/print/?unit={w.hall_x.pk}&year={w.days[1].year}&month={w.days[1].month}"
        ),
    ),
    Access("roster/swaps/", "GET", SIGNED_IN),
    Access("roster/swaps/", "POST", SIGNED_IN),
    Access(
        "roster/swaps/<pk>/<action>/",
        "POST",
        OWNER_X_AND_MANAGERS,
        url=lambda w: f"/roster/swaps/{w.swap_x.pk}/accept/",
    ),
]


def _edit_x(world):
    """An entry of hall X's roster log: the world's duties were added through the service."""
    return world.roster_x.edits.filter(action="add").order_by("pk").first()
