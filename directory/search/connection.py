"""How two professionals are connected: the one answer behind every "hoe je
verbonden bent" — the search card, the profile, the network page, the API and
``kernteamdb path``.

They used to ask in two ways (the nearest tie for a search card, the
strongest chain for the profile), so a card could say "jullie kennen elkaar
direct" while the profile showed a path via two others. Now there is one
path (``graph.network.strongest_path``): the direct tie when two people have
one (cases together, or knowing each other), else the strongest chain of
ties (shared cases weigh most, then knowing each other, a team, an
organisation). A search card asks for it only when the two are at most two
steps apart, which is cheap to rule out, and then gets exactly the profile's
path (a test
compares the card, the profile and the network page on the demo).
"""

from __future__ import annotations

from directory.pool.model import Path
from directory.ports import NetworkReads


def connection(store: NetworkReads, source: str, target: str, *, near: bool = False) -> Path:
    """The connection from ``source`` to ``target`` (``ids`` None when there
    is none). With ``near`` (a search result) ``ids`` is also None when no
    chain of at most two steps links them; any path it gives is the one
    without ``near`` (which may be longer: without a direct tie, a chain of
    strong ties beats a weak two-step one). Raises ``NotFound`` for an
    unknown professional."""
    return store.path(source, target, near=near)
