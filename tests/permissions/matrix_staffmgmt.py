"""Permission matrix rows of staffmgmt: org, posts and AB pairs, leave, coverage, calendar."""

from tests.permissions.matrix import (  # noqa: F401
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
    Access("api/absences/", "GET", SIGNED_IN),
    Access("api/absences/", "POST", SIGNED_IN),
    Access(
        "api/absences/<pk>/",
        "GET",
        frozenset({"cadre_x", "manager_x", "leader", "admin"}),
        url=lambda w: f"/api/absences/{w.absence_x.pk}/",
    ),
    Access(
        "api/absences/<pk>/approve/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/api/absences/{w.absence_x.pk}/approve/",
    ),
    Access(
        "api/absences/<pk>/cancel/",
        "POST",
        OWNER_X_AND_MANAGERS,
        url=lambda w: f"/api/absences/{w.absence_x.pk}/cancel/",
    ),
    Access(
        "api/absences/<pk>/gaps/",
        "GET",
        frozenset({"cadre_x", "manager_x", "leader", "admin"}),
        url=lambda w: f"/api/absences/{w.absence_x.pk}/gaps/",
    ),
    Access(
        "api/absences/<pk>/reject/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/api/absences/{w.absence_x.pk}/reject/",
        data={"note": "Matrix"},
    ),
    Access(
        "api/calendar/days/",
        "GET",
        SIGNED_IN,
        url=lambda w: f"/api/calendar/days/?start={w.today}&end={w.days[5]}",
    ),
    Access("api/calendar/overrides/", "GET", SIGNED_IN),
    Access("api/calendar/overrides/", "POST", frozenset({"admin"})),
    Access(
        "api/calendar/overrides/<date>/",
        "GET",
        SIGNED_IN,
        url=lambda w: f"/api/calendar/overrides/{w.override_day}/",
    ),
    Access(
        "api/calendar/overrides/<date>/",
        "PATCH",
        frozenset({"admin"}),
        url=lambda w: f"/api/calendar/overrides/{w.override_day}/",
    ),
    Access(
        "api/calendar/overrides/<date>/",
        "DELETE",
        frozenset({"admin"}),
        url=lambda w: f"/api/calendar/overrides/{w.override_day}/",
    ),
    Access(
        "api/calendar/periods/",
        "GET",
        SIGNED_IN,
        url=lambda w: f"/api/calendar/periods/?start={w.today}&end={w.days[20]}",
    ),
    Access(
        "api/coverage/gaps/",
        "GET",
        SIGNED_IN,
        url=lambda w: f"/api/coverage/gaps/?start={w.today}&end={w.days[5]}",
    ),
    Access("api/org-units/", "GET", SIGNED_IN),
    Access("api/org-units/<pk>/", "GET", SEES_X, url=lambda w: f"/api/org-units/{w.hall_x.pk}/"),
    Access("api/pairings/", "GET", SIGNED_IN),
    Access("api/pairings/", "POST", MANAGERS),
    Access("api/pairings/<pk>/", "GET", SEES_X, url=lambda w: f"/api/pairings/{w.pairing_x.pk}/"),
    Access(
        "api/pairings/<pk>/end/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/api/pairings/{w.pairing_x.pk}/end/",
    ),
    Access("api/posts/", "GET", SIGNED_IN),
    Access("api/posts/", "POST", MANAGERS),
    Access("api/posts/<pk>/", "GET", SEES_X, url=lambda w: f"/api/posts/{w.post_x.pk}/"),
    Access("api/posts/<pk>/", "PATCH", MANAGERS_OF_X, url=lambda w: f"/api/posts/{w.post_x.pk}/"),
    Access(
        "api/posts/<pk>/coverage/",
        "GET",
        SEES_X,
        url=lambda w: f"/api/posts/{w.post_x.pk}/coverage/?date={w.days[0]}",
    ),
    Access("api/skills/", "GET", SIGNED_IN),
    Access("api/skills/<pk>/", "GET", SIGNED_IN, url=lambda w: f"/api/skills/{w.skill.pk}/"),
    Access("api/staff/", "GET", SIGNED_IN),
    Access("api/staff/", "POST", MANAGERS),
    Access("api/staff/<pk>/", "GET", SEES_X, url=lambda w: f"/api/staff/{w.cadre_x.pk}/"),
    Access("api/staff/<pk>/", "PATCH", MANAGERS_OF_X, url=lambda w: f"/api/staff/{w.cadre_x.pk}/"),
    Access("api/windows/", "GET", SIGNED_IN),
    Access("api/windows/", "POST", MANAGERS),
    Access("api/windows/<pk>/", "GET", SEES_X, url=lambda w: f"/api/windows/{w.window_x.pk}/"),
    Access(
        "api/windows/<pk>/", "PATCH", MANAGERS_OF_X, url=lambda w: f"/api/windows/{w.window_x.pk}/"
    ),
    Access("calendar/", "GET", SIGNED_IN),
    Access("calendar/", "POST", frozenset({"admin"})),
    Access("coverage/gaps/", "GET", frozenset({"manager_x", "manager_y", "leader", "admin"})),
    Access(
        "coverage/acting/<post_id>/<day>/",
        "GET",
        MANAGERS_OF_X,
        url=lambda w: f"/coverage/acting/{w.post_x.pk}/{w.days[10]}/",
    ),
    Access(
        "coverage/acting/<post_id>/<day>/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/coverage/acting/{w.post_x.pk}/{w.days[10]}/",
    ),
    Access(
        "coverage/acting/<pk>/remove/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/coverage/acting/{w.acting_x.pk}/remove/",
    ),
    Access("leave/", "GET", SIGNED_IN),
    Access("leave/", "POST", SIGNED_IN),
    Access(
        "leave/<pk>/approve/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/leave/{w.absence_x.pk}/approve/",
    ),
    Access(
        "leave/<pk>/cancel/",
        "POST",
        OWNER_X_AND_MANAGERS,
        url=lambda w: f"/leave/{w.absence_x.pk}/cancel/",
    ),
    Access(
        "leave/<pk>/reject/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/leave/{w.absence_x.pk}/reject/",
        data={"note": "Matrix"},
    ),
    Access("leave/approvals/", "GET", MANAGERS),
    Access("posts/", "GET", SIGNED_IN),
    Access("posts/<pk>/", "GET", SEES_X, url=lambda w: f"/posts/{w.post_x.pk}/"),
    Access(
        "posts/<pk>/pairings/<pairing_pk>/end/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/posts/{w.post_x.pk}/pairings/{w.pairing_x.pk}/end/",
    ),
    Access(
        "posts/<pk>/pairings/new/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/posts/{w.post_x.pk}/pairings/new/",
    ),
    Access(
        "posts/<pk>/skills/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/posts/{w.post_x.pk}/skills/",
    ),
    Access("staff/", "GET", SIGNED_IN),
    Access("staff/<pk>/", "GET", SEES_X, url=lambda w: f"/staff/{w.cadre_x.pk}/"),
    Access(
        "staff/<pk>/skills/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/staff/{w.cadre_x.pk}/skills/",
    ),
    Access("", "GET", SIGNED_IN),
]


def extend_world(world):
    """An acting holder at hall X's post on a day its A and B holders are both away."""
    from staffmgmt import services
    from tests import factories

    day = world.days[10]
    for person in (world.cadre_x, world.cadre2_x):
        factories.absence(staff=person, start_date=day, approved_by=world.manager_x)
    stand_in = factories.staff(unit=world.post_x.unit, name="Acting X")
    world.objects["acting_x"] = services.acting_assign(
        actor=world.manager_x.user,
        post=world.post_x,
        day=day,
        halves=("am",),
        acting_holder=stand_in,
    )[0]
