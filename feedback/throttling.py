"""Abuse limits on the public submissions, counted in Django's cache.

With REDIS_URL the cache is Redis, so every process behind the load balancer counts
against the same limit; `cache.add` and `cache.incr` are atomic there (and in the local
memory cache), so two requests racing cannot both take the last place.

A client is a device (a random cookie set by the public pages, or the id an API client
sends) and an IP address. Both are only hashed into cache keys, never stored.
"""

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.redis import RedisCache

from feedback import conf

KEY_PREFIX = "feedback-throttle"


@dataclass(frozen=True)
class Client:
    device: str
    ip: str

    @property
    def device_key(self) -> str:
        # Without a device id (cookies refused), the address stands in for the device.
        return _digest(self.device or f"ip:{self.ip}")

    @property
    def ip_key(self) -> str:
        return _digest(self.ip or "unknown")


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def take_once(scope: str, *, seconds: int) -> bool:
    """True the first time `scope` is taken within `seconds`, False after that."""
    return cache.add(f"{KEY_PREFIX}:once:{scope}", 1, timeout=seconds)


def take_count(scope: str, *, limit: int, seconds: int) -> bool:
    """True while `scope` has been taken fewer than `limit` times in the current fixed
    window of `seconds`; counts the take."""
    key = _count_key(scope, seconds)
    if cache.add(key, 1, timeout=seconds):
        return limit >= 1
    try:
        return cache.incr(key) <= limit
    except ValueError:
        # The key expired between add and incr: this take opens a new window.
        cache.add(key, 1, timeout=seconds)
        return limit >= 1


def _count_key(scope: str, seconds: int) -> str:
    return f"{KEY_PREFIX}:count:{scope}:{int(time.time() // seconds)}"


def take_once_and_count(
    once_scope: str, *, once_seconds: int, count_scope: str, limit: int, seconds: int
) -> tuple[bool, bool]:
    """`take_once(once_scope)` and `take_count(count_scope)` together, as the pair
    (taken once, within the limit); both are taken whatever the other answers, as two
    calls in a row would. With Redis one round trip, where the two calls cost four (a
    rating's limits were four of its network waits): a MULTI/EXEC pipeline of SET NX EX,
    SET NX EX and INCR, so it is atomic against every other process, and on the keys and
    values the two calls use (an int is stored as itself), so either can follow it."""
    backend = caches[DEFAULT_CACHE_ALIAS]  # `cache` is a proxy: isinstance needs the backend
    if not isinstance(backend, RedisCache):
        once = take_once(once_scope, seconds=once_seconds)
        return once, take_count(count_scope, limit=limit, seconds=seconds)
    once_key = backend.make_and_validate_key(f"{KEY_PREFIX}:once:{once_scope}")
    count_key = backend.make_and_validate_key(_count_key(count_scope, seconds))
    # Django's Redis backend has no pipeline of its own: its client's connection is used.
    pipeline = backend._cache.get_client(once_key, write=True).pipeline(transaction=True)
    pipeline.set(once_key, 1, nx=True, ex=once_seconds)
    pipeline.set(count_key, 0, nx=True, ex=seconds)
    pipeline.incr(count_key)
    once, _opened, count = pipeline.execute()
    return bool(once), count <= limit


def public_read_allowed(client: Client) -> bool:
    """Whether one more public read from `client`'s address fits this minute's limit."""
    return take_count(
        f"read:{client.ip_key}", limit=conf.setting("PUBLIC_READS_PER_IP_MINUTE"), seconds=60
    )


def release_once(scope: str) -> None:
    """Give back a `take_once` when the submission failed for another reason."""
    cache.delete(f"{KEY_PREFIX}:once:{scope}")
