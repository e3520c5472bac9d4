"""Accounts in the embedded store: users, API token and session digests, failed sign-ins.

These tables sit beside the pool's but outside its revisions: a new user or
a failed sign-in is no change to the pool, so it must not make every process
reload its index or drop its caches. They are small, so every call simply
reads SQLite; that is also what makes a failed sign-in counted by one web
worker visible to all the others at once. The tables are created on first
use (``CREATE TABLE IF NOT EXISTS``), so stores made before accounts existed
get them without a new store version; so do the columns added later
(``api_tokens.expires`` and ``last_used``: an older token has neither).
Values only ever go in as parameters.
Each change takes an optional audit entry, written in its transaction.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from datetime import UTC, datetime

from directory.accounts.roles import User
from directory.errors import Conflict, NotFound, StoreUnavailable
from directory.ports import ApiToken, AuditEntry
from graph.stores.embedded.audit_sql import write_audit
from graph.stores.embedded.sqlite_writes import WriteGuard

DDL = (
    "CREATE TABLE IF NOT EXISTS users (name TEXT PRIMARY KEY, role TEXT NOT NULL, "
    "professional TEXT, password_hash TEXT, created TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS api_tokens (digest TEXT PRIMARY KEY, "
    "user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE, created TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS login_failures (name TEXT NOT NULL, at REAL NOT NULL)",
    "CREATE INDEX IF NOT EXISTS login_failures_name_at ON login_failures(name, at)",
    # browser sessions; times in POSIX seconds, as login_failures keeps them
    "CREATE TABLE IF NOT EXISTS sessions (digest TEXT PRIMARY KEY, "
    "user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE, created REAL NOT NULL, "
    "expires REAL NOT NULL)",
    "CREATE INDEX IF NOT EXISTS sessions_user ON sessions(user)",
    "CREATE INDEX IF NOT EXISTS sessions_expires ON sessions(expires)",
)
#: Columns added to a table after it was first made: (table, column, type).
ADDED_COLUMNS = (("api_tokens", "expires", "TEXT"), ("api_tokens", "last_used", "TEXT"),
                 ("users", "issuer", "TEXT"), ("users", "subject", "TEXT"))
#: Made once the added columns are there: one user per identity at an identity provider
#: (users with a password have neither, and NULLs never clash).
AFTER_COLUMNS = ("CREATE UNIQUE INDEX IF NOT EXISTS users_identity ON users(issuer, subject)",)
_USER_COLUMNS = "u.name, u.role, u.professional, u.password_hash, u.created, u.issuer, u.subject"
_UserRow = tuple[str, str, str | None, str | None, str, str | None, str | None]


def _user(row: _UserRow) -> User:
    name, role, professional, password_hash, created, issuer, subject = row
    return User(name, role, professional, password_hash, datetime.fromisoformat(created), issuer, subject)


def _taken(user: User, name_taken: bool) -> str:
    """Why a new user cannot be stored: their name, or else their identity, is another user's."""
    if name_taken:
        return f"user '{user.name}' already exists"
    return f"{user.issuer} already signed someone in as '{user.subject}'"


def _seconds(moment: datetime) -> float:
    return moment.timestamp()


def _ensure_tables(conn: sqlite3.Connection) -> None:
    for statement in DDL:
        conn.execute(statement)
    for table, column, kind in ADDED_COLUMNS:
        present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        if column not in present:  # names from ADDED_COLUMNS only, never from input
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
    for statement in AFTER_COLUMNS:
        conn.execute(statement)


