"""What each change of the pool touched, written down with it, so that every
process sharing the store forgets only that (``graph.stores.neo4j.kept``).

A write that changes the pool writes one ``(:PoolChange {slot, rev, before,
everything, touched_evidence, touched_history, touched_partners,
touched_hours})`` node in its own transaction (over the one of ``SLOTS``
revisions before, so they never grow in number): its revision, the pool revision before it (so a reader can
tell that it has seen every change since the one it knows: a chain), and
the owners whose sums it changed, per kind of sum, or ``everything`` when
more than cases changed or too much to list. A process that kept values as
of pool revision ``since`` reads the nodes after it (one statement, over
the few kept) and follows the chain back from the pool revision now; a link
missing (written by an older version, or written over) means forgetting
everything, as before.

Cypher here is constant text; values go in as ``$parameters`` only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from graph.stores.neo4j.aggregates import BLOBS
from graph.stores.neo4j.connection import Bolt
from graph.stores.neo4j.pipeline import Pipeline

#: Changes that stay readable: each is written over the one ``SLOTS`` revisions
#: before it, so a process that has not looked for longer forgets everything it kept.
SLOTS = 256
#: More owners than this touched by one write: written as ``everything``.
MOST_LISTED = 5000

#: Plain indexes (no node is ever deleted: deleting old ones made concurrent writers on
#: ArcadeDB fail with "entity not found", which no one retries).
CONSTRAINTS = ("CREATE INDEX pool_change_slot IF NOT EXISTS FOR (c:PoolChange) ON (c.slot)",
               "CREATE INDEX pool_change_rev IF NOT EXISTS FOR (c:PoolChange) ON (c.rev)")

_MOVE = ("MERGE (m:Meta {key: 'pool_revision'}) ON CREATE SET m.value = 0 "
         "WITH m, m.value AS before SET m.value = $rev RETURN before")
_RECORD = ("MERGE (c:PoolChange {slot: $slot}) SET c.rev = $rev, c.before = $before, "
           "c.everything = $everything, c.touched_evidence = $evidence, c.touched_history = $history, "
           "c.touched_partners = $partners, c.touched_hours = $hours")
_SINCE = ("MATCH (c:PoolChange) WHERE c.rev > $since AND c.rev <= $now "
          "RETURN c.rev AS rev, c.before AS before, c.everything AS everything, "
          "c.touched_evidence AS evidence, c.touched_history AS history, "
          "c.touched_partners AS partners, c.touched_hours AS hours")

#: Per blob kind (``aggregates.BLOBS``), the owners whose sums changed.
Touched = dict[str, set[str]]


def move_pool_revision(tx: Pipeline, revision: int) -> int:
    """Set the pool revision to ``revision``; the one before."""
    return int(tx.run(_MOVE, rev=revision)[0]["before"] or 0)


def record(tx: Pipeline, revision: int, before: int, touched: Mapping[str, Sequence[str]] | None) -> None:
    """Write what the change at ``revision`` touched (None: everything)."""
    lists = {kind: sorted((touched or {}).get(kind, ())) for kind in BLOBS}
    everything = touched is None or sum(map(len, lists.values())) > MOST_LISTED
    if everything:
        lists = {kind: [] for kind in BLOBS}
    tx.send(_RECORD, slot=revision % SLOTS, rev=revision, before=before, everything=everything, **lists)


def touched_since(bolt: Bolt, since: int, now: int) -> Touched | None:
    """What the changes of the pool after revision ``since`` up to ``now``
    touched, or None when that cannot be told (forget everything)."""
    if since <= 0 or now <= since:
        return None
    found = {row["rev"]: row for row in bolt.read(_SINCE, since=since, now=now)}
    touched: Touched = {kind: set() for kind in BLOBS}
    at = now
    while at != since:
        row = found.get(at)
        if row is None or row["everything"]:
            return None
        for kind in BLOBS:
            touched[kind].update(row[kind] or ())
        at = int(row["before"])
        if at < since:
            return None
    return touched
