"""Both stores side by side: import, open, search and path speed on the same
synthetic pool and the same queries.

Goals (issue 21) on the Bolt store (ArcadeDB) at 10,000 professionals / 100,000
cases: search p50 <= 20 ms and p99 <= 100 ms as ``took_ms`` reports it (first
and warm pass), path p99 <= 100 ms, the search right after a case write p50
<= 50 ms, import >= 5,000 records/s; the same answers as the embedded store.

    python bench/bench_stores.py [--professionals 10000] [--cases 100000] [--queries 500]
                                 [--paths 200] [--stores embedded,bolt] [--heap 4g] [--chunk CASES]
                                 [--profile]

For each store, an empty one of its own: the embedded store in a temporary
directory; the Bolt store in a fresh database of an ArcadeDB server that
``tests/bolt_server.py`` starts on loopback ports with ``--heap`` of Java
heap (or, with ``NEO4J_URI`` and ``NEO4J_USER`` / ``NEO4J_PASSWORD`` set, in
that Neo4j's database, emptied first). Each store gets, in this process:

- import: ``import_document`` of the cached pool (bench_import's generator),
  records/s = every record of the document / the seconds it took; then
  ``close()`` (the embedded store writes its index snapshot there). With
  ``--chunk CASES`` the pool goes in as several documents (all but the cases,
  then CASES cases each; imports are additive), the seconds summed, for a
  server that cannot hold the whole pool in one transaction. (ArcadeDB with
  the tests' 768 MB heap ran out of memory importing 100,000 cases, in one
  document and in documents of 10,000; with 4 GB it holds them.)
- open: the store opened again until ``count("cases")`` answers;
- search: bench_search's query mix (``search_mix``: the same draws from the
  same seed), drawn once, from the first store, so both stores answer the
  very same queries; a first pass from the freshly opened store and a warm
  pass; ``took_ms`` p50/p99, and of the first pass also the first search's
  and the slowest (what the searches that fill the kept values pay, which
  p99 of 500 leaves out);
- path: ``store.path(a, b)`` (the strongest path) over the same pairs.

The Bolt store must give the same answers: the table counts the queries
whose result ids (and order) and the paths that differ from the embedded
store's. ``--profile`` times every Cypher statement the Bolt store sends
(each ``tx.run`` until its records are all in, reads included) per phase and
prints the costliest. Numbers are only comparable on an otherwise idle
machine (the JSON records the load average). Prints a table, writes
``bench/results/stores.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench.bench_import import RESULTS, machine, pool_file  # noqa: E402
from bench.bench_search import TODAY, percentile, search_mix  # noqa: E402
from directory.exchange.document import import_document  # noqa: E402
from directory.ports import Store  # noqa: E402
from directory.search.queries import SearchQuery, check_query  # noqa: E402
from directory.search.vocabulary import Vocabulary  # noqa: E402
from graph.search import rank_experts  # noqa: E402

#: Issue 21's goals on the Bolt store at 10,000 / 100,000: figure -> (sign, goal).
GOALS = {"import (records/s)": (">=", 5000.0),
         "search p50 (ms), after a case write": ("<=", 50.0),
         "search p50 (ms), first pass": ("<=", 20.0), "search p99 (ms), first pass": ("<=", 100.0),
         "search p50 (ms), warm": ("<=", 20.0), "search p99 (ms), warm": ("<=", 100.0),
         "path p99 (ms)": ("<=", 100.0),
         "queries answered unlike embedded": ("<=", 0.0), "paths unlike embedded": ("<=", 0.0)}
STORES = ("embedded", "bolt")


# --- where each store lives --------------------------------------------------------------

Opener = Callable[[bool], Store]  # create -> an open store


@contextmanager
def embedded_place(warm_up: bytes | None = None) -> Iterator[tuple[str, Opener, float | None]]:
    from graph.stores import open_store

    with tempfile.TemporaryDirectory(prefix="kernteamdb-stores-") as tmp:
        rate = None
        if warm_up is not None:
            spare = open_store(f"sqlite:///{tmp}/warm-up.db", create=True)
            rate = _timed_import(warm_up, spare)
            spare.close()
        url = f"sqlite:///{tmp}/store.db"
        yield url, lambda create: open_store(url, create=create), rate


def _timed_import(text: bytes, store: Store) -> float:
    """Records/s of importing ``text`` into ``store``."""
    started = time.perf_counter()
    plan = import_document(text, store)
    return sum(c.total for c in plan.counts.values()) / (time.perf_counter() - started)


#: ArcadeDB's Java heap: the tests' 768 MB runs out during the one-transaction
#: import of 100,000 cases (and the client then waits for ever).
HEAP = "4g"


@contextmanager
def bolt_place(heap: str = HEAP, warm_up: bytes | None = None) -> Iterator[tuple[str, Opener, float | None]]:
    """A fresh database on ArcadeDB (started here with ``heap``, stopped
    afterwards; with ``warm_up``, first imported into a database of its own,
    then dropped), or the emptied database of the Neo4j that ``NEO4J_URI`` names."""
    from devkit.bolt_server import BoltServer
    from graph.stores.neo4j.store import Neo4jStore

    server = BoltServer.from_environment() or BoltServer.start_arcadedb(heap=heap)
    try:
        rate = None
        if warm_up is not None and server.http_url is not None:
            spare_url = server.new_database()
            spare = Neo4jStore(spare_url, user=server.user, password=server.password, create=True)
            rate = _timed_import(warm_up, spare)
            spare.close()
            server.drop_database(spare_url)
        url = server.new_database()

        def opener(create: bool) -> Store:
            return Neo4jStore(url, user=server.user, password=server.password, create=create)

        if server.http_url is None:  # a real Neo4j: one database to share, emptied first
            store = Neo4jStore(url, user=server.user, password=server.password, create=True)
            store.clear_everything()
            store.close()
        yield url, opener, rate
    except Exception:
        if server.root is not None:  # ArcadeDB's own account of the failure, before it goes
            log = Path(server.root.name) / "server.log"
            if log.exists():
                lines = log.read_text(errors="replace").splitlines()
                print("--- the end of ArcadeDB's server.log ---\n" + "\n".join(lines[-40:]),
                      file=sys.stderr, flush=True)
        raise
    finally:
        server.stop()


PLACES: dict[str, Callable[..., Any]] = {"embedded": embedded_place, "bolt": bolt_place}


# --- what the Bolt store sends, timed ----------------------------------------------------

COMMIT = "(commit)"


class CypherTimer:
    """Times every statement run in a transaction (``Bolt.read``, ``execute``
    and ``write`` each run one of their own) until all its
    records are in (packing its parameters included), grouped by the
    statement's text, and every commit (``COMMIT``; reads commit too), per phase."""

    def __init__(self) -> None:
        self.phase = "-"
        self.times: dict[str, dict[str, list[float]]] = {}

    def __enter__(self) -> CypherTimer:
        from neo4j import ManagedTransaction, Query, Transaction

        original = ManagedTransaction.run  # both inherit run and _commit from one base
        commit = ManagedTransaction._commit
        timer = self

        def run(tx: Any, query: Any, parameters: Any = None, **kwargs: Any) -> Any:
            text = query.text if isinstance(query, Query) else str(query)
            started = time.perf_counter()
            result = original(tx, query, parameters, **kwargs)
            result._buffer_all()  # the records are in: the statement's whole cost
            spent = (time.perf_counter() - started) * 1000
            key = re.sub(r"\s+", " ", text).strip()
            timer.times.setdefault(timer.phase, {}).setdefault(key, []).append(spent)
            return result

        def timed_commit(tx: Any) -> Any:  # a big write's commit costs too
            started = time.perf_counter()
            try:
                return commit(tx)
            finally:
                spent = (time.perf_counter() - started) * 1000
                timer.times.setdefault(timer.phase, {}).setdefault(COMMIT, []).append(spent)

        for kind in (ManagedTransaction, Transaction):  # the store runs explicit transactions
            kind.run = run  # type: ignore[method-assign,assignment]
            kind._commit = timed_commit  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        from neo4j import ManagedTransaction, Transaction

        for kind in (ManagedTransaction, Transaction):
            del kind.run, kind._commit  # the base class's again

    def top(self, phase: str, count: int = 8) -> list[dict[str, Any]]:
        spent = self.times.get(phase, {})
        rows = [{"cypher": text, "calls": len(ms), "total_ms": round(sum(ms), 1),
                 "p50_ms": round(statistics.median(ms), 2), "max_ms": round(max(ms), 1)}
                for text, ms in spent.items()]
        return sorted(rows, key=lambda r: -float(r["total_ms"]))[:count]  # type: ignore[arg-type]

    def calls(self, phase: str) -> int:
        """Statements sent in ``phase`` (commits not counted)."""
        return sum(len(ms) for text, ms in self.times.get(phase, {}).items() if text != COMMIT)

    def total(self, phase: str) -> float:
        return sum(sum(ms) for ms in self.times.get(phase, {}).values())


