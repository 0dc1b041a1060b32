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
    Access("api/redoc/", "GET", EVERYONE),
    Access("api/schema/", "GET", EVERYONE),
]
