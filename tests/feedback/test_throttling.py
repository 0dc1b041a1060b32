"""Abuse limits: per device and per address, configurable, shared across processes."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from feedback import services, throttling
from feedback.errors import FeedbackError
from feedback.models import Rating, SuggestionEntry
from feedback.throttling import Client
from tests.config.test_redis_cache import redis_url  # noqa: F401 - the fixture

ROOT = Path(__file__).resolve().parents[2]


def rate(card, client, level=5):
    return services.rating_submit(actor=None, card=card, level=level, client=client)


def test_one_device_rates_a_window_once_per_ten_minutes(card):
    phone = Client(device="phone-1", ip="10.0.0.1")
    rate(card, phone)

    with pytest.raises(ValidationError) as caught:
        rate(card, phone, level=1)

    assert caught.value.code == FeedbackError.RATING_THROTTLED
    assert Rating.objects.count() == 1


def test_another_device_on_the_same_network_still_rates(card):
    rate(card, Client(device="phone-1", ip="10.0.0.1"))

    rate(card, Client(device="phone-2", ip="10.0.0.1"))

    assert Rating.objects.count() == 2


def test_the_device_window_is_configurable(card, settings):
    settings.FEEDBACK = {**settings.FEEDBACK, "RATING_DEVICE_SECONDS": 1}
    phone = Client(device="phone-1", ip="10.0.0.1")
    rate(card, phone)
    # A one-second window: the cache forgets the device; simulated by deleting the key.
    throttling.release_once(f"rating:{card.window_id}:{phone.device_key}")

    rate(card, phone)

    assert Rating.objects.count() == 2


def test_an_address_is_limited_per_hour_as_configured(card, settings):
    settings.FEEDBACK = {**settings.FEEDBACK, "RATINGS_PER_IP_HOUR": 2}
    for n in range(2):
        rate(card, Client(device=f"phone-{n}", ip="10.0.0.9"))

    with pytest.raises(ValidationError) as caught:
        rate(card, Client(device="phone-3", ip="10.0.0.9"))

    assert caught.value.code == FeedbackError.IP_THROTTLED
    rate(card, Client(device="phone-3", ip="10.0.0.10"))


def test_a_refused_rating_does_not_use_up_the_devices_visit(card):
    phone = Client(device="phone-1", ip="10.0.0.1")
    with pytest.raises(ValidationError):
        services.rating_submit(actor=None, card=card, level=9, client=phone)

    rate(card, phone)

    assert Rating.objects.count() == 1


def test_entries_are_limited_per_device_per_hour(card, settings):
    settings.FEEDBACK = {**settings.FEEDBACK, "ENTRIES_PER_DEVICE_HOUR": 1}
    phone = Client(device="phone-1", ip="10.0.0.1")
    services.entry_submit(actor=None, card=card, kind="praise", text="Great", client=phone)

    with pytest.raises(ValidationError) as caught:
        services.entry_submit(actor=None, card=card, kind="praise", text="Again", client=phone)

    assert caught.value.code == FeedbackError.ENTRY_THROTTLED


def _take_in_new_process(scope: str, redis: str) -> str:
    code = (
        "import django; django.setup()\n"
        "from feedback import throttling\n"
        f"print(throttling.take_once({scope!r}, seconds=60))\n"
    )
    env = {
        **os.environ,
        "DEBUG": "1",
        "REDIS_URL": redis,
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_with_redis_a_device_throttled_by_one_process_is_throttled_in_another(redis_url):  # noqa: F811
    scope = f"rating:test:{uuid.uuid4()}"

    first = _take_in_new_process(scope, redis_url)
    second = _take_in_new_process(scope, redis_url)

    assert (first, second) == ("True", "False")


def test_demo_data_written_without_a_client_is_not_limited(card, settings):
    settings.FEEDBACK = {**settings.FEEDBACK, "ENTRIES_PER_DEVICE_HOUR": 1}

    for _n in range(3):
        services.entry_submit(actor=None, card=card, kind="praise", text="Good", client=None)

    assert SuggestionEntry.objects.count() == 3


def test_public_reads_are_limited_per_address_per_minute_pages_and_api(card, client, settings):
    """Guessing tracking codes or scraping the cards is slowed; a submission is not a read."""
    settings.FEEDBACK = {**settings.FEEDBACK, "PUBLIC_READS_PER_IP_MINUTE": 3}
    for _ in range(2):
        assert client.get(f"/r/{card.token}/").status_code == 200
    assert client.get(f"/api/feedback/public/windows/{card.token}/").status_code == 200

    page = client.get(f"/r/{card.token}/")
    assert page.status_code == 429
    assert "Please try again in a minute" in page.content.decode()
    assert client.get("/api/feedback/public/entries/NOSUCHCODE/").status_code == 429
    # Another address still reads.
    other = client.get(f"/r/{card.token}/", REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 200
    # Submitting is not counted against the reads (it has its own limits).
    response = client.post(
        f"/api/feedback/public/windows/{card.token}/ratings/",
        {"level": 5, "device": "phone-9"},
        content_type="application/json",
    )
    assert response.status_code == 201


@pytest.fixture
def redis_cache(redis_url, settings):  # noqa: F811
    """The cache as production runs it: Redis (the test's own database number)."""
    from django.core.cache import caches

    settings.CACHES = {
        "default": {
            "BACKEND": "kernel.cache.ReusedClientRedisCache",
            "LOCATION": redis_url,
        }
    }
    # Django's setting_changed handler gives `cache` the new backend (and back after).
    assert type(caches["default"]).__name__ == "ReusedClientRedisCache"
    yield caches["default"]
    caches["default"].clear()


@pytest.mark.parametrize("backend", ["locmem", "redis"])
def test_a_ratings_two_limits_taken_together_answer_as_the_two_calls(backend, request):
    """take_once_and_count: the device's visit and the address's count, one round trip
    with Redis, the same answers and keys as take_once and take_count."""
    if backend == "redis":
        request.getfixturevalue("redis_cache")
        # One pipeline: neither of the two calls is made.
        monkeypatch = request.getfixturevalue("monkeypatch")
        for name in ("take_once", "take_count"):
            monkeypatch.setattr(throttling, name, None)
    scope = uuid.uuid4().hex
    take = lambda device: throttling.take_once_and_count(  # noqa: E731
        f"rating:{scope}:{device}", once_seconds=60, count_scope=scope, limit=2, seconds=60
    )

    assert take("a") == (True, True)
    assert take("a") == (False, True)  # the device again: its visit is used, the count too
    assert take("b") == (True, False)  # the address's third: over the limit of 2
    request.getfixturevalue("monkeypatch").undo()
    assert throttling.take_count(scope, limit=3, seconds=60) is False  # the same count: 4
    throttling.release_once(f"rating:{scope}:a")
    assert throttling.take_once(f"rating:{scope}:a", seconds=60) is True  # the same key


def test_with_redis_the_rating_limits_hold_across_processes(redis_url):  # noqa: F811
    """Two processes rating from one address: with the shared count, limit 3 lets three
    through between them, and one device's visit is taken once."""
    scope = uuid.uuid4().hex
    code = (
        "import json, django; django.setup()\n"
        "from feedback import throttling\n"
        "print(json.dumps([throttling.take_once_and_count("
        f"'rating:{scope}:' + str(n % 2), once_seconds=60, count_scope={scope!r}, "
        "limit=3, seconds=60) for n in range(3)]))\n"
    )
    env = {**os.environ, "DEBUG": "1", "REDIS_URL": redis_url}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", code], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    answers = []
    for process in processes:
        out, _err = process.communicate(timeout=120)
        assert process.returncode == 0
        answers += json.loads(out.strip().splitlines()[-1])

    assert sum(within for _once, within in answers) == 3
    assert sum(once for once, _within in answers) == 2  # devices 0 and 1, once each
