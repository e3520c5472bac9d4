"""The health check's own short look at the store, for ``/healthz``.

A load balancer asks every few seconds and gives up after its own timeout
(often 5 s): it must get an answer, 200 or 503, within ``ANSWER_WITHIN``
whatever the database does — down, restarting, or taking its time. So the
look runs in a thread of its own and the answer does not wait for it
longer than that: a look that has not come back counts as unavailable.
At most one look runs at a time per app; requests that come meanwhile wait
for the same one, so a hanging database never piles up threads.

It only reads (the revision, and whether the store could save), so its
reason is never that a change "may or may not have been saved".
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from directory.errors import DirectoryError, StoreUnavailable
from directory.ports import Store

#: Seconds the health check waits for the store (its answer comes within 1 s).
ANSWER_WITHIN = 0.8


@dataclass
class Look:
    """One look at the store: the revision, or why the store is not usable."""

    done: threading.Event = field(default_factory=threading.Event)
    revision: int | None = None
    problem: StoreUnavailable | None = None

    def take(self, store: Store) -> None:
        try:
            self.revision = store.revision()
            self.problem = store.write_problem()
        except DirectoryError as exc:
            self.problem = exc if isinstance(exc, StoreUnavailable) else StoreUnavailable(exc.message)
        except Exception as exc:  # noqa: BLE001 (a thread's failure must still answer the check)
            self.problem = StoreUnavailable(f"the store could not be asked: {type(exc).__name__}")
        finally:
            self.done.set()


class HealthCheck:
    """Looks at ``store`` for ``/healthz`` (see the module docstring)."""

    def __init__(self, store: Store, within: float = ANSWER_WITHIN) -> None:
        self._store = store
        self._within = within
        self._lock = threading.Lock()
        self._running: Look | None = None

    def look(self) -> Look:
        """The look now running, or a new one; its answer, or one that says it
        did not come back in time."""
        with self._lock:
            running = self._running
            if running is None or running.done.is_set():
                running = self._running = Look()
                threading.Thread(target=running.take, args=(self._store,), daemon=True,
                                 name="kernteamdb-health").start()
        if running.done.wait(self._within):
            return running
        return Look(problem=StoreUnavailable(f"the store did not answer within {self._within:g} s"))
