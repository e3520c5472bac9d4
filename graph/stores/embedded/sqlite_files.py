"""The embedded store's file on disk: made owner-only, and opened read-only
when it cannot be written.

The store holds staff contact details and password hashes, so a new file is
created with mode ``0600`` before SQLite opens it; SQLite gives the files it
makes beside it (``-wal``, ``-shm``) the database file's mode, and the index
snapshot and the secret key file are written owner-only too. A store whose
file or folder this user cannot write is opened read-only (``mode=ro``; in a
folder where not even SQLite's shared-memory file can be made, as
``immutable``): everything can be read, and every write is refused with
``StoreReadOnly`` instead of the store looking broken.
"""

from __future__ import annotations

import os
import sqlite3
from urllib.parse import quote

#: The mode of every file the embedded store creates.
OWNER_ONLY = 0o600
#: SQLite's extended codes for "read-only, and the folder does not even allow
#: the shared-memory file" (``SQLITE_READONLY_CANTINIT``, ``_DIRECTORY``).
_NO_SHARED_MEMORY = {8 | (5 << 8), 8 | (6 << 8)}


def create_owner_only(path: str) -> None:
    """An empty file at ``path`` with mode ``0600``, unless one is there."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY))
    except FileExistsError:
        pass


def remove(path: str) -> None:
    """Remove a store file this process made and could not finish (a full
    disk at ``init``), with SQLite's files beside it."""
    for name in (path, path + "-wal", path + "-shm", path + "-journal"):
        try:
            os.unlink(name)
        except FileNotFoundError:
            pass


def writable(path: str) -> bool:
    """Whether this user may write the file and its folder (SQLite writes beside it)."""
    folder = os.path.dirname(os.path.abspath(path))
    return os.access(path, os.W_OK) and os.access(folder, os.W_OK)


def connect(path: str, *, read_only: bool = False) -> sqlite3.Connection:
    """The connection the store keeps: autocommit off (the store begins its own
    transactions), shared between threads under the store's lock."""
    options = {"isolation_level": None, "check_same_thread": False, "timeout": 30.0}
    if not read_only:
        return sqlite3.connect(path, **options)  # type: ignore[arg-type]
    uri = f"file:{quote(os.path.abspath(path))}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, **options)  # type: ignore[arg-type]
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as exc:
        if getattr(exc, "sqlite_errorcode", None) not in _NO_SHARED_MEMORY \
                and "readonly" not in str(exc):
            raise
        conn.close()  # nobody can write here: the file cannot change under us
        conn = sqlite3.connect(uri + "&immutable=1", uri=True, **options)  # type: ignore[arg-type]
    return conn
