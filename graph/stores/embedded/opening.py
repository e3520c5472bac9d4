"""Opening and closing the embedded store's file: making or bringing up to
date its tables and settings, and the index snapshot kept beside it.

A mixin of ``EmbeddedStore`` (like ``SqliteChanges``), apart from the store
because opening happens once per process and reads none of what the store's
questions read: the SQL of the tables is ``graph.stores.embedded.sqlite_schema``'s,
the snapshot file ``graph.stores.embedded.snapshot``'s. The store's ``__init__``
calls ``_prepare`` and ``_load_snapshot``, then catches up with the file.
"""

from __future__ import annotations

import sqlite3
import threading
import uuid
from datetime import date
from typing import TYPE_CHECKING

from directory.errors import StoreReadOnly, StoreUnavailable
from directory.pool.bulk import collector_paused, release_freed_memory
from graph.stores.core.schema import SCHEMA_NAME, needs_upgrade
from graph.stores.embedded import snapshot
from graph.stores.embedded.memory_index import MemoryIndex
from graph.stores.embedded.sqlite_schema import DDL, MIGRATIONS, SCHEMA_VERSION, migrate
from graph.stores.embedded.sqlite_writes import WriteGuard


class SqliteOpening:
    """Part of ``EmbeddedStore`` (see the module docstring)."""

    _conn: sqlite3.Connection
    _writes: WriteGuard
    _lock: threading.RLock
    _index: MemoryIndex
    _seen: int  # the revision the index holds
    _snapshot_revision: int  # the revision of the snapshot loaded or saved, -1 if none
    file: str

    if TYPE_CHECKING:  # the store's (declared only: a method here would hide it)
        def _disk_revision(self) -> int: ...

        def _catch_up(self) -> None: ...

    def _prepare(self, create: bool) -> None:
        """Make the tables of a new store, bring an older one up to date, and
        set the connection up for writing (nothing of that on a read-only file)."""
        conn = self._conn
        conn.execute("PRAGMA foreign_keys = ON")
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "meta" in tables:
            meta = dict(conn.execute("SELECT key, value FROM meta"))
            if needs_upgrade(meta, self.file, SCHEMA_VERSION, MIGRATIONS):
                if self._writes.read_only:
                    raise StoreReadOnly(f"the store {self.file} was made by an earlier KernteamDB and "
                                        "must be brought up to date, but it is read-only")
                migrate(conn)
        elif tables or not create:
            raise StoreUnavailable(f"{self.file} is not a KernteamDB store")
        if self._writes.read_only:
            return  # as it is: nothing can be set up or added
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: a crash loses no commit
        conn.execute("PRAGMA cache_size = -65536")  # 64 MiB: big imports spill less
        if "meta" not in tables:
            conn.execute("BEGIN IMMEDIATE")  # two processes may create at once: all idempotent
            for statement in DDL.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.executemany("INSERT OR IGNORE INTO meta VALUES (?, ?)",
                             [("schema", SCHEMA_NAME), ("schema_version", SCHEMA_VERSION),
                              ("revision", "0"), ("demo", "0")])
            conn.execute("COMMIT")
        if conn.execute("SELECT 1 FROM meta WHERE key = 'store_id'").fetchone() is None:
            # every store gets an id (stores made before ids existed get one now); an
            # index snapshot is only ever used by the store whose id it carries
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT OR IGNORE INTO meta VALUES ('store_id', ?)", (uuid.uuid4().hex,))
            conn.execute("COMMIT")

    def _store_id(self) -> str:
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'store_id'").fetchone()
        return str(row[0]) if row else ""  # none yet: only in a read-only store that predates ids

    def _meta_number(self, key: str) -> int:
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return int(row[0]) if row else 0

    def _load_snapshot(self) -> None:
        """Start from the index snapshot beside the file, if there is a usable one
        (never one older than the last erasure: it would hold the erased person)."""
        with collector_paused(freeze_after=True):
            found = snapshot.load(self.file, self._store_id(), self._disk_revision(),
                                  purged=self._meta_number("purged"))
        if found is not None:
            self._seen, self._index = found
            self._snapshot_revision = self._seen

    def close(self) -> None:
        """Close the file; a large store first leaves a snapshot of its index so
        that the next process opens it quickly (see ``graph.stores.embedded.snapshot``).
        The index is let go of (a closed store answers nothing), and with it
        most of the process's memory: a million cases' index is over a GiB."""
        with self._lock:
            if len(self._index.cases) >= snapshot.MIN_CASES:
                try:
                    self._catch_up()  # so that nothing deleted meanwhile is saved again
                    if self._seen != self._snapshot_revision:
                        # the next process starts with them
                        self._index.columns.fill(self._index, date.today())
                        self._index.places()
                        snapshot.save(self.file, self._store_id(), self._seen, self._index)
                except (OSError, StoreUnavailable):
                    pass  # only a cache: the next open rebuilds the index instead
            self._conn.close()
            self._index = MemoryIndex()
            release_freed_memory()
