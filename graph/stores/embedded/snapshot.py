"""A snapshot of the embedded store's in-memory index, kept beside the database.

Rebuilding the index from SQLite costs about 3 s for 100,000 cases, most of
it Python building the collaboration graph; unpickling a snapshot of the built
index takes a third of that. A snapshot records the store's id and the
revision it reflects; the store loads it only when the id matches and the
database is at that revision or later, and then reads just the rows written
since (every row carries its revision), so a snapshot can be old but never
wrong. Any problem with the file means a normal rebuild, never an error.

Unpickling can run code, so the loader accepts only the classes an index is
made of (Python's "restricting globals" recipe): a snapshot file someone
planted cannot do more than fail to load.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from typing import Any

from graph.stores.embedded.memory_index import LAYOUT

SUFFIX = ".index"
TAG = f"kernteamdb-index/{LAYOUT}"
#: Below this many cases a rebuild is quick and no snapshot is written.
MIN_CASES = 10_000

_ALLOWED = {
    ("builtins", "set"), ("builtins", "frozenset"), ("builtins", "dict"), ("builtins", "list"),
    ("builtins", "tuple"), ("collections", "defaultdict"), ("datetime", "date"),
    ("graph.stores.embedded.memory_index", "MemoryIndex"), ("graph.stores.core.case_facts", "CaseFacts"),
    ("graph.stores.embedded.columns", "Columns"),
    ("graph.stores.core.collaboration", "EdgeData"),
    ("graph.stores.core.collaboration", "CollaborationGraph"),
    ("networkx.classes.graph", "Graph"), ("networkx.classes.coreviews", "AdjacencyView"),
    ("networkx.classes.reportviews", "NodeView"), ("networkx.classes.reportviews", "EdgeView"),
    ("networkx.classes.reportviews", "DegreeView"),
    ("directory.pool.model", "ExpertiseArea"), ("directory.pool.model", "Organisation"),
    ("directory.pool.model", "Team"), ("directory.pool.model", "Professional"),
    ("directory.pool.model", "Claim"), ("directory.ports.search", "Places"),
}


class _Restricted(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of an index")
        return super().find_class(module, name)


def path_for(database: str) -> str:
    return database + SUFFIX


def save(database: str, store_id: str, revision: int, index: Any) -> None:
    """Write the snapshot atomically (a reader sees the old file or the new one)."""
    directory = os.path.dirname(os.path.abspath(database))
    fd, temporary = tempfile.mkstemp(prefix=".kernteamdb-", suffix=SUFFIX, dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump((TAG, store_id, revision, index), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path_for(database))
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def discard(database: str) -> None:
    """Remove the snapshot (after an erasure: it may hold the erased person)."""
    try:
        os.unlink(path_for(database))
    except FileNotFoundError:
        pass


def load(database: str, store_id: str, disk_revision: int, *, purged: int = 0
         ) -> tuple[int, Any] | None:
    """The snapshot's revision and index, or None when it is absent or unusable.
    A snapshot older than ``purged`` (the revision of the last erasure) may hold
    an erased person: it is deleted, not loaded."""
    try:
        with open(path_for(database), "rb", buffering=1 << 20) as handle:  # streamed: no copy of the file
            tag, snapshot_id, revision, index = _Restricted(handle).load()
    except (OSError, pickle.UnpicklingError, ValueError, TypeError, EOFError, AttributeError,
            ImportError, IndexError, KeyError):
        return None
    if tag != TAG or snapshot_id != store_id or not 0 <= revision <= disk_revision:
        return None
    if revision < purged:
        discard(database)
        return None
    return revision, index
