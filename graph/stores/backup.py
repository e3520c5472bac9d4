"""Backups while the app runs (``kernteamdb backup FILE``) and restoring one
into an empty store (``kernteamdb restore FILE``).

A backup is always one embedded store file, whatever the store: the pool,
the consultations with their schedules and notices, the user accounts with
their password hashes and API tokens, and the audit trail. So one file can
be kept, copied off the machine, opened as a store (read it with any
``kernteamdb`` command) and restored into either kind of store.

* **The embedded store** is copied with SQLite's online backup API, through
  a connection of its own: one read of one moment (WAL lets the app go on
  writing meanwhile), so the copy is consistent however busy the store is.
* **The Neo4j store** is copied by a migration into a new embedded store
  file (``directory.exchange.migration``), which reads the pool at one
  revision and refuses when the store changed while it was copied; the
  backup then starts again, a few times, and otherwise says so.

The file is written beside its name (``FILE.part``), checked (SQLite's
integrity check, and that it opens as a KernteamDB store) and only then
moved in place, owner-only (``0600``: it holds staff contact details and
password hashes). A backup that fails leaves no file behind, and an existing
file is never overwritten.

Restoring goes through the migration as well: into an empty store only,
and it counts only when the restored store exports exactly what the backup
does. The backup file itself is not touched (it is read from a copy).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from directory.errors import Conflict, InvalidInput, StoreUnavailable
from directory.exchange import migration
from directory.exchange.migration import Moved
from directory.pool.model import KINDS
from directory.ports import Store
from graph.stores import open_store
from graph.stores.core.schema import needs_upgrade
from graph.stores.embedded import snapshot, sqlite_files
from graph.stores.embedded.sqlite_schema import MIGRATIONS, SCHEMA_VERSION

#: How often a backup of a store that keeps changing is tried (Neo4j: the
#: migration refuses a source that changed while it was copied).
ATTEMPTS = 3


@dataclass(frozen=True)
class Backup:
    """What a backup holds, for the report."""

    path: Path
    revision: int
    records: dict[str, int]
    users: int
    consultations: int
    size: int


def backup(store: Store, path: str | os.PathLike[str],
           progress: Callable[[str], None] = lambda _: None) -> Backup:
    """Write the whole of ``store`` to the new file ``path`` (see the module's docstring)."""
    target = Path(path)
    if target.exists():
        raise InvalidInput(f"{target} exists already; a backup never overwrites a file "
                           "(name each backup, e.g. after its date)")
    if not target.parent.is_dir():
        raise InvalidInput(f"{target.parent} is not a folder: the backup cannot be written there")
    part = target.with_name(target.name + ".part")
    sqlite_files.remove(str(part))  # what a killed earlier attempt may have left
    try:
        source_file = embedded_file(store)
        if source_file is not None:
            _copy_sqlite(source_file, part)
        else:
            _migrate_into_file(store, part, progress)
        _verify(part, "the backup is damaged")
        found = _contents(part)
        Path(snapshot.path_for(str(part))).unlink(missing_ok=True)  # opening it may have written one
        os.chmod(part, sqlite_files.OWNER_ONLY)
        os.replace(part, target)
    except BaseException:
        sqlite_files.remove(str(part))
        raise
    return Backup(target, *found, size=target.stat().st_size)


def restore(path: str | os.PathLike[str], target: Store,
            progress: Callable[[str], None] = lambda _: None) -> Moved:
    """Copy the backup at ``path`` into the empty store ``target``, checked by
    comparing exports (``directory.exchange.migration.migrate``)."""
    check_file(path)
    try:
        migration.refuse_unless_empty(target)
    except InvalidInput as exc:
        raise InvalidInput(f"{target.url} is not empty; a backup is restored into an empty store only",
                           exc.problems) from None
    with tempfile.TemporaryDirectory(prefix="kernteamdb-restore-") as folder:
        copy = Path(folder) / "backup.db"
        shutil.copyfile(path, copy)  # opening a store may write beside it: the backup stays as it was
        source = open_store(f"sqlite:///{copy}")
        try:
            return migration.migrate(source, target, progress=progress)
        finally:
            source.close()


def check_file(path: str | os.PathLike[str]) -> None:
    """``InvalidInput`` unless ``path`` is a whole KernteamDB backup this code can
    read: read-only, so a command can ask before it makes a store to restore into."""
    source_path = Path(path)
    if not source_path.is_file():
        raise InvalidInput(f"{source_path} is not a file: name a backup made with 'kernteamdb backup'")
    _verify(source_path, f"{source_path} is not a KernteamDB backup")


def embedded_file(store: Store) -> str | None:
    """The file of an embedded store (None for any other kind of store)."""
    from graph.stores.embedded.store import EmbeddedStore

    return store.file if isinstance(store, EmbeddedStore) else None


def _copy_sqlite(source_file: str, part: Path) -> None:
    """SQLite's online backup of ``source_file`` into ``part``: all pages in one
    step, so the copy is one moment of the store even while it is written."""
    sqlite_files.create_owner_only(str(part))
    source = sqlite_files.connect(source_file, read_only=True)
    try:
        copy = sqlite3.connect(part)
        try:
            source.backup(copy)
        finally:
            copy.close()
    except sqlite3.Error as exc:
        raise StoreUnavailable(f"the backup could not be written: {exc}") from None
    finally:
        source.close()


def _migrate_into_file(store: Store, part: Path, progress: Callable[[str], None]) -> None:
    """A server store copied into a new embedded store file, tried again when it
    changed while it was copied."""
    for attempt in range(1, ATTEMPTS + 1):
        copy = open_store(f"sqlite:///{part}", create=True)
        try:
            migration.migrate(store, copy, progress=progress)
            return
        except Conflict:
            if attempt == ATTEMPTS:
                raise Conflict(f"the store changed while it was copied, {ATTEMPTS} times; nothing "
                               "was written — try again when it is quieter") from None
            progress("the store changed while it was copied: starting again")
        finally:
            copy.close()
        sqlite_files.remove(str(part))


def _verify(path: Path, what: str) -> None:
    """SQLite's integrity check, and the store's own test of what it opens
    (``graph.stores.core.schema``), read-only; ``InvalidInput`` naming ``what``."""
    meta: dict[str, str] = {}
    try:
        connection = sqlite_files.connect(str(path), read_only=True)
        try:
            verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
            with suppress(sqlite3.OperationalError):  # no meta table: not a KernteamDB store
                meta = dict(connection.execute("SELECT key, value FROM meta"))
        finally:
            connection.close()
    except sqlite3.Error:
        verdict = "not a database"
    if verdict != "ok":
        raise InvalidInput(f"{what} (SQLite: {verdict})")
    try:
        needs_upgrade(meta, str(path), SCHEMA_VERSION, MIGRATIONS)
    except StoreUnavailable as exc:
        raise InvalidInput(f"{what} ({exc})") from None


def _contents(path: Path) -> tuple[int, dict[str, int], int, int]:
    """The revision and counts of the store file at ``path``, for the report."""
    opened = open_store(f"sqlite:///{path}")
    try:
        return (opened.revision(), {kind: opened.count(kind) for kind in KINDS}, len(opened.users()),
                len(opened.consultations()))
    finally:
        opened.close()
