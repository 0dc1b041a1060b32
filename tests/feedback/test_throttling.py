"""Abuse limits: per device and per address, configurable, shared across processes."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from feedback import services, throttling
from feedback.errors import FeedbackError
from feedback.models import Rating
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
