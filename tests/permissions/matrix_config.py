"""Permission matrix rows of the site itself: sign-in, API root, schema, docs, tokens."""

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
    Access("accounts/login/", "GET", EVERYONE),
    Access("accounts/login/", "POST", EVERYONE),
    Access("accounts/logout/", "POST", NOBODY),
    Access("api/", "GET", SIGNED_IN),
    Access("api/auth/token/", "POST", EVERYONE),
    Access("api/docs/", "GET", EVERYONE),
    Access("api/schema/", "GET", EVERYONE),
    Access("healthz", "GET", EVERYONE, why="the load balancer's probe"),
    Access("api/auth/logout/", "POST", SIGNED_IN),
    Access("api/auth/tokens/", "GET", SIGNED_IN, why="each sees only their own tokens"),
    Access(
        "api/auth/tokens/<pk>/revoke/",
        "POST",
        frozenset({"cadre_x"}),
        url=lambda w: f"/api/auth/tokens/{w.api_token_x.pk}/revoke/",
    ),
    Access(
        "api/<path>/",
        "GET",
        NOBODY,
        url="/api/no-such-thing/",
        why="no route: the API's JSON 404 for everyone",
    ),
]


def extend_world(world):
    from kernel.tokens import api_token_issue

    world.objects["api_token_x"] = api_token_issue(user=world.cadre_x.user)[0]
