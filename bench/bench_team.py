"""Team proposals: the exact team against the former pruned search.

Target (issue 21): for up to five needs the exact team within 250 ms at
10,000 professionals / 100,000 cases; the pruned search only beyond that.

    python bench/bench_team.py [--professionals 10000] [--cases 100000] [--queries 300]

Opens (or first imports) the store bench/bench_search.py uses, then for each
of ``--queries`` random searches of 2-5 needs (every second with a
wijkwerker as requester) asks ``team_for`` for the team (everyone on a par
who may be proposed, searched exactly or, beyond the work budget, by the
pruned search) and the former path (the five strongest per need, teams of at
most three, ``graph.team.pruned_team``) on the same people and costs.
Reports the time of each (the former path's time includes reading everyone on
par, so it is an upper bound of what it took), how often the exact search
answered, and how much worse the former team was: larger, or as large and
costlier (old cost / exact cost), or none at all. Writes
``bench/results/team.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

from bench.bench_import import RESULTS, machine, pool_file  # noqa: E402
from bench.bench_search import TODAY, percentile  # noqa: E402
from directory.pool.model import Professional  # noqa: E402
from directory.ports import Store  # noqa: E402
from directory.search.queries import TeamProposal  # noqa: E402
from directory.search.vocabulary import Vocabulary  # noqa: E402
from graph.search import team as search_team  # noqa: E402
from graph.search.candidates import need_candidates  # noqa: E402
from graph.stores import open_store  # noqa: E402
from graph.team import MAX_TEAM, pruned_team  # noqa: E402


def open_bench_store(professionals: int, cases: int) -> Store:
    """The store bench_search.py builds for this pool (imported on first use)."""
    pool = pool_file(professionals, cases)
    database = RESULTS / f"search-{pool.stem}.db"
    if not database.exists():
        from directory.exchange.document import import_document

        store = open_store(f"sqlite:///{database}", create=True)
        import_document(pool.read_bytes(), store)
        store.close()
    return open_store(f"sqlite:///{database}")


def former(store: Store, lists: dict[str, Any], needs: list[str], requester: str | None,
           today: date) -> TeamProposal | None:
    """The former path: ``team_for``'s people and costs, but the pruned search over them."""
    handed: dict[str, Any] = {}

    def keep(skills: Any, wanted: list[str], cost: Callable[[str, str], float], **given: Any) -> None:
        handed.update(skills=skills, cost=cost, among=given.get("among"))

    real = search_team.propose_team
    search_team.propose_team = keep  # type: ignore[assignment]
    try:
        search_team.team_for(store, lists, needs, requester, today)
    finally:
        search_team.propose_team = real
    if not handed:
        return None
    return pruned_team(handed["skills"], needs, handed["cost"], max_size=MAX_TEAM, among=handed["among"])


def compare(exact: TeamProposal | None, old: TeamProposal | None) -> str:
    """How the former team compares with the exact one."""
    if exact is None or not exact.members:
        return "same"
    if old is None:
        return "none"
    if len(old.members) > len(exact.members):
        return "larger"
    return "costlier" if old.cost > exact.cost + 1e-9 else "same"


def run(store: Store, count: int, rng: random.Random) -> dict[str, Any]:
    vocabulary = Vocabulary(store.areas())
    areas = [a.id for a in store.areas() if a.broader]
    workers = [p.id for p in store.iter_records("professionals")
               if isinstance(p, Professional) and p.role == "wijkwerker"]
    new_ms, old_ms, ratios = [], [], []
    verdicts: dict[str, int] = {"same": 0, "larger": 0, "costlier": 0, "none": 0}
    exact_count = 0
    for i in range(count):
        needs = rng.sample(areas, rng.randint(2, 5))
        requester = rng.choice(workers) if i % 2 else None
        lists = {n: need_candidates(store, n, [n, *vocabulary.narrower(n)], TODAY) for n in needs}
        started = time.perf_counter()
        exact = search_team.team_for(store, lists, needs, requester, TODAY)
        new_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        old = former(store, lists, needs, requester, TODAY)
        old_ms.append((time.perf_counter() - started) * 1000)
        if exact is None or not exact.exact:
            continue
        exact_count += 1
        verdicts[compare(exact, old)] += 1
        if old is not None and len(old.members) == len(exact.members) and exact.cost > 0:
            ratios.append(old.cost / exact.cost)
    return {"queries": count, "exact answers": exact_count, "former vs exact": verdicts,
            "team ms p50": statistics.median(new_ms), "team ms p99": percentile(new_ms, 0.99),
            "team ms max": max(new_ms), "former ms p50": statistics.median(old_ms),
            "former ms p99": percentile(old_ms, 0.99),
            "cost ratio (former/exact), same size: mean": statistics.fmean(ratios) if ratios else 1.0,
            "cost ratio, max": max(ratios, default=1.0)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for option, default in (("professionals", 10_000), ("cases", 100_000), ("queries", 300)):
        parser.add_argument(f"--{option}", type=int, default=default)
    args = parser.parse_args()
    store = open_bench_store(args.professionals, args.cases)
    results = run(store, args.queries, random.Random(21))
    store.close()
    print(f"{args.professionals:,} professionals, {args.cases:,} cases, {args.queries} searches of 2-5 needs")
    for what, value in results.items():
        print(f"{what:46} {value if isinstance(value, dict) else round(value, 3)}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "team.json").write_text(json.dumps(
        {"machine": machine(), "date": date.today().isoformat(), "professionals": args.professionals,
         "cases": args.cases, "results": results}, indent=1))


if __name__ == "__main__":
    main()
