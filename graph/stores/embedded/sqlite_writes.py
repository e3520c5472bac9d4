"""Write transactions on the embedded store's SQLite connection, and what a
failing disk means for them.

Every write is one ``BEGIN IMMEDIATE`` transaction: all of it or nothing.
When SQLite cannot save it (the disk is full, the file or its folder is
read-only) SQLite may already have rolled the transaction back itself, so the
rollback here is only tried while one is open (otherwise the error people got
was SQLite's "cannot rollback - no transaction is active"), and the error
becomes ``StorageFull`` or ``StoreReadOnly``: the web app answers 503, the
command line exits 2, neither with a traceback. The last such problem is
kept for ``/healthz`` until a write succeeds or ``PROBLEM_SHOWN`` seconds pass;
less than ``LOW_SPACE`` free beside the file is reported even before.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from directory.errors import StorageFull, StoreReadOnly, StoreUnavailable

#: How long (seconds) a failed write keeps ``/healthz`` saying not ok, when no
#: write succeeds meanwhile (a freed disk is then seen at the next write).
PROBLEM_SHOWN = 60.0
#: Less free space than this beside the store file (bytes) is a full disk for
#: ``/healthz``, before a write fails on it.
LOW_SPACE = 1 << 20
#: SQLite's primary result codes for a full disk and a read-only database
#: (the extended codes carry them in their low byte).
_FULL, _READONLY = sqlite3.SQLITE_FULL, sqlite3.SQLITE_READONLY


def storage_error(exc: sqlite3.Error, file: str) -> StoreUnavailable:
    """The directory error for an SQLite error met while writing ``file``.

    >>> type(storage_error(sqlite3.OperationalError("database or disk is full"), "k.db")).__name__
    'StorageFull'
    >>> storage_error(sqlite3.OperationalError("attempt to write a readonly database"), "k.db").message
    'the store k.db is read-only, so nothing was saved; make the file and its folder writable for this user'
    """
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    text = str(exc)
    if code == _FULL or "disk is full" in text:
        return StorageFull(f"disk full: {file} cannot grow, so nothing was saved; "
                           "free some space and try again")
    if code == _READONLY or "readonly database" in text:
        return read_only(file)
    return StoreUnavailable(f"cannot write {file}: {text}")


def read_only(file: str) -> StoreReadOnly:
    return StoreReadOnly(f"the store {file} is read-only, so nothing was saved; "
                         "make the file and its folder writable for this user")


class WriteGuard:
    """The write transactions of one store file, and the last problem they met."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.read_only = False  # opened read-only: every write is refused at once
        self._problem: StoreUnavailable | None = None
        self._since = 0.0

    @contextmanager
    def transaction(self, conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed when the block ends, rolled back when
        it raises. ``sqlite3.IntegrityError`` passes through (the caller knows
        what clashed); other SQLite errors become directory errors."""
        if self.read_only:
            raise self._failed(read_only(self.file))
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self._failed(storage_error(exc, self.file)) from None
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                with suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error) and not isinstance(exc, sqlite3.IntegrityError):
                raise self._failed(storage_error(exc, self.file)) from None
            raise
        self._problem = None

    def _failed(self, error: StoreUnavailable) -> StoreUnavailable:
        if isinstance(error, (StorageFull, StoreReadOnly)):
            self._problem, self._since = error, time.monotonic()
        return error

    def problem(self) -> StoreUnavailable | None:
        """Why writes fail now (read-only, or a recent full disk); None when they work."""
        if self.read_only:
            return read_only(self.file)
        if self._problem is not None and time.monotonic() - self._since > PROBLEM_SHOWN:
            self._problem = None
        if self._problem is not None:
            return self._problem
        free = _free_bytes(self.file)
        if free < LOW_SPACE:
            return StorageFull(f"disk full: {free} bytes are left beside {self.file}; free some space")
        return None


def _free_bytes(file: str) -> int:
    try:
        return shutil.disk_usage(os.path.dirname(os.path.abspath(file))).free
    except OSError:
        return LOW_SPACE  # cannot tell: not a reason to say not ok
