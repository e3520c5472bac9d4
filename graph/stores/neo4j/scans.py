"""Every record of a kind, read from the Neo4j server in id order.

Search's place table reads all 10,000 professionals when a process first
searches, so this is on the first search's path: every kind but cases comes
as one record of the server's (a list collected there) and is put in order
here. On the test server, 10,000 people's docs took 15 ms that way; a record
per person took 270 ms, and three id-ordered pages two to four times that.
Cases (a hundred thousand: most of an export's memory at once) come a page
at a time.
"""

from __future__ import annotations

from directory.pool.bulk import collector_paused
from directory.pool.model import Record
from graph.stores.neo4j.connection import Bolt
from graph.stores.neo4j.schema import record_from_doc

#: Cases read per round trip (export).
PAGE = 5000


def read_all(bolt: Bolt, kind: str, label: str) -> list[Record]:
    """Every record of ``kind`` (nodes labelled ``label``), in id order."""
    if kind != "cases":
        found = bolt.read(f"MATCH (n:{label}) RETURN collect([n.id, n.doc]) AS rows")
        pairs = sorted((pair for row in found for pair in row["rows"]), key=lambda pair: str(pair[0]))
        # kept by the store until the profiles change: made with the collector paused, then
        # left out of its later rounds (it paused the first search 70-150 ms on the test server)
        with collector_paused(freeze_after=True):
            return [record_from_doc(kind, doc) for _, doc in pairs]
    out: list[Record] = []
    after = ""
    while True:  # pages by id: each page one indexed range scan
        rows = bolt.read(f"MATCH (n:{label}) WHERE n.id > $after "
                         "RETURN n.id AS id, n.doc AS doc ORDER BY id LIMIT $page", after=after, page=PAGE)
        out.extend(record_from_doc(kind, r["doc"]) for r in rows)
        if len(rows) < PAGE:
            return out
        after = rows[-1]["id"]
