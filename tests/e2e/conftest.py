"""Browser tests: Playwright drives the system Chromium (Debian's `chromium` package).

Without a Chromium these tests are skipped with a message saying so, except when
HALLMARK_REQUIRE_BROWSER=1 (CI), where a missing browser is a failure.
"""

import os

import pytest

from tests.browser import find_chromium

# Playwright's sync API keeps an event loop running in the test thread; the ORM calls the
# tests make to arrange data are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    executable = find_chromium()
    if executable is None:
        message = (
            "No Chromium found (install Debian's `chromium` package or set HALLMARK_CHROMIUM): "
            "browser tests skipped."
        )
        if os.environ.get("HALLMARK_REQUIRE_BROWSER") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(10_000)
    # Pages load nothing from the internet: any request off this server fails the test.
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith(live_server.url) and not request.url.startswith("data:")
            else None
        ),
    )
    yield page
    context.close()
    assert not outside, f"page requested outside resources: {outside}"


@pytest.fixture
def login(page):
    def do_login(username: str, password: str = "pw-hallmark-test"):
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    return do_login


@pytest.fixture
def job_worker(transactional_db, settings):
    """A background-job worker beside the live server, as `make demo` runs one: the
    database backend's own worker loop, in a thread, for the length of the test."""
    import threading

    from django.db import connection
    from django_tasks_db.management.commands.db_worker import Worker

    settings.JOBS_HEARTBEAT_INTERVAL_S = 0.3
    worker = Worker(
        queue_names=["*"],
        interval=0.1,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="e2e-worker",
        excluded_queue_names=[],
    )

    def run():
        try:
            worker.run()
        finally:
            connection.close()

    thread = threading.Thread(target=run, name="e2e-job-worker", daemon=True)
    thread.start()
    yield worker
    worker.running = False
    thread.join(60)
