"""The Neo4j store's line to the server: the URL, the official driver, reads
and writes the way Neo4j's own examples make them, and the driver's errors
turned into ``directory.errors`` once, here.

``neo4j://host:7687`` or ``bolt://host:7687`` (``+s`` / ``+ssc`` for TLS),
``?database=NAME``; user and password from ``KERNTEAMDB_NEO4J_USER`` and
``KERNTEAMDB_NEO4J_PASSWORD``. Timeouts (seconds) from
``KERNTEAMDB_NEO4J_CONNECT_TIMEOUT`` (default 1: a server on the network
answers in milliseconds, and a page waiting for one that is down should
answer 503 soon), ``KERNTEAMDB_NEO4J_QUERY_TIMEOUT`` (default 30: one read
or statement) and ``KERNTEAMDB_NEO4J_WRITE_TIMEOUT`` (default 600: a whole
write, such as an import, is one transaction); how long a call is tried
again from ``KERNTEAMDB_NEO4J_RETRY_TIME`` (default 0.5: the server could
not be reached) and ``KERNTEAMDB_NEO4J_CONFLICT_RETRY_TIME`` (default 30: a
write clashed with another; ``graph.stores.neo4j.retries``). The driver
keeps a pool of connections and replaces broken ones by itself, so a server
that restarts is used again at the next call, without restarting the app.

Every call names its database (``database_``): a pooled connection would
otherwise keep the database its last user chose.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit, urlunsplit

import neo4j
from neo4j import READ_ACCESS, WRITE_ACCESS, GraphDatabase
from neo4j import exceptions as neo4j_errors

from directory.errors import Conflict, SaveUncertain, StoreUnavailable
from graph.stores.neo4j import retries
from graph.stores.neo4j.pipeline import Pipeline

T = TypeVar("T")

SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")
DEFAULT_DATABASE = "neo4j"


def _seconds(name: str, default: float, *, zero: bool = False) -> float:
    """Seconds from the environment variable ``name``; ``zero``: 0 is allowed (never again)."""
    value = os.environ.get(name)
    if not value:
        return default
    try:
        seconds = float(value)
    except ValueError:
        raise StoreUnavailable(f"{name} must be a number of seconds, not '{value}'") from None
    if not (0 <= seconds if zero else 0 < seconds) or seconds > 3600:
        raise StoreUnavailable(f"{name} must be between 0 and 3600 seconds, not '{value}'")
    return seconds


def _shown(url: str, *, port: bool = True) -> str:
    """The URL without a user name or password, for messages."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if port and parts.port:
        host += f":{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, ""))