def _moment(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _token(row: tuple[str, str, str, str | None, str | None]) -> ApiToken:
    digest, name, created, expires, last_used = row
    return ApiToken(digest, name, datetime.fromisoformat(created), _moment(expires), _moment(last_used))


_TOKEN_COLUMNS = "t.digest, t.user, t.created, t.expires, t.last_used"


def remove_accounts(conn: sqlite3.Connection, names: Iterable[str]) -> None:
    """Inside another change (an erasure): users, their tokens, sessions and counted failures go."""
    _ensure_tables(conn)
    for name in names:
        conn.execute("DELETE FROM api_tokens WHERE user = ?", (name,))
        conn.execute("DELETE FROM sessions WHERE user = ?", (name,))
        conn.execute("DELETE FROM users WHERE name = ?", (name,))
        conn.execute("DELETE FROM login_failures WHERE name = ?", (name,))


def relink_accounts(conn: sqlite3.Connection, moves: Mapping[str, str]) -> None:
    """Inside another change (a merge): accounts of a merged professional act as the one kept."""
    _ensure_tables(conn)
    conn.executemany("UPDATE users SET professional = ? WHERE professional = ?",
                     ((new, old) for old, new in moves.items()))


class SqliteAccounts:
    """The account methods of ``directory.ports.Store`` for a store that keeps
    one SQLite connection in ``_conn`` guarded by ``_lock`` (the embedded store)."""

    _conn: sqlite3.Connection
    _writes: WriteGuard
    _lock: threading.RLock
    file: str
    _accounts_ready: bool = False

    @contextmanager
    def _accounts(self, *, write: bool = False) -> Iterator[sqlite3.Connection]:
        """The connection, under the lock, with the tables there; a write is one
        ``BEGIN IMMEDIATE`` transaction. SQLite errors become ``StoreUnavailable``."""
        with self._lock:
            conn = self._conn
            try:
                if not self._accounts_ready and not self._writes.read_only:
                    with self._writes.transaction(conn):
                        _ensure_tables(conn)
                    self._accounts_ready = True
                if not write:
                    yield conn
                    return
                with self._writes.transaction(conn):
                    yield conn
            except sqlite3.IntegrityError:
                raise
            except sqlite3.Error as exc:
                with suppress(sqlite3.Error):  # a closed connection cannot even say so
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                raise StoreUnavailable(f"cannot use the accounts of {self.file}: {exc}") from None

    @contextmanager
    def _audited(self, audit: AuditEntry | None) -> Iterator[sqlite3.Connection]:
        """A write transaction that also writes ``audit`` (when given)."""
        with self._accounts(write=True) as conn:
            yield conn
            if audit is not None:
                write_audit(conn, [audit], None)

    def add_user(self, user: User, *, audit: AuditEntry | None = None) -> None:
        created = (user.created or datetime.now(UTC)).isoformat()
        try:
            with self._audited(audit) as conn:
                conn.execute("INSERT INTO users (name, role, professional, password_hash, created, "
                             "issuer, subject) VALUES (?, ?, ?, ?, ?, ?, ?)",
                             (user.name, user.role, user.professional, user.password_hash, created,
                              user.issuer, user.subject))
        except sqlite3.IntegrityError as exc:
            raise Conflict(_taken(user, "users.name" in str(exc))) from None

    def update_user(self, user: User, *, audit: AuditEntry | None = None,
                    keep_session: str | None = None) -> None:
        with self._audited(audit) as conn:
            changed = conn.execute("UPDATE users SET role = ?, professional = ?, password_hash = ? "
                                   "WHERE name = ?",
                                   (user.role, user.professional, user.password_hash, user.name))
            if changed.rowcount == 0:
                raise NotFound(f"unknown user '{user.name}'")
            conn.execute("DELETE FROM sessions WHERE user = ? AND digest IS NOT ?", (user.name, keep_session))

    def remove_user(self, name: str, *, audit: AuditEntry | None = None) -> None:
        with self._audited(audit) as conn:
            conn.execute("DELETE FROM api_tokens WHERE user = ?", (name,))
            conn.execute("DELETE FROM sessions WHERE user = ?", (name,))
            if conn.execute("DELETE FROM users WHERE name = ?", (name,)).rowcount == 0:
                raise NotFound(f"unknown user '{name}'")

    def get_user(self, name: str) -> User | None:
        with self._accounts() as conn:
            row = conn.execute(f"SELECT {_USER_COLUMNS} FROM users u WHERE u.name = ?",
                               (name,)).fetchone()
        return _user(row) if row else None

    def users(self) -> list[User]:
        with self._accounts() as conn:
            rows = conn.execute(f"SELECT {_USER_COLUMNS} FROM users u ORDER BY u.name").fetchall()
        return [_user(row) for row in rows]

    def user_by_identity(self, issuer: str, subject: str) -> User | None:
        with self._accounts() as conn:
            row = conn.execute(f"SELECT {_USER_COLUMNS} FROM users u WHERE u.issuer = ? AND u.subject = ?",
                               (issuer, subject)).fetchone()
        return _user(row) if row else None

    def add_token(self, digest: str, name: str, created: datetime, *,
                  expires: datetime | None = None, audit: AuditEntry | None = None) -> None:
        with self._audited(audit) as conn:
            if conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone() is None:
                raise NotFound(f"unknown user '{name}'")
            conn.execute("INSERT INTO api_tokens (digest, user, created, expires) VALUES (?, ?, ?, ?)",
                         (digest, name, created.isoformat(), expires and expires.isoformat()))

    def find_token(self, digest: str) -> tuple[ApiToken, User] | None:
        with self._accounts() as conn:
            row = conn.execute(f"SELECT {_TOKEN_COLUMNS}, {_USER_COLUMNS} FROM api_tokens t JOIN users u "
                               "ON u.name = t.user WHERE t.digest = ?", (digest,)).fetchone()
        return (_token(row[:5]), _user(row[5:])) if row else None

    def touch_token(self, digest: str, at: datetime) -> None:
        with self._accounts(write=True) as conn:
            conn.execute("UPDATE api_tokens SET last_used = ? WHERE digest = ?", (at.isoformat(), digest))

    def remove_token(self, digest: str, *, audit: AuditEntry | None = None) -> None:
        with self._audited(audit) as conn:
            if conn.execute("DELETE FROM api_tokens WHERE digest = ?", (digest,)).rowcount == 0:
                raise NotFound("unknown API token")

    def tokens(self) -> list[ApiToken]:
        with self._accounts() as conn:
            rows = conn.execute(f"SELECT {_TOKEN_COLUMNS} FROM api_tokens t ORDER BY t.digest").fetchall()
        return [_token(row) for row in rows]

    def add_session(self, digest: str, name: str, created: datetime, expires: datetime, *,
                    audit: AuditEntry | None = None) -> None:
        with self._audited(audit) as conn:
            if conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone() is None:
                raise NotFound(f"unknown user '{name}'")
            conn.execute("DELETE FROM sessions WHERE expires <= ?", (_seconds(created),))
            conn.execute("INSERT INTO sessions VALUES (?, ?, ?, ?)",
                         (digest, name, _seconds(created), _seconds(expires)))

    def session_user(self, digest: str, now: datetime) -> User | None:
        with self._accounts() as conn:
            row = conn.execute(f"SELECT {_USER_COLUMNS} FROM sessions s JOIN users u ON u.name = s.user "
                               "WHERE s.digest = ? AND s.expires > ?", (digest, _seconds(now))).fetchone()
        return _user(row) if row else None

    def remove_session(self, digest: str, *, audit: AuditEntry | None = None) -> None:
        with self._audited(audit) as conn:
            conn.execute("DELETE FROM sessions WHERE digest = ?", (digest,))

    def record_login_failure(self, name: str, at: datetime, *, forget_before: datetime,
                             audit: AuditEntry | None = None) -> None:
        with self._audited(audit) as conn:
            conn.execute("DELETE FROM login_failures WHERE at < ?", (_seconds(forget_before),))
            conn.execute("INSERT INTO login_failures VALUES (?, ?)", (name, _seconds(at)))

    def login_failures(self, name: str, since: datetime) -> list[datetime]:
        with self._accounts() as conn:
            rows = conn.execute("SELECT at FROM login_failures WHERE name = ? AND at >= ? ORDER BY at",
                                (name, _seconds(since))).fetchall()
        return [datetime.fromtimestamp(at, UTC) for (at,) in rows]

    def clear_login_failures(self, name: str, *, audit: AuditEntry | None = None) -> None:
        with self._audited(audit) as conn:
            conn.execute("DELETE FROM login_failures WHERE name = ?", (name,))
