import pytest
from django.conf import settings
from django.utils import translation
from rest_framework.test import APIClient

from kernel.roles import Role
from tests import factories
from tests.browser import find_chromium


@pytest.fixture(scope="session", autouse=True)
def flush_through_append_only_triggers():
    """The test runner empties the database with `flush` after each transactional test;
    integrity files' append-only triggers refuse that on SQLite unless told it is a purge
    (integrity_files/db.py)."""
    from django.core.management.commands import flush

    from integrity_files.db import purge_allowed

    original = flush.Command.handle

    def handle(self, *args, **options):
        with purge_allowed():
            return original(self, *args, **options)

    flush.Command.handle = handle
    yield
    flush.Command.handle = original


def pytest_report_header(config):
    chromium = find_chromium()
    if chromium:
        return f"browser tests: Chromium at {chromium}"
    return "browser tests: NO CHROMIUM FOUND - they will be skipped (apt-get install chromium)"


@pytest.fixture(scope="session", autouse=True)
def media_root(tmp_path_factory):
    """Uploaded files (integrity evidence) go to a temporary folder, not the worktree."""
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite the test database is a file, as in production, not Django's shared in-memory
    database: a background-job worker, the live server of the browser tests and worker
    processes write beside each other, and the in-memory database's table locks fail such
    writers at once ("database table is locked") where a file waits its timeout."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        name = tmp_path_factory.mktemp("database") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(name)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Factories give every staff member a real password; a slow hasher would dominate."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def leave_dates_unlimited_back(settings):
    """Tests date their leave in fixed months of 2026 whatever today is; the limit on
    requests far in the past has its own tests (tests/staffmgmt/test_leave_input.py)."""
    settings.LEAVE_MAX_PAST_DAYS = None


@pytest.fixture(autouse=True)
def fresh_cache():
    """Throttle counts and cached figures live in the cache: each test starts without
    the previous tests' requests counted against it."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def reset_language():
    """LocaleMiddleware activates a request's language for the whole thread; a test that
    reads a page in Chinese must not leave the next test speaking Chinese."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def hall(db):
    return factories.unit()


@pytest.fixture
def manager(hall):
    return factories.staff(unit=hall, roles=(Role.CADRE, Role.MANAGER), name="Manager Wang")


@pytest.fixture
def cadre(hall):
    return factories.staff(unit=hall, name="Cadre Li")


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def api_as():
    """An API client logged in as the given staff member."""

    def login(staff):
        client = APIClient()
        client.force_authenticate(staff.user)
        return client

    return login
