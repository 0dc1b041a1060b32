"""A hall with one window whose post is held by A (Cadre Li) and B (Colleague Zhao), its
rating card, and a manager; a second hall with its own manager, for scope."""

from datetime import date, datetime, time

import pytest
from django.core.cache import cache
from django.utils import timezone

from feedback import services
from feedback.throttling import Client
from kernel.roles import Role
from tests import factories

# A Tuesday, a working day.
WORKDAY = date(2026, 3, 3)


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture(autouse=True)
def clear_cache():
    """Throttle counts and the serving cache live in the cache: each test starts clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def window(hall):
    return factories.window(unit=hall, number="3")


@pytest.fixture
def b_holder(hall):
    return factories.staff(unit=hall, name="Colleague Zhao")


@pytest.fixture
def post(window, hall, cadre, b_holder):
    post = factories.post(unit=hall, window=window, name="Invoice post")
    factories.pairing(post=post, a=cadre, b=b_holder)
    return post


@pytest.fixture
def card(window, post, manager):
    return services.window_card_issue(actor=manager.user, window=window)


@pytest.fixture
def other_hall(db):
    return factories.unit()


@pytest.fixture
def other_manager(other_hall):
    return factories.staff(unit=other_hall, roles=(Role.CADRE, Role.MANAGER), name="Manager Y")


_devices = iter(range(1, 10**9))


@pytest.fixture
def client_id():
    """A fresh taxpayer device on one address, per call."""

    def make(ip: str = "10.0.0.1") -> Client:
        return Client(device=f"device-{next(_devices)}", ip=ip)

    return make


@pytest.fixture
def submit_entry(card, client_id):
    def submit(*, kind="question", text="Where do I file?", at=None, **kwargs):
        return services.entry_submit(
            actor=None, card=card, kind=kind, text=text, client=client_id(), at=at, **kwargs
        )

    return submit


@pytest.fixture
def submit_rating(card, client_id):
    def submit(*, level=5, at=None, **kwargs):
        return services.rating_submit(
            actor=None, card=card, level=level, client=client_id(), at=at, **kwargs
        )

    return submit
