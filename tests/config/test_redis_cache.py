"""With REDIS_URL set, separate processes share one cache (and so one throttle count)."""

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("HALLMARK_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_url():
    if not redis_reachable():
        message = "No Redis on 127.0.0.1:6379: the shared-cache test is skipped."
        if os.environ.get("HALLMARK_REQUIRE_SERVICES") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return REDIS_URL


def in_a_new_process(code: str, redis_url: str) -> str:
    env = {
        **os.environ,
        "DEBUG": "1",
        "REDIS_URL": redis_url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_a_value_cached_by_one_process_is_read_by_another(redis_url):
    key = f"hallmark-test-{uuid.uuid4()}"

    in_a_new_process(
        f"from django.core.cache import cache; cache.set({key!r}, 'shared', 30)", redis_url
    )
    seen = in_a_new_process(
        f"from django.core.cache import cache; print(cache.get({key!r})); cache.delete({key!r})",
        redis_url,
    )

    assert seen == "shared"


def test_sessions_go_through_the_shared_cache_when_redis_is_configured(redis_url):
    engine = in_a_new_process(
        "from django.conf import settings; print(settings.SESSION_ENGINE, "
        "settings.CACHES['default']['BACKEND'])",
        redis_url,
    )

    assert engine == (
        "django.contrib.sessions.backends.cached_db kernel.cache.ReusedClientRedisCache"
    )


def test_the_redis_client_is_kept_and_works_across_threads_and_a_fork(redis_url):
    # One client per pool instead of one per call (kernel/cache.py): the same object on
    # every call, values read from other threads (each has its own backend) and from a
    # forked child (gunicorn's workers), whose pool reconnects.
    key = f"hallmark-test-{uuid.uuid4()}"
    seen = in_a_new_process(
        f"""
import os, threading
from django.core.cache import cache
client = cache._cache.get_client(write=True)
same = client is cache._cache.get_client(write=True) is cache._cache.get_client()
cache.set({key!r}, "kept", 30)
read = []
threads = [threading.Thread(target=lambda: read.append(cache.get({key!r}))) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
reader, writer = os.pipe()
child = os.fork()
if child == 0:
    os.write(writer, str(cache.get({key!r})).encode())
    os._exit(0)
os.waitpid(child, 0)
print(same, read == ["kept"] * 4, os.read(reader, 100).decode(), cache.get({key!r}))
cache.delete({key!r})
""",
        redis_url,
    )

    assert seen == "True True kept kept"
