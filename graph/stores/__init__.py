"""``open_store(url)``: the one place a storage backend is chosen."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from directory.errors import StoreUnavailable
from directory.ports import Store

DEFAULT_URL = "sqlite:///kernteam.db"


def open_store(url: str | None = None, *, create: bool = False) -> Store:
    """Open the store at ``url`` (default ``sqlite:///kernteam.db``).

    ``sqlite:///relative/path.db`` and ``sqlite:////absolute/path.db`` open the
    embedded store; with ``create`` a missing file becomes an empty store.
    ``neo4j://host:7687`` or ``bolt://host:7687`` (``?database=NAME``) open the
    Neo4j store (``graph.stores.neo4j.store``); with ``create`` an empty database
    becomes an empty store.
    Raises ``StoreUnavailable`` with a one-line reason when it cannot be opened.
    """
    url = url or os.environ.get("KERNTEAMDB_STORE") or DEFAULT_URL
    scheme = urlsplit(url).scheme
    if scheme == "sqlite":
        path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else ""
        if not path:
            raise StoreUnavailable(f"cannot open '{url}': write sqlite:///path/to/file.db")
        from graph.stores.embedded.store import EmbeddedStore

        return EmbeddedStore(path, create=create)
    if scheme in {"neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc"}:
        from graph.stores.neo4j.store import Neo4jStore

        return Neo4jStore(url, create=create)
    shown = url if "@" not in url else f"{scheme}://…"  # never a password in a message
    raise StoreUnavailable(f"cannot open '{shown}': unknown store type '{scheme or shown}' "
                           "(use sqlite:///file.db, neo4j://host or bolt://host)")
