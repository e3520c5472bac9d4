"""When the Neo4j store tries a call again, for how long, and what the
driver may say about it in the logs.

Two budgets, because the two failures mean different things:

* the server cannot be reached (refused, timed out, a connection that
  broke, a server that is stopping): tried again for ``reach`` seconds
  (``KERNTEAMDB_NEO4J_RETRY_TIME``, default 0.5) — long enough to replace a
  connection the server closed, short enough that a page answers 503 within
  2 s while the server is down;
* a write that clashed with another writer's (Neo4j's
  ``Neo.TransientError.Transaction.*``: a deadlock, or ArcadeDB's "concurrent
  change to the same record" — every write takes the next revision from one
  counter node): tried again for ``conflict`` seconds
  (``KERNTEAMDB_NEO4J_CONFLICT_RETRY_TIME``, default 30), with random pauses
  so that the writers do not meet again.

The driver's own retrying is not used: it has one budget for both, and
logs a warning for every attempt. A commit whose answer was lost
(``IncompleteCommit``) is never tried again: it may have been saved.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import NamedTuple, TypeVar

from neo4j import exceptions as neo4j_errors

T = TypeVar("T")

#: Seconds before the first retry; each pause doubles up to ``LONGEST_PAUSE``.
FIRST_PAUSE = 0.1
LONGEST_PAUSE = 1.0
UNREACHABLE = "unreachable"
CONFLICT = "conflict"
#: The driver's loggers (their level and filters are not inherited by each other's records).
DRIVER_LOGGERS = ("neo4j", "neo4j.io", "neo4j.pool", "neo4j.session")


class Budgets(NamedTuple):
    """Seconds a call is tried again: when the server cannot be reached, and
    when a write clashed with another."""

    reach: float
    conflict: float


def stopping(exc: Exception, *, reached_before: bool) -> bool:
    """Whether ``exc`` is what a server says while it shuts down: ArcadeDB
    then refuses connections it accepted a moment ago ("The credentials of
    this connection are no longer valid") and answers "BEGIN not expected in
    state: AUTHENTICATION". Credentials refused before any call got through
    are a wrong user name or password."""
    if isinstance(exc, neo4j_errors.AuthError):
        return reached_before
    return isinstance(exc, neo4j_errors.ClientError) and "not expected in state" in (exc.message or "")


def failure(exc: Exception, *, reached_before: bool) -> str | None:
    """``UNREACHABLE``, ``CONFLICT``, or None: not worth trying again."""
    if isinstance(exc, neo4j_errors.IncompleteCommit):
        return None
    if isinstance(exc, neo4j_errors.TransientError) and \
            (exc.code or "").startswith("Neo.TransientError.Transaction."):
        return CONFLICT
    if stopping(exc, reached_before=reached_before):
        return UNREACHABLE
    if isinstance(exc, (neo4j_errors.Neo4jError, neo4j_errors.DriverError)) and exc.is_retryable():
        return UNREACHABLE
    return None


def attempt(once: Callable[[], T], budgets: Budgets, *, conflicts: bool,
            reached_before: Callable[[], bool]) -> T:
    """``once()``, again while its failure is worth it and its budget lasts
    (``conflicts``: a clash with another write gets the conflict budget;
    elsewhere, as in a read, it counts as the server's trouble). The last
    failure is raised as the driver raised it."""
    started = time.monotonic()
    pause = FIRST_PAUSE
    while True:
        try:
            return once()
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
            kind = failure(exc, reached_before=reached_before())
            budget = budgets.conflict if kind == CONFLICT and conflicts else budgets.reach
            if kind is None or time.monotonic() - started + pause > budget:
                raise
        time.sleep(random.uniform(pause / 2, pause))  # noqa: S311 (spreading writers, not a secret)
        pause = min(pause * 2, LONGEST_PAUSE)


class _ReportedByTheStore(logging.Filter):
    """Drops the driver's records of a connection that failed: the store
    raises that failure itself, once, as ``StoreUnavailable``; the driver's
    lines would say it again for every connection and every attempt."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = str(record.msg)
        return not ("<CONNECTION> error" in text or "will be retried" in text)


def configure_driver_logs() -> None:
    """The driver's loggers at WARNING unless someone configured them (a
    library this app loads sets the root logger to DEBUG, which would pass
    every packet the driver sends), without the records the store reports
    itself. Safe to call again."""
    for name in DRIVER_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, _ReportedByTheStore) for f in logger.filters):
            logger.addFilter(_ReportedByTheStore())
    top = logging.getLogger("neo4j")
    if top.level == logging.NOTSET:
        top.setLevel(logging.WARNING)
