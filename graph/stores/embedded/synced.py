"""The rule every read of the embedded store follows: under the store's lock,
after catching up with what other processes wrote (``EmbeddedStore._catch_up``).

A module of its own because both the store (``graph.stores.embedded.store``)
and its network questions (``graph.stores.embedded.network``) mark their reads
with it, and the store imports the network mixin, not the other way round.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class _Syncing(Protocol):
    _lock: threading.RLock

    def _catch_up(self) -> None: ...


def synced(method: F) -> F:
    """Run a read under the lock, after catching up with other processes."""

    @functools.wraps(method)
    def wrapper(self: _Syncing, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            self._catch_up()
            return method(self, *args, **kwargs)

    return wrapper  # type: ignore[return-value]