class Bolt:
    """One server and database: ``read`` (routed to readers), ``write`` (one
    transaction, tried again after a clash with another write, rolled back
    when the work raises) and ``execute`` (one writing statement).

    ``when_ready(prepare)`` names work that must have run once before any
    other call (the store's constraints and checks): a server that is down
    when the app starts is then prepared for at its first call after coming up.
    """

    def __init__(self, url: str, *, user: str | None = None, password: str | None = None) -> None:
        parts = urlsplit(url)
        try:
            port = parts.port
        except ValueError:
            raise StoreUnavailable(f"cannot open '{_shown(url, port=False)}': the port is not a number "
                                   "from 1 to 65535") from None
        if parts.scheme not in SCHEMES or not parts.hostname:
            raise StoreUnavailable(f"cannot open '{_shown(url)}': write neo4j://host:7687 or "
                                   "bolt://host:7687, with ?database=NAME")
        database = parse_qs(parts.query).get("database", [DEFAULT_DATABASE])[0]
        self.url = _shown(url)
        self.database = database
        self.unreachable = False  # the last error was that the server could not be reached
        self.reached = False  # a call has got through: credentials refused later mean a stopping server
        self._prepare: Callable[[], None] | None = None
        self._preparing = threading.RLock()
        self._local = threading.local()  # ``preparing``: this thread runs ``prepare`` now
        #: called before every statement of ``read`` and ``execute`` (the store's
        #: kept values note what they were worked out from: ``graph.stores.neo4j.kept``)
        self.on_read: Callable[[], None] | None = None
        self.connect_timeout = _seconds("KERNTEAMDB_NEO4J_CONNECT_TIMEOUT", 1.0)
        self.query_timeout = _seconds("KERNTEAMDB_NEO4J_QUERY_TIMEOUT", 30.0)
        self.write_timeout = _seconds("KERNTEAMDB_NEO4J_WRITE_TIMEOUT", 600.0)
        self.budgets = retries.Budgets(_seconds("KERNTEAMDB_NEO4J_RETRY_TIME", 0.5, zero=True),
                                       _seconds("KERNTEAMDB_NEO4J_CONFLICT_RETRY_TIME", 30.0, zero=True))
        retries.configure_driver_logs()
        if user is None:
            user = parts.username or os.environ.get("KERNTEAMDB_NEO4J_USER", "neo4j")
        password = password if password is not None else (
            parts.password or os.environ.get("KERNTEAMDB_NEO4J_PASSWORD", ""))
        server = urlunsplit((parts.scheme, f"{parts.hostname}:{port or 7687}", "", "", ""))
        try:
            self.driver = GraphDatabase.driver(
                server, auth=(user, password),
                connection_timeout=self.connect_timeout,
                # a server that accepts connections but does not answer (frozen) is given up on
                # after this, so a page still answers 503 within 2 s
                connection_acquisition_timeout=self.connect_timeout + 0.5,
                # tried again here (``retries``), with a budget for each kind of failure
                max_transaction_retry_time=0.0,
                # a connection the server closed (a restart) is found out before use
                liveness_check_timeout=30.0)
        except (ValueError, neo4j_errors.ConfigurationError) as exc:
            raise StoreUnavailable(f"cannot open '{self.url}': {exc}") from None

    def close(self) -> None:
        self.driver.close()

    def when_ready(self, prepare: Callable[[], None]) -> None:
        """Run ``prepare`` now, or, when the server cannot be reached, before the
        first call that reaches it (``StoreUnavailable`` until then)."""
        self._prepare = prepare
        try:
            self._ready()
        except StoreUnavailable:
            if not self.unreachable:
                raise

    def _ready(self) -> None:
        if self._prepare is None:
            return
        # other threads wait, this one may call in while preparing; a wait longer than
        # one failed try to reach the server means another thread is upgrading the store
        if not self._preparing.acquire(timeout=self.connect_timeout + self.budgets.reach + 1.0):
            raise StoreUnavailable(f"the store on {self.url} is being prepared (its constraints or "
                                   "an upgrade) by another request; try again in a moment")
        try:
            prepare, self._prepare = self._prepare, None
            if prepare is None:
                return
            self._local.preparing = True
            try:
                prepare()
            except BaseException:
                self._prepare = prepare
                raise
            finally:
                self._local.preparing = False
        finally:
            self._preparing.release()

    @contextmanager
    def errors(self, *, saving: bool = True) -> Iterator[None]:
        """The driver's errors as ``directory.errors``: an unreachable server or
        bad credentials are ``StoreUnavailable``, a broken constraint a ``Conflict``.
        ``saving``: the call changes data, so a commit whose answer was lost may
        have saved it (a read, or preparing the store, which runs again, never)."""
        self.unreachable = False
        try:
            yield
        except neo4j_errors.ConstraintError as exc:
            raise Conflict(f"the change clashes with the store's contents ({exc.message}); "
                           "nothing was changed") from None
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError) as exc:
            raise self._unavailable(exc, saving) from None
        else:
            self.reached = True

    def _unavailable(self, exc: Exception, saving: bool) -> StoreUnavailable:
        """What went wrong, in words that say what happened (see ``errors``)."""
        at = f"the Neo4j server at {self.url}"
        unreachable = retries.stopping(exc, reached_before=self.reached) or isinstance(
            exc, (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired,
                  neo4j_errors.SessionError, OSError))
        self.unreachable = unreachable
        if isinstance(exc, neo4j_errors.IncompleteCommit) and saving:
            return SaveUncertain(f"the connection to {at} broke while a change was being saved: it "
                                 "may or may not have been saved; look before trying again")
        if retries.stopping(exc, reached_before=self.reached):
            return StoreUnavailable(f"cannot reach {at}: it is stopping or restarting")
        if unreachable:
            return StoreUnavailable(f"cannot reach {at}: {_reason(exc)}")
        if isinstance(exc, neo4j_errors.AuthError):
            return StoreUnavailable(f"{at} refused the user name or password "
                                    "(KERNTEAMDB_NEO4J_USER / _PASSWORD)")
        if isinstance(exc, neo4j_errors.TransientError):
            return StoreUnavailable(f"{at} is busy: {exc.message}"
                                    + ("; nothing was changed" if saving else ""))
        if isinstance(exc, neo4j_errors.DatabaseError):
            return StoreUnavailable(f"{at} failed: {exc.message}")
        if isinstance(exc, neo4j_errors.ClientError):
            return self._refused(exc)
        return StoreUnavailable(f"cannot use {at}: {_reason(exc)}")

    def _refused(self, exc: neo4j_errors.ClientError) -> StoreUnavailable:
        message = exc.message or ""
        if "TransactionTimedOut" in (exc.code or ""):
            return StoreUnavailable(f"the Neo4j server at {self.url} stopped a request that took "
                                    "longer than its time limit (KERNTEAMDB_NEO4J_QUERY_TIMEOUT / "
                                    "_WRITE_TIMEOUT); nothing was changed")
        if "database" in message.lower() and "not" in message.lower():
            return StoreUnavailable(f"no database '{self.database}' on {self.url} (make it on the "
                                    f"server first): {message}")
        return StoreUnavailable(f"the Neo4j server at {self.url} refused a request "
                                f"({exc.code}): {message}")

    def read(self, text: str, **params: Any) -> list[neo4j.Record]:
        return self._query_records(text, READ_ACCESS, params)

    def execute(self, text: str, **params: Any) -> list[neo4j.Record]:
        return self._query_records(text, WRITE_ACCESS, params)

    def _query_records(self, text: str, access: str, params: dict[str, Any]) -> list[neo4j.Record]:
        """One statement in its own transaction, routed to a reader or the writer."""
        self._ready()
        if self.on_read is not None:
            self.on_read()

        def once() -> list[neo4j.Record]:
            with self.driver.session(database=self.database, default_access_mode=access,
                                     bookmark_manager=self.driver.execute_query_bookmark_manager
                                     ) as session, \
                    session.begin_transaction(timeout=self.query_timeout) as tx:
                records = list(tx.run(text, params))
                tx.commit()
                return records

        writing = access == WRITE_ACCESS
        with self.errors(saving=writing and not getattr(self._local, "preparing", False)):
            return self._attempt(once, conflicts=writing)

    def write(self, work: Callable[[Pipeline], T]) -> T:
        """``work(tx)`` in one write transaction, which the server ends after
        ``write_timeout`` seconds (a whole import is one transaction); ``tx``
        sends what it can from a second thread (``neo4j_pipeline``). Tried
        again, from the start, after a clash with another write."""
        self._ready()

        def once() -> T:
            with self.driver.session(database=self.database, default_access_mode=WRITE_ACCESS) as session, \
                    session.begin_transaction(timeout=self.write_timeout) as tx:
                with Pipeline(tx) as pipe:
                    result = work(pipe)
                tx.commit()
                return result

        with self.errors(saving=True):
            return self._attempt(once, conflicts=True)

    def _attempt(self, once: Callable[[], T], *, conflicts: bool) -> T:
        return retries.attempt(once, self.budgets, conflicts=conflicts, reached_before=lambda: self.reached)

    def server_agent(self) -> str:
        """What the server calls itself (``Neo4j/5.26.0``); raises when it cannot be reached."""
        with self.errors(saving=False):
            info = self.driver.get_server_info()
            return str(info.agent)


def _reason(exc: BaseException) -> str:
    """The driver's message on one line, or only the operating system's reason
    when it gives one ("Connection refused", not the address resolved twice)."""
    text = " ".join(line.strip() for line in str(getattr(exc, "message", None) or exc).splitlines()
                    if line.strip())
    reasons = re.findall(r"\(reason (?:\[Errno -?\d+\] )?([^()]+)\)", text)
    if reasons:
        return "; ".join(dict.fromkeys(reasons))
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, OSError) and cause.strerror:
        return f"{text} ({cause.strerror})" if text else cause.strerror
    return text or type(exc).__name__