# --- one store ----------------------------------------------------------------------------

def pieces(text: bytes, chunk: int) -> list[bytes]:
    """The pool as one document, or (``chunk`` > 0) as one without its cases
    followed by documents of ``chunk`` cases each: imports are additive and
    references may name records already in the store, so the pool ends up
    the same, in several transactions."""
    if chunk <= 0:
        return [text]
    document = orjson.loads(text)
    cases = document.pop("cases", [])
    head = {k: v for k, v in document.items() if not isinstance(v, list)}
    return [orjson.dumps(document)] + [orjson.dumps({**head, "cases": cases[start:start + chunk]})
                                       for start in range(0, len(cases), chunk)]


def measure(name: str, text: list[bytes], records: int, queries: list[SearchQuery] | None,
            pairs: list[tuple[str, str]] | None, paths: int, queries_wanted: int,
            timer: CypherTimer | None, heap: str = HEAP, warm_up: bytes | None = None
            ) -> tuple[dict[str, float], dict[str, Any]]:
    """Import, reopen, search and paths on a fresh store of kind ``name``.
    Returns the figures and what it answered (and the queries and pairs, when
    none were given: drawn from this store)."""

    def phase(what: str) -> None:
        if timer is not None:
            timer.phase = f"{name}: {what}"

    figures: dict[str, float] = {}
    phase("warm-up import and create")
    with PLACES[name](warm_up=warm_up, **({"heap": heap} if name == "bolt" else {})) as (url, opener, rate):
        if rate is not None:
            figures["warm-up import (records/s)"] = rate
        store = opener(True)
        phase("import")
        seconds = 0.0
        for piece in text:
            started = time.perf_counter()
            import_document(piece, store)
            seconds += time.perf_counter() - started
        figures["import (s)"] = seconds
        figures["import (records/s)"] = records / seconds
        phase("close")
        started = time.perf_counter()
        store.close()
        figures["close after import (s)"] = time.perf_counter() - started
        phase("open")
        started = time.perf_counter()
        store = opener(False)
        counted = store.count("cases")
        figures["open + count (ms)"] = (time.perf_counter() - started) * 1000
        try:
            phase("draw queries")
            vocabulary = Vocabulary(store.areas())
            if queries is None or pairs is None:
                rng = random.Random(11)  # bench_search's seed: the same queries as there
                queries, people = search_mix(store, queries_wanted, rng)
                ids = [p.id for p in people]
                pairs = [(a, b) for a, b in (rng.sample(ids, 2) for _ in range(paths))]
            for query in queries:
                check_query(query, store)
            phase("search, first pass")
            first = [rank_experts(store, q, today=TODAY, vocabulary=vocabulary) for q in queries]
            phase("search, warm")
            warm = [rank_experts(store, q, today=TODAY, vocabulary=vocabulary).took_ms for q in queries]
            phase("path")
            took_paths, found = [], []
            for a, b in pairs:
                started = time.perf_counter()
                found.append(store.path(a, b))
                took_paths.append((time.perf_counter() - started) * 1000)
            phase("after a case write")
            writes, after = after_case_writes(store, queries[:AFTER_WRITES], vocabulary)
            figures["case write p50 (ms)"] = statistics.median(writes)
            figures["search p50 (ms), after a case write"] = statistics.median(after)
        finally:
            store.close()
    took = [r.took_ms for r in first]
    if timer is not None and name == "bolt":  # how much of it the server's statements were
        figures["import: in Cypher statements and commits (s)"] = timer.total(f"{name}: import") / 1000
        for what in ("search, first pass", "search, warm"):
            figures[f"Cypher statements per {what}"] = timer.calls(f"{name}: {what}") / len(queries)
    figures.update({
        "search p50 (ms), first pass": statistics.median(took),
        "search p99 (ms), first pass": percentile(took, 0.99),
        # what the first searches after opening pay (p99 leaves out the slowest five of 500)
        "the first search (ms), first pass": took[0],
        "the slowest search (ms), first pass": max(took),
        "search p50 (ms), warm": statistics.median(warm),
        "search p99 (ms), warm": percentile(warm, 0.99),
        "path p50 (ms)": statistics.median(took_paths),
        "path p99 (ms)": percentile(took_paths, 0.99),
    })
    answers = {"url": url.split("?")[0], "cases": counted, "queries": queries, "pairs": pairs,
               "hits": [tuple(h.id for h in r.results) for r in first],
               "paths": [p.ids for p in found]}
    return figures, answers


