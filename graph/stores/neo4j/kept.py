"""What the Neo4j store keeps in each process between writes, and how it
forgets only what a write touched.

Every search used to read and parse again the sums it needs (a team's
history is JSON of thousands of entries: 1-2 ms to parse, several times a
search), and every write of a case used to drop everything kept (the next
search read the claims of its areas, everyone's hours and the network
around its people again: 170-270 ms on the test server). Now:

- ``KeptSums``: the sums (``graph.stores.neo4j.aggregates``) as parsed, per
  owner, until a write changes that owner's;
- ``TrackedValues``: the store's ``derived`` values, each with what it was
  worked out from (``reading`` names the sums a read is about; any other
  read of the server inside a computation counts as depending on the whole
  pool, so a value is never kept too long by mistake);
- what a write touched is written with it (``graph.stores.neo4j.changes``),
  so every process can forget just that.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from typing import Any, TypeVar

import orjson

from graph.stores.core.derived import DerivedValues
from graph.stores.neo4j import aggregates
from graph.stores.neo4j.connection import Bolt

T = TypeVar("T")

#: A dependency of a kept value: (blob kind, owner), such as ("evidence", area).
Tag = tuple[str, str]
#: The dependency of a value worked out from reads not named: every change of the pool.
POOL: Tag = ("pool", "")


class KeptSums:
    """The sums of ``aggregates.BLOBS`` as parsed, per kind and owner (shared:
    callers must not change them), read from the server when first asked."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: dict[Tag, dict[str, Any]] = {}
        self._generation = 0  # moves when something is forgotten: a read begun before is not kept

    def get(self, bolt: Bolt, kind: str, owners: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The ``kind`` sums of those ``owners`` that exist ({} for none yet)."""
        wanted = list(dict.fromkeys(owners))
        with self._lock:
            found = {o: self._kept[(kind, o)] for o in wanted if (kind, o) in self._kept}
            generation = self._generation
        missing = [o for o in wanted if o not in found]
        if missing:
            read = self.read(bolt, kind, missing)
            with self._lock:
                if generation == self._generation:
                    self._kept.update(((kind, o), blob) for o, blob in read.items())
            found.update(read)
        return found

    @staticmethod
    def read(bolt: Bolt, kind: str, owners: list[str]) -> dict[str, dict[str, Any]]:
        """The ``kind`` sums of ``owners`` from the server, not kept; entries
        as tuples (once the garbage collector has seen one of numbers only, it
        stops walking it: a process keeps a hundred thousand entries)."""
        label, prop = aggregates.BLOBS[kind]
        rows = bolt.read(f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) "
                         f"RETURN n.id AS id, n.{prop} AS blob", ids=owners)
        if kind == "hours":  # per half-year, a number
            return {r["id"]: orjson.loads(r["blob"]) if r["blob"] else {} for r in rows}
        return {r["id"]: {key: tuple(entry) for key, entry in orjson.loads(r["blob"]).items()}
                if r["blob"] else {} for r in rows}

    def forget(self, touched: Iterable[Tag]) -> None:
        with self._lock:
            self._generation += 1
            for tag in touched:
                self._kept.pop(tag, None)

    def clear(self) -> None:
        with self._lock:
            self._generation += 1
            self._kept.clear()


class TrackedValues(DerivedValues):
    """``DerivedValues`` that know what each value was worked out from, so
    that a change of some sums forgets only the values made from them."""

    def __init__(self) -> None:
        super().__init__()
        self._depends: dict[Hashable, frozenset[Tag]] = {}
        self._local = threading.local()  # stack: the tags of each computation under way; quiet

    def _stack(self) -> list[set[Tag]]:
        stack: list[set[Tag]] | None = getattr(self._local, "stack", None)
        if stack is None:
            stack = self._local.stack = []
        return stack

    def tracked(self, key: Hashable, compute: Callable[[], T], *, lock: AbstractContextManager[Any],
                version: Callable[[], Hashable], with_consultations: bool = False) -> T:
        """``value``, noting what ``compute`` read (and, inside another
        computation, handing that on to it)."""
        stack = self._stack()

        def run() -> T:
            tags: set[Tag] = set()
            stack.append(tags)
            try:
                value = compute()
            finally:
                stack.pop()
            self._depends[key] = frozenset(tags)
            return value

        value = self.value(key, run, lock=lock, version=version, with_consultations=with_consultations)
        if stack:
            stack[-1].update(self._depends.get(key, (POOL,)))
        return value

    @contextmanager
    def reading(self, tags: Iterable[Tag] = ()) -> Iterator[None]:
        """Around a read whose answer depends only on ``tags`` (none: on what
        only a change of more than cases changes)."""
        stack = self._stack()
        if stack:
            stack[-1].update(tags)
        quiet = getattr(self._local, "quiet", False)
        self._local.quiet = True
        try:
            yield
        finally:
            self._local.quiet = quiet

    def read_of_server(self) -> None:
        """Called on every read of the server: outside ``reading``, a value
        under way depends on anything in the pool."""
        stack = getattr(self._local, "stack", None)
        if stack and not getattr(self._local, "quiet", False):
            stack[-1].add(POOL)

    def note(self, tags: Iterable[Tag]) -> None:
        """A value under way depends on ``tags`` (read from a cache of the process)."""
        stack = getattr(self._local, "stack", None)
        if stack:
            stack[-1].update(tags)

    def forget_touched(self, touched: set[Tag]) -> None:
        """After a change of cases only: the values made from what it touched
        (or from unnamed reads) go, and those that depend on consultations."""
        touched = touched | {POOL}
        for key in list(self._values):
            if self._depends.get(key, {POOL}) & touched:
                del self._values[key]
        self.forget_consultation_values()

    def clear(self) -> None:
        super().clear()
        self._depends.clear()


def tags_of(touched: Mapping[str, Iterable[str]]) -> set[Tag]:
    """The tags of the owners a write touched, per blob kind."""
    return {(kind, owner) for kind, owners in touched.items() for owner in owners}
