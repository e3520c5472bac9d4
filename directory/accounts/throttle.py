"""Bounding the work anonymous sign-in attempts can cause, in one process.

Every password check runs argon2 (tens of milliseconds of CPU and 64 MiB of
memory), so a flood of attempts with random names once made a signed-in
user's search 600 times slower and the server six times larger. A
``SignInGate`` therefore

- lets each client (an opaque key the web layer derives from its address)
  make ``per_minute`` attempts a minute, with a burst of as many (a token
  bucket); beyond that an attempt is refused at once (``ClientThrottled``);
- runs at most ``at_once`` password checks at the same time, in threads of
  its own at a lower CPU priority; an attempt that finds them all busy is
  refused at once instead of waiting (``ChecksBusy``), so the server's memory
  and CPU for sign-in stay bounded and its other requests come first;
- counts refused attempts per (who, client) and window instead of writing
  each one to the audit trail: the first refusal of a window is written at
  once, the rest as one count when the window is over — at the next sign-in
  attempt after that (``refused``/``ended``).

All of this lives in the memory of the process (each web worker has its own
allowance; a restart forgets it): it is about load, not about guessing. The
pause after wrong passwords, which is, lives in the store (``directory.accounts.signin``).
The tables are bounded: idle clients are forgotten, and at most ``MOST_KEYS``
are kept of each.
"""

from __future__ import annotations

import math
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from directory.errors import TooManyAttempts

#: How long refused attempts of one (who, client) are added up before their count is written.
TALLY_WINDOW = timedelta(minutes=15)
MOST_KEYS = 10_000
#: How much nicer than the server's other threads password checks run (see ``SignInGate.run``).
CHECK_NICENESS = 10
T = TypeVar("T")


def _lower_priority() -> None:
    """Make the calling thread nicer (Linux gives each thread its own nice value);
    where that is not possible it keeps its priority."""
    with suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), CHECK_NICENESS)


class ClientThrottled(TooManyAttempts):
    """This client made more sign-in attempts than its allowance; ``retry_after`` in seconds."""


class ChecksBusy(TooManyAttempts):
    """Every password check the server allows at once is running; try again in a moment."""


@dataclass(slots=True)
class _Bucket:
    tokens: float
    at: float


@dataclass(slots=True)
class _Tally:
    since: datetime
    unwritten: int = 0


class SignInGate:
    """The per-client allowance, the bound on password checks at once and the
    tally of refused attempts, shared by the threads of one web app."""

    def __init__(self, *, per_minute: int = 20, at_once: int = 2) -> None:
        if per_minute < 1 or at_once < 1:
            raise ValueError("per_minute and at_once must be at least 1")
        self.per_minute = per_minute
        self.at_once = at_once
        self._lock = threading.Lock()
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()
        self._tallies: OrderedDict[tuple[str, str], _Tally] = OrderedDict()
        self._checks = threading.BoundedSemaphore(at_once)
        self._pool = ThreadPoolExecutor(at_once, thread_name_prefix="password-check",
                                        initializer=_lower_priority)

    def admit(self, client: str, now: datetime) -> None:
        """Take one attempt from ``client``'s allowance; ``ClientThrottled`` when none is left."""
        rate = self.per_minute / 60.0
        moment = now.timestamp()
        with self._lock:
            self._forget_idle_clients(moment)
            bucket = self._buckets.pop(client, None) or _Bucket(float(self.per_minute), moment)
            bucket.tokens = min(float(self.per_minute),
                                bucket.tokens + max(0.0, moment - bucket.at) * rate)
            bucket.at = moment
            self._buckets[client] = bucket  # now the most recently used
            if bucket.tokens < 1:
                wait = math.ceil((1 - bucket.tokens) / rate)
                raise ClientThrottled(f"too many sign-in attempts from this client; try again in "
                                      f"{wait} second(s)", retry_after=wait)
            bucket.tokens -= 1

    def wait(self, client: str, now: datetime) -> int:
        """Seconds until ``client`` may try again (0: now), taking nothing from its allowance."""
        with self._lock:
            bucket = self._buckets.get(client)
            if bucket is None:
                return 0
            rate = self.per_minute / 60.0
            tokens = bucket.tokens + max(0.0, now.timestamp() - bucket.at) * rate
            return 0 if tokens >= 1 else math.ceil((1 - tokens) / rate)

    def _forget_idle_clients(self, moment: float) -> None:
        """Drop buckets that have filled up again (idle for a minute), oldest first,
        and the oldest beyond ``MOST_KEYS``."""
        while self._buckets:
            client, oldest = next(iter(self._buckets.items()))
            full_again = oldest.tokens + (moment - oldest.at) * self.per_minute / 60.0 >= self.per_minute
            if not (full_again or len(self._buckets) > MOST_KEYS):
                break
            del self._buckets[client]

    def run(self, work: Callable[..., T], *args: Any) -> T:
        """``work(*args)`` in one of the gate's own ``at_once`` threads, which run at a
        lower CPU priority: a password check gets what the server's other requests
        leave over, instead of an equal share of the cores (argon2 runs outside
        Python's lock). Call it inside ``checking``."""
        return self._pool.submit(work, *args).result()

    @contextmanager
    def checking(self) -> Iterator[None]:
        """Hold one of the ``at_once`` password checks; ``ChecksBusy`` at once if none is free."""
        if not self._checks.acquire(blocking=False):
            raise ChecksBusy("the server is busy checking other sign-ins; try again in a moment",
                             retry_after=1)
        try:
            yield
        finally:
            self._checks.release()

    def refused(self, who: str, client: str, now: datetime) -> list[tuple[str, int]]:
        """Count a refused attempt of ``who`` from ``client``. Returns the audit rows
        due now as (who, attempts): this attempt if it is the first of its window,
        and the counts of windows that are over (see ``ended``)."""
        with self._lock:
            rows = self._ended(now)
            current = self._tallies.get((who, client))
            if current is not None:
                current.unwritten += 1
            else:
                self._tallies[(who, client)] = _Tally(now)
                rows.append((who, 1))
            return rows

    def ended(self, now: datetime) -> list[tuple[str, int]]:
        """(who, attempts) of every window that is over and held refused attempts
        after its first; each is returned once, to be written to the audit trail."""
        with self._lock:
            return self._ended(now)

    def _ended(self, now: datetime) -> list[tuple[str, int]]:
        found = []
        while self._tallies:  # in the order the windows started
            key, oldest = next(iter(self._tallies.items()))
            if now - oldest.since < TALLY_WINDOW and len(self._tallies) <= MOST_KEYS:
                break
            del self._tallies[key]
            if oldest.unwritten:
                found.append((key[0], oldest.unwritten))
        return found