#: Searches each made right after a new case is written (as closing a consultation does).
AFTER_WRITES = 20


def after_case_writes(store: Store, queries: list[SearchQuery], vocabulary: Vocabulary
                      ) -> tuple[list[float], list[float]]:
    """Per query: the time to write a new case (a copy of an existing one under a
    new id, as a closed consultation writes its case) and the ``took_ms`` of
    the search right after it, when every process works out search's shared
    values again."""
    from dataclasses import replace

    from directory.ports import ImportPlan

    person = next(q.requester for q in queries if q.requester)
    template = store.get("cases", store.cases_referring("professionals", person)[0])
    assert template is not None
    writes, after = [], []
    for i, query in enumerate(queries):
        started = time.perf_counter()
        store.apply(ImportPlan({"cases": (replace(template, id=f"bench-after-{i}"),)}))
        writes.append((time.perf_counter() - started) * 1000)
        after.append(rank_experts(store, query, today=TODAY, vocabulary=vocabulary).took_ms)
    return writes, after


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--professionals", type=int, default=10_000)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--paths", type=int, default=200)
    parser.add_argument("--stores", default=",".join(STORES),
                        help="which stores, in this order (the first draws the queries)")
    parser.add_argument("--chunk", type=int, default=0, metavar="CASES",
                        help="import the pool in several documents: the rest, then CASES cases each "
                             "(default: one document, one transaction)")
    parser.add_argument("--heap", default=HEAP,
                        help=f"Java heap of the ArcadeDB server started here (default {HEAP})")
    parser.add_argument("--warm-up", default="1000/10000", metavar="PROFESSIONALS/CASES",
                        help="before the measured import, import a pool of this size into a database "
                             "of its own on the same server (default 1000/10000; 0 for none)")
    parser.add_argument("--profile", action="store_true",
                        help="time every Cypher statement of the Bolt store, per phase")
    args = parser.parse_args()
    stores = [s.strip() for s in args.stores.split(",") if s.strip()]
    unknown = [s for s in stores if s not in PLACES]
    if unknown or not stores:
        parser.error(f"--stores: choose from {', '.join(STORES)}")
    pool = pool_file(args.professionals, args.cases)
    text = pool.read_bytes()
    document = orjson.loads(text)
    records = sum(len(v) for v in document.values() if isinstance(v, list))
    del document
    documents = pieces(text, args.chunk)
    warm_up = None
    if args.warm_up not in ("", "0"):
        try:
            warm_people, warm_cases = (int(n) for n in args.warm_up.split("/"))
        except ValueError:
            parser.error("--warm-up: PROFESSIONALS/CASES, such as 1000/10000, or 0")
        warm_up = pool_file(warm_people, warm_cases).read_bytes()
    host = machine()
    print(f"{args.professionals:,} professionals, {args.cases:,} cases ({records:,} records, "
          f"{pool.name}), {args.queries} queries, {args.paths} paths; imported as "
          + (f"{len(documents)} documents ({args.chunk:,} cases each)" if args.chunk > 0 else "one document"))
    print(f"{host['cpu_count']} CPUs, {host['memory'].get('MemTotal', '?')}, "
          f"load average {host['load_average']}\n")

    timer = CypherTimer() if args.profile else None
    figures: dict[str, dict[str, float]] = {}
    answers: dict[str, dict[str, Any]] = {}
    queries: list[SearchQuery] | None = None
    pairs: list[tuple[str, str]] | None = None
    failed: dict[str, str] = {}
    with timer if timer is not None else _nothing():
        for name in stores:
            print(f"{name} ...", flush=True)
            try:
                figures[name], answers[name] = measure(name, documents, records, queries, pairs,
                                                       args.paths, args.queries, timer, args.heap,
                                                       warm_up)
            except Exception as exc:  # noqa: BLE001 (the other store's figures still count)
                failed[name] = f"{type(exc).__name__}: {exc}"
                print(f"  FAILED: {failed[name]}", flush=True)
                continue
            queries, pairs = answers[name]["queries"], answers[name]["pairs"]
            print(f"  done: import {figures[name]['import (s)']:.1f} s, "
                  f"search p50 {figures[name]['search p50 (ms), first pass']:.1f} ms", flush=True)

    done = [name for name in stores if name in figures]
    reference = done[0] if done else ""
    for name in done[1:]:
        mine, theirs = answers[name], answers[reference]
        figures[name][f"queries answered unlike {reference}"] = float(
            sum(a != b for a, b in zip(mine["hits"], theirs["hits"], strict=True)))
        figures[name][f"paths unlike {reference}"] = float(
            sum(a != b for a, b in zip(mine["paths"], theirs["paths"], strict=True)))
    goals = GOALS
    names = list(dict.fromkeys(what for name in done for what in figures[name]))
    width = max((len(n) for n in names), default=30)
    print(f"\n{'':{width}}  " + "  ".join(f"{s:>11}" for s in stores) + "  goal (bolt)")
    met: dict[str, bool] = {}
    for what in names:
        cells = "  ".join(f"{figures[s][what]:11.2f}" if what in figures.get(s, {}) else f"{'':11}"
                          for s in stores)
        verdict = ""
        if what in goals and "bolt" in figures:
            sign, goal = goals[what]
            value = figures["bolt"][what]
            met[what] = value <= goal if sign == "<=" else value >= goal
            verdict = f"{sign} {goal:g} " + ("ok" if met[what] else "MISSED")
        print(f"{what:{width}}  {cells}  {verdict}")
    for name, why in failed.items():
        print(f"{name} FAILED: {why}")
    if not args.profile and (failed or not all(met.values())):
        print("\nmissed a goal: run with --profile for the Cypher statements that cost the time")

    profile: dict[str, list[dict[str, Any]]] = {}
    if timer is not None:
        for phase in timer.times:
            profile[phase] = timer.top(phase)
            print(f"\n--- {phase}: {timer.calls(phase)} Cypher statements, "
                  f"{timer.total(phase):.0f} ms; the costliest ---")
            for row in profile[phase]:
                print(f"{row['total_ms']:9.0f} ms {row['calls']:6} calls  p50 {row['p50_ms']:7.2f}  "
                      f"max {row['max_ms']:7.1f}  {row['cypher'][:150]}")

    RESULTS.mkdir(exist_ok=True)
    report = {
        "benchmark": "stores",
        "measured": datetime.now().isoformat(timespec="seconds"),
        "machine": host,
        "parameters": {"professionals": args.professionals, "cases": args.cases,
                       "queries": args.queries, "paths": args.paths, "records": records,
                       "chunk": args.chunk, "documents": len(documents), "arcadedb_heap": args.heap,
                       "warm_up": args.warm_up,
                       "pool": pool.name, "today": TODAY.isoformat(), "profile": args.profile},
        "servers": {name: answers[name]["url"] for name in done},
        "failed": failed,
        "goals_bolt": {what: goal for what, (_, goal) in GOALS.items()},
        "goals_met": met,
        "results": {name: {what: round(v, 3) for what, v in figures[name].items()} for name in done},
        "cypher_profile": profile,
        "load_average_after": host_load(),
    }
    (RESULTS / "stores.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"\nwritten: {(RESULTS / 'stores.json').relative_to(ROOT)}")


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def host_load() -> list[float]:
    import os

    return [round(x, 2) for x in os.getloadavg()]


if __name__ == "__main__":
    main()
