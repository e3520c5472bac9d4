"""Consultation speed on a realistic pool: the steps, search right after a
step, and the half-year evaluation.

    python bench/bench_consult.py [--professionals 10000] [--cases 100000] [--consultations 300]

A synthetic pool (``bench/synthetic.py``, cached in ``bench/results/``) is
imported into a temporary store. Wijkwerkers of the pool file netwerk
requests asking specialists of the request's area (through
``directory.consultations.service``, each with its own moment on the bench's day); each is
accepted, gets hours booked and is closed, so every step writes the store
and every close writes a case. Measured per step: the wall time of the
service call (p50, p95). The worker searches the request's area before
filing it; the same search is measured right after the booking (a step
that changes no record: search keeps its candidate lists and only the hours
are read afresh), right after the close
(a new case: the need's candidate lists are rebuilt, the dearest moment for
search), and the same search again (warm). Finally the evaluation of the half-year
(``directory.evaluation.report``)
over the whole pool and the consultations, and the same again (kept until
cases or consultations change).

Prints a table and writes ``bench/results/consult.json`` with the machine and the date.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

from bench.bench_import import RESULTS, code_state, machine  # noqa: E402
from bench.bench_search import percentile  # noqa: E402
from devkit import synthetic  # noqa: E402
from directory.accounts.roles import User  # noqa: E402
from directory.consultations import service as consult  # noqa: E402
from directory.evaluation import report as evaluation  # noqa: E402
from directory.exchange.document import import_document  # noqa: E402
from directory.pool.model import Professional  # noqa: E402
from directory.search.queries import SearchQuery  # noqa: E402
from directory.search.vocabulary import Vocabulary  # noqa: E402
from graph.search import rank_experts  # noqa: E402
from graph.stores import open_store  # noqa: E402

TODAY = date(2026, 11, 16)


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--professionals", type=int, default=10_000)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--consultations", type=int, default=300)
    args = parser.parse_args()
    pool = RESULTS / f"pool-v{synthetic.VERSION}-{args.professionals}-{args.cases}-s7-{TODAY}.json"
    RESULTS.mkdir(parents=True, exist_ok=True)
    if not pool.exists():
        pool.write_text(json.dumps(synthetic.generate(args.professionals, args.cases, today=TODAY)))
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{folder}/bench.db", create=True)
        import_document(pool.read_bytes(), store)
        results = _run(store, args.consultations)
        store.close()
    results.update({"professionals": args.professionals, "cases": args.cases,
                    "measured": datetime.now(UTC).isoformat(timespec="seconds"),
                    "machine": machine(), "code": code_state()})
    (RESULTS / "consult.json").write_text(json.dumps(results, indent=2))
    for key, value in results.items():
        if key not in ("machine", "code"):
            print(f"{key:28} {value}")


def _run(store: Any, count: int) -> dict[str, Any]:
    rng = random.Random(5)
    people = [p for p in store.iter_records("professionals") if isinstance(p, Professional) and p.active]
    teams = {t.id: t for t in store.iter_records("teams")}
    workers = [p for p in people if any(getattr(teams.get(t), "kind", None) == "wijkteam" for t in p.teams)]
    claims_by_area: dict[str, list[str]] = {}
    for person in people:
        if person in workers:
            continue
        for claim in person.expertise:
            claims_by_area.setdefault(claim.area, []).append(person.id)
    areas = sorted(a for a, ids in claims_by_area.items() if len(ids) >= 5)
    vocabulary = Vocabulary(store.areas())
    steps: dict[str, list[float]] = {"file": [], "accept": [], "book": [], "close": []}
    first_search, warm_search, after_step = [], [], []
    moment = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)
    for _ in range(count):
        worker = rng.choice(workers)
        area = rng.choice(areas)
        lead = User(f"u-{worker.id}", "wijkwerker", worker.id)
        moment += timedelta(seconds=30)
        specialist = None
        for candidate in rng.sample(claims_by_area[area], min(5, len(claims_by_area[area]))):
            if consult.budgets(store, [candidate], TODAY)[candidate].level != "exhausted":
                specialist = candidate
                break
        if specialist is None:
            continue
        helper = User(f"u-{specialist}", "specialist", specialist)
        query = SearchQuery("", (area,), worker.id, worker.teams[0], None, 10)
        rank_experts(store, query, today=TODAY, vocabulary=vocabulary)  # the need's lists are there
        started = time.perf_counter()
        done = consult.file_request(store, {"need": "bench: vraag om advies", "areas": [area],
                                            "specialist": specialist}, by=lead, now=moment)
        steps["file"].append(_ms(started))
        cid = done.consultation.id
        started = time.perf_counter()
        consult.accept(store, cid, by=helper, now=moment + timedelta(seconds=1))
        steps["accept"].append(_ms(started))
        started = time.perf_counter()
        consult.book_hours(store, cid, 1.5, by=helper, now=moment + timedelta(seconds=2))
        steps["book"].append(_ms(started))
        after_step.append(rank_experts(store, query, today=TODAY, vocabulary=vocabulary).took_ms)
        started = time.perf_counter()
        consult.close(store, cid, outcome="zwaardere_zorg_voorkomen", by=lead,
                      now=moment + timedelta(seconds=3))
        steps["close"].append(_ms(started))
        first_search.append(rank_experts(store, query, today=TODAY, vocabulary=vocabulary).took_ms)
        warm_search.append(rank_experts(store, query, today=TODAY, vocabulary=vocabulary).took_ms)
    coordinator = User("co", "coordinator", None)
    evaluations = []
    for _ in range(2):  # the first computes, the second finds the figures kept
        started = time.perf_counter()
        evaluation.evaluate(store, by=coordinator, today=TODAY)
        evaluations.append(_ms(started))
    out: dict[str, Any] = {"consultations_closed": len(steps["close"])}
    for name, times in steps.items():
        out[f"{name}_p50_ms"] = round(statistics.median(times), 1)
        out[f"{name}_p95_ms"] = round(percentile(times, 0.95), 1)
    out["search_after_booking_p50_ms"] = round(statistics.median(after_step), 1)
    out["search_after_booking_p95_ms"] = round(percentile(after_step, 0.95), 1)
    out["search_after_close_p50_ms"] = round(statistics.median(first_search), 1)
    out["search_after_close_p95_ms"] = round(percentile(first_search, 0.95), 1)
    out["search_warm_p50_ms"] = round(statistics.median(warm_search), 1)
    out["evaluation_half_year_ms"] = round(evaluations[0], 1)
    out["evaluation_again_ms"] = round(evaluations[1], 2)
    return out


if __name__ == "__main__":
    main()
