"""Search and path speed on a synthetic pool.

Targets (issue: search): at 10,000 professionals / 100,000 cases, search p50
<= 5 ms and p99 <= 25 ms as ``took_ms`` reports it, and path p50 <= 5 ms; at
100,000 / 1,000,000 (issue 21), search p99 <= 50 ms on both passes, path p50
<= 10 ms, resident memory <= 1.5 GiB in every process once an operation has
finished (the one that imported, the one that opened the store) and <= 3 GiB
at the peak of the import.

    python bench/bench_search.py [--professionals 10000] [--cases 100000] [--queries 500]
                                 [--reimport]

Imports the pool (bench/bench_import.py's generator and cache) once into a
store under bench/results/ (again with ``--reimport``), in a process of its
own that reports its resident memory after the import and after closing the
store, and its peak; this process then opens the store from the snapshot the
import left, as a server would, and reports its memory after opening. It then
asks a mix of queries: one or two areas, by
synonym text, half of them with a requester and their team (shared history,
proximity and a path per result). The first pass starts from a freshly opened
store, so it includes filling each need's candidate list (kept per store
revision and day); the warm pass asks the same queries again. Prints a table,
writes ``bench/results/search.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

from bench.bench_import import RESULTS, child, machine, pool_file  # noqa: E402
from directory.pool.model import Professional  # noqa: E402
from directory.ports import Store  # noqa: E402
from directory.search.queries import SearchQuery, check_query  # noqa: E402
from directory.search.vocabulary import Vocabulary  # noqa: E402
from graph.search import rank_experts  # noqa: E402
from graph.stores import open_store  # noqa: E402

TODAY = date(2026, 11, 15)

#: The import, in a process of its own (argv: url, pool): its resident memory
#: once the import has returned and once the store is closed, and its peak.
IMPORT = """
import json, resource, sys, time
from directory.exchange.document import import_document
from graph.stores import open_store

def resident():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20

with open(sys.argv[2], "rb") as handle:
    text = handle.read()
store = open_store(sys.argv[1], create=True)
started = time.perf_counter()
import_document(text, store)
took = time.perf_counter() - started
del text
after_import = resident()
store.close()
print(json.dumps({"seconds": took, "after_import": after_import, "after_close": resident(),
                  "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def resident_mib() -> float:
    """This process's resident memory now (Linux)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def search_mix(store: Store, count: int, rng: random.Random) -> tuple[list[SearchQuery], list[Professional]]:
    """bench_search's query mix, the same draws from the same generator: one
    or two areas, typed as a synonym or label of each (every third by area
    ids instead), every second with a wijkwerker as requester and their first
    team. Returns the queries and the professionals (by id), from which the
    path pairs are drawn next."""
    areas = [a for a in store.areas() if a.broader]
    people = [p for p in store.iter_records("professionals") if isinstance(p, Professional)]
    workers = [p for p in people if p.role == "wijkwerker"]
    queries = []
    for i in range(count):
        chosen = rng.sample(areas, rng.choice((1, 1, 2)))
        # the way a worker types it: a synonym or the label of each area
        text = " en ".join(rng.choice([*a.synonyms, a.label]) for a in chosen)
        requester = rng.choice(workers) if i % 2 else None
        queries.append(SearchQuery(text if i % 3 else "", () if i % 3 else tuple(a.id for a in chosen),
                                   requester.id if requester else None,
                                   requester.teams[0] if requester else None, None, 10))
    return queries, people



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--professionals", type=int, default=10_000)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--reimport", action="store_true", help="import the pool again")
    args = parser.parse_args()
    pool = pool_file(args.professionals, args.cases)
    database = RESULTS / f"search-{pool.stem}.db"  # one store per generated pool
    url = f"sqlite:///{database}"
    imported: dict[str, float] = {}
    if args.reimport or not database.exists():
        for stale in (database, Path(f"{database}.index"), Path(f"{database}-wal"), Path(f"{database}-shm")):
            stale.unlink(missing_ok=True)
        imported = child(IMPORT, url, pool)[0]
    store = open_store(url)
    opened_mib = resident_mib()
    vocabulary = Vocabulary(store.areas())
    rng = random.Random(11)
    queries, people = search_mix(store, args.queries, rng)
    took, candidates = [], []
    unmatched = 0
    for query in queries:
        check_query(query, store)
        result = rank_experts(store, query, today=TODAY, vocabulary=vocabulary)
        took.append(result.took_ms)
        unmatched += not result.areas
        candidates.append(len(set(store.claims(result.areas))
                              | set(store.evidence_summary(result.areas, TODAY))))
    # the same queries again: each need's candidate list (kept per store revision
    # and day) is filled now, as in a server that has been answering for a while
    warm = [rank_experts(store, q, today=TODAY, vocabulary=vocabulary).took_ms for q in queries]
    paths = []
    ids = [p.id for p in people]
    for _ in range(200):
        a, b = rng.sample(ids, 2)
        started = time.perf_counter()
        store.path(a, b)
        paths.append((time.perf_counter() - started) * 1000)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    searched_mib = resident_mib()
    store.close()  # leaves the index snapshot, so the next run opens as a server would
    large = args.professionals >= 100_000  # the second pool size: other targets
    p50, p99, path, memory = (25.0, 50.0, 10.0, 1536.0) if large else (5.0, 25.0, 5.0, None)
    rows = []
    if imported:
        rows += [("import (s), own process", imported["seconds"], None),
                 ("resident after import (MiB)", imported["after_import"], memory),
                 ("resident after close (MiB)", imported["after_close"], memory),
                 ("peak resident, import (MiB)", imported["peak"], 3072.0 if large else None)]
    rows += [("resident after open (MiB)", opened_mib, memory),
             ("search p50 (ms), first pass", statistics.median(took), p50),
            ("search p99 (ms), first pass", percentile(took, 0.99), p99),
            ("search p50 (ms), warm", statistics.median(warm), p50),
            ("search p99 (ms), warm", percentile(warm, 0.99), p99),
            ("path p50 (ms)", statistics.median(paths), path),
            ("candidates per query, median", statistics.median(candidates), None),
            ("queries that matched no area", float(unmatched), None),
            ("resident after searching (MiB)", searched_mib, memory),
            ("peak resident, searching (MiB)", peak_mib, None)]
    print(f"{args.professionals:,} professionals, {args.cases:,} cases, {args.queries} queries")
    for what, value, target in rows:
        verdict = "" if target is None else f"<= {target:g}" + (" ok" if value <= target else " MISSED")
        print(f"{what:34} {value:9.2f} {verdict}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "search.json").write_text(json.dumps(
        {"machine": machine(), "professionals": args.professionals, "cases": args.cases,
         "results": {what: round(value, 3) for what, value, _ in rows}}, indent=1))


if __name__ == "__main__":
    main()
