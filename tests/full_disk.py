"""A full disk, as SQLite meets it: the store file may not grow beyond the
pages it has (``PRAGMA max_page_count``, set on every connection opened while
the disk is full) and those pages are filled up, so the next write that
needs a page fails with SQLite's own ``database or disk is full``. Every
write of the directory writes the audit trail, whose last page is full."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest


def _cannot_grow(conn: sqlite3.Connection) -> None:
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {int(pages)}")


def fill_the_disk(path: Path | str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the disk of the store at ``path`` full until the test ends."""
    conn = sqlite3.connect(path, isolation_level=None)
    _cannot_grow(conn)
    try:
        while True:  # the smallest audit rows there are, until not one more fits
            conn.execute("INSERT INTO audit (at, user, kind, action) VALUES ('', '', '', '')")
    except sqlite3.OperationalError as exc:
        assert "full" in str(exc)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    connect = sqlite3.connect

    def connect_to_a_full_disk(*args, **kwargs):
        opened = connect(*args, **kwargs)
        _cannot_grow(opened)
        return opened

    monkeypatch.setattr(sqlite3, "connect", connect_to_a_full_disk)
