"""Named extension points: how an app adds to another without the other importing it.

Dependencies point one way (staffmgmt ← roster ← assessment ...). When a lower app needs
to let higher ones take part in a use case (roster flags duties when staffmgmt approves
leave; assessment gathers metrics from every source; dashboards gather panels), the lower
app declares an `ExtensionPoint` and the higher app registers a callable on it in its
`AppConfig.ready()`.

Every point states its error policy, because "what happens when an extension fails" is a
decision about the use case, not about the extension:

- `ErrorPolicy.PROPAGATE`: the extension's exception is the use case's exception. Use it
  for rules (validators) and for work that must happen with the change or not at all
  (hooks inside the service's transaction).
- `ErrorPolicy.LOG_AND_SKIP`: the failure is logged with the extension's name and the
  other extensions still run. Use it for contributions to a page (home context, panels),
  where one broken part must not take the page down.

Registration is idempotent by key (by default the callable's dotted name), so a
`ready()` that runs twice, or a test that registers again, adds nothing twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Generic, TypeVar

logger = logging.getLogger(__name__)

T = TypeVar("T", bound=Callable[..., Any])


class ErrorPolicy(Enum):
    PROPAGATE = "propagate"
    LOG_AND_SKIP = "log_and_skip"


def _default_key(extension: Callable[..., Any]) -> str:
    own_key = getattr(extension, "key", None)
    if isinstance(own_key, str):
        return own_key
    module = getattr(extension, "__module__", None) or type(extension).__module__
    name = getattr(extension, "__qualname__", None) or repr(extension)
    return f"{module}.{name}"


@dataclass
class ExtensionPoint(Generic[T]):
    """A named list of extensions (callables, or declarations such as menu entries), in
    registration order, with a stated error policy."""

    name: str
    policy: ErrorPolicy
    doc: str = ""
    _extensions: dict[str, T] = field(default_factory=dict, repr=False)

    def register(self, extension: T, *, key: str | None = None) -> T:
        """Add `extension` (once per key); returns it, so it can decorate a function."""
        self._extensions.setdefault(key or _default_key(extension), extension)
        return extension

    def unregister(self, extension_or_key: T | str) -> None:
        key = (
            extension_or_key
            if isinstance(extension_or_key, str)
            else _default_key(extension_or_key)
        )
        self._extensions.pop(key, None)

    @contextmanager
    def registered(self, extension: T, *, key: str | None = None) -> Iterator[T]:
        """Register for the duration of a block (tests). An extension already registered
        under the same key is stood in for, in its place, and comes back afterwards: a test
        replaces a real provider instead of being silently ignored beside it."""
        key = key or _default_key(extension)
        missing = object()
        previous = self._extensions.get(key, missing)
        self._extensions[key] = extension
        try:
            yield extension
        finally:
            if previous is missing:
                self._extensions.pop(key, None)
            else:
                self._extensions[key] = previous

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._extensions.values()))

    def __contains__(self, extension: object) -> bool:
        return extension in self._extensions.values()

    def __len__(self) -> int:
        return len(self._extensions)

    def keys(self) -> list[str]:
        return list(self._extensions)

    def call(self, *args: Any, **kwargs: Any) -> list[Any]:
        """Call every extension with the same arguments; their results in order.

        Under LOG_AND_SKIP a failing extension is logged and left out of the results.
        """
        results = []
        for key, extension in list(self._extensions.items()):
            if self.policy is ErrorPolicy.PROPAGATE:
                results.append(extension(*args, **kwargs))
                continue
            try:
                results.append(extension(*args, **kwargs))
            except Exception:
                logger.exception("extension %s on %s failed; skipped", key, self.name)
        return results


_points: dict[str, ExtensionPoint] = {}


def extension_point(name: str, *, policy: ErrorPolicy, doc: str = "") -> ExtensionPoint:
    """Declare (or fetch, when declared already with the same policy) a named point."""
    point = _points.get(name)
    if point is None:
        point = _points[name] = ExtensionPoint(name=name, policy=policy, doc=doc)
    elif point.policy is not policy:
        raise ValueError(f"extension point {name!r} is declared with {point.policy}")
    return point


def extension_points() -> dict[str, ExtensionPoint]:
    """Every declared point by name (for the docs and the tests)."""
    return dict(_points)
