"""The values ``Store.derived`` keeps: worked out once per revision of the
pool, the least recently used making way first.

Each store decides when its revision has moved (the embedded store by
catching up with its file, the Neo4j store by asking the server) and then
calls ``clear`` (the pool changed: everything goes) or
``forget_consultation_values`` (only consultations changed: the values asked
for ``with_consultations`` go; search's candidate lists stay valid).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextlib import AbstractContextManager
from typing import Any, TypeVar

T = TypeVar("T")

#: How many values are kept (per revision of the pool; the least recently
#: used go first, so yesterday's lists make way for today's).
DERIVED_CACHE = 512


class DerivedValues:
    """The kept values of one store, by key, in the order of their last use.

    >>> import threading
    >>> kept, lock = DerivedValues(), threading.Lock()
    >>> kept.value("people", lambda: 5, lock=lock, version=lambda: 1)
    5
    >>> kept.value("people", lambda: 6, lock=lock, version=lambda: 1)  # kept
    5
    >>> kept.clear(); kept.value("people", lambda: 6, lock=lock, version=lambda: 2)
    6
    """

    def __init__(self) -> None:
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._consultation_keys: set[Hashable] = set()

    def value(self, key: Hashable, compute: Callable[[], T], *, lock: AbstractContextManager[Any],
              version: Callable[[], Hashable], with_consultations: bool = False) -> T:
        """The value kept under ``key``, or ``compute()``, kept when the store's
        ``version()`` did not move while it was worked out (the store has
        freshened the cache for that version just before). ``lock`` guards the
        cache; ``compute`` runs outside it unless the caller holds it."""
        with lock:
            if with_consultations:
                self._consultation_keys.add(key)
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            seen = version()
        value = compute()
        with lock:
            if version() == seen:
                self._values[key] = value
                if len(self._values) > DERIVED_CACHE:
                    self._values.popitem(last=False)  # the least recently used
        return value

    def clear(self) -> None:
        """After a change of the pool: nothing kept holds any more."""
        self._values.clear()

    def forget_consultation_values(self) -> None:
        """After a change of consultations only: what depends on them goes."""
        for key in [k for k in self._values if k in self._consultation_keys]:
            del self._values[key]
