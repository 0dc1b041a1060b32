import threading
import time

import pytest
from django.db import connection


def run_worker(max_tasks: int | None = None) -> None:
    """The database backend's own worker loop, in this thread, until the queue is empty:
    the real path a job takes in production (claim from the queue, run, record)."""
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


@pytest.fixture
def worker():
    return run_worker


@pytest.fixture
def worker_thread():
    """The worker loop in a thread of its own (its own database connection), so a test can
    watch and cancel a job while it runs. Returns start(); join() waits for the queue."""
    threads = []

    def start():
        def loop():
            try:
                run_worker()
            finally:
                connection.close()

        thread = threading.Thread(target=loop, daemon=True)
        thread.start()
        threads.append(thread)
        return thread

    yield start
    for thread in threads:
        thread.join(60)


def wait_for(predicate, timeout: float = 30.0, step: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError("condition not met in time")


@pytest.fixture(autouse=True)
def quick_heartbeat(settings):
    settings.JOBS_HEARTBEAT_INTERVAL_S = 0.05
    settings.JOBS_HEARTBEAT_TIMEOUT_S = 5
