"""The database side of append-only integrity records (migration 0002, ADR 0008).

SQLite triggers call `integrity_purge_allowed()`, a function this module registers on
every SQLite connection Django opens. It answers 0 unless a whole-database purge is under
way (`purge_allowed()`: `manage.py flush`, which the test runner uses between browser
tests). A connection that does not know the function (the sqlite3 shell, another
program) fails the guarded statement instead of skipping the guard: the check fails
closed. PostgreSQL needs no such function: `flush` there is a TRUNCATE, which row
triggers do not see.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db.backends.signals import connection_created

_purges = 0

PURGE_FUNCTION = "integrity_purge_allowed"


def _purge_allowed() -> int:
    return 1 if _purges else 0


@contextmanager
def purge_allowed() -> Iterator[None]:
    """Lets a whole-database wipe through the append-only triggers (SQLite only)."""
    global _purges
    _purges += 1
    try:
        yield
    finally:
        _purges -= 1


def register_sqlite_function(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(PURGE_FUNCTION, 0, _purge_allowed)


def connect() -> None:
    connection_created.connect(register_sqlite_function, dispatch_uid="integrity_purge_allowed")
