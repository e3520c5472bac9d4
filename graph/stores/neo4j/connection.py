"""The Neo4j store's line to the server: the URL, the official driver, reads
and writes the way Neo4j's own examples make them, and the driver's errors
turned into ``directory.errors`` once, here.

``neo4j://host:7687`` or ``bolt://host:7687`` (``+s`` / ``+ssc`` for TLS),
``?database=NAME``; user and password from ``KERNTEAMDB_NEO4J_USER`` and
``KERNTEAMDB_NEO4J_PASSWORD``. Timeouts (seconds) from
``KERNTEAMDB_NEO4J_CONNECT_TIMEOUT`` (default 5) and
``KERNTEAMDB_NEO4J_QUERY_TIMEOUT`` (default 30: one read or statement) and
``KERNTEAMDB_NEO4J_WRITE_TIMEOUT`` (default 600: a whole write, such as an
import, is one transaction). The driver keeps a pool of
connections and replaces broken ones by itself, so a server that restarts
is used again at the next call, without restarting the app.

Every call names its database (``database_``): a pooled connection would
otherwise keep the database its last user chose.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit, urlunsplit

import neo4j
from neo4j import GraphDatabase, ManagedTransaction, Query, RoutingControl, unit_of_work
from neo4j import exceptions as neo4j_errors

from directory.errors import Conflict, StoreUnavailable
from graph.stores.neo4j.pipeline import Pipeline

T = TypeVar("T")

SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")
DEFAULT_DATABASE = "neo4j"


def _seconds(name: str, default: float) -> float:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        seconds = float(value)
    except ValueError:
        raise StoreUnavailable(f"{name} must be a number of seconds, not '{value}'") from None
    if not 0 < seconds <= 3600:
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
    """One server and database: ``read`` (routed to readers), ``write`` (a
    managed transaction, retried by the driver on transient errors, rolled
    back when the work raises) and ``execute`` (one writing statement).

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
        self._prepare: Callable[[], None] | None = None
        self._preparing = threading.RLock()
        self.connect_timeout = _seconds("KERNTEAMDB_NEO4J_CONNECT_TIMEOUT", 5.0)
        self.query_timeout = _seconds("KERNTEAMDB_NEO4J_QUERY_TIMEOUT", 30.0)
        self.write_timeout = _seconds("KERNTEAMDB_NEO4J_WRITE_TIMEOUT", 600.0)
        if user is None:
            user = parts.username or os.environ.get("KERNTEAMDB_NEO4J_USER", "neo4j")
        password = password if password is not None else (
            parts.password or os.environ.get("KERNTEAMDB_NEO4J_PASSWORD", ""))
        server = urlunsplit((parts.scheme, f"{parts.hostname}:{port or 7687}", "", "", ""))
        try:
            self.driver = GraphDatabase.driver(
                server, auth=(user, password),
                connection_timeout=self.connect_timeout,
                connection_acquisition_timeout=self.connect_timeout * 2,
                # a restarting server is retried this long before a request gives up
                max_transaction_retry_time=self.connect_timeout,
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
        with self._preparing:  # other threads wait; this one may call in while preparing
            prepare, self._prepare = self._prepare, None
            if prepare is None:
                return
            try:
                prepare()
            except BaseException:
                self._prepare = prepare
                raise

    @contextmanager
    def errors(self) -> Iterator[None]:
        """The driver's errors as ``directory.errors``: an unreachable server or
        bad credentials are ``StoreUnavailable``, a broken constraint a ``Conflict``."""
        self.unreachable = False
        try:
            yield
        except neo4j_errors.ConstraintError as exc:
            raise Conflict(f"the change clashes with the store's contents ({exc.message}); "
                           "nothing was changed") from None
        except neo4j_errors.AuthError:
            raise StoreUnavailable(f"the Neo4j server at {self.url} refused the user name or "
                                   "password (KERNTEAMDB_NEO4J_USER / _PASSWORD)") from None
        except neo4j_errors.IncompleteCommit:
            self.unreachable = True
            raise StoreUnavailable(f"the connection to the Neo4j server at {self.url} broke while a "
                                   "change was being saved: it may or may not have been saved; "
                                   "look before trying again") from None
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired,
                neo4j_errors.SessionError, OSError) as exc:
            self.unreachable = True
            raise StoreUnavailable(f"cannot reach the Neo4j server at {self.url}: "
                                   f"{_reason(exc)}") from None
        except neo4j_errors.TransientError as exc:
            raise StoreUnavailable(f"the Neo4j server at {self.url} is busy: {exc.message}") from None
        except neo4j_errors.DatabaseError as exc:
            raise StoreUnavailable(f"the Neo4j server at {self.url} failed: {exc.message}") from None
        except neo4j_errors.ClientError as exc:
            message = exc.message or ""
            if "TransactionTimedOut" in (exc.code or ""):
                raise StoreUnavailable(f"the Neo4j server at {self.url} stopped a request that took "
                                       "longer than its time limit (KERNTEAMDB_NEO4J_QUERY_TIMEOUT / "
                                       "_WRITE_TIMEOUT); nothing was changed") from None
            if "database" in message.lower() and "not" in message.lower():
                raise StoreUnavailable(f"no database '{self.database}' on {self.url}: {message}") from None
            raise StoreUnavailable(f"the Neo4j server at {self.url} refused a request "
                                   f"({exc.code}): {message}") from None
        except neo4j_errors.DriverError as exc:
            raise StoreUnavailable(f"cannot use the Neo4j server at {self.url}: {_reason(exc)}") from None

    def _query(self, text: str) -> Query:
        return Query(text, timeout=self.query_timeout)

    def read(self, text: str, **params: Any) -> list[neo4j.Record]:
        return self._query_records(text, RoutingControl.READ, params)

    def execute(self, text: str, **params: Any) -> list[neo4j.Record]:
        return self._query_records(text, RoutingControl.WRITE, params)

    def _query_records(self, text: str, routing: RoutingControl,
                       params: dict[str, Any]) -> list[neo4j.Record]:
        """One statement in its own transaction, routed to a reader or the writer."""
        self._ready()
        with self.errors():
            records, _, _ = self.driver.execute_query(
                self._query(text), params, database_=self.database, routing_=routing)
            return records

    def write(self, work: Callable[[Pipeline], T]) -> T:
        """``work(tx)`` in one managed write transaction, which the server ends
        after ``write_timeout`` seconds (a whole import is one transaction);
        ``tx`` sends what it can from a second thread (``neo4j_pipeline``)."""
        self._ready()

        def pipelined(tx: ManagedTransaction) -> T:
            with Pipeline(tx) as pipe:
                return work(pipe)

        timed = unit_of_work(timeout=self.write_timeout)(pipelined)
        with self.errors(), self.driver.session(database=self.database) as session:
            return session.execute_write(timed)

    def server_agent(self) -> str:
        """What the server calls itself (``Neo4j/5.26.0``); raises when it cannot be reached."""
        with self.errors():
            info = self.driver.get_server_info()
            return str(info.agent)


def _reason(exc: BaseException) -> str:
    text = str(getattr(exc, "message", None) or exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
