"""Import, open and export speed of the embedded store.

Targets (issue: foundation): importing 10,000 professionals and 100,000 cases
takes under 10 s, and such a store opens, ready to answer, in under 3 s.

    python bench/bench_import.py [--professionals 10000] [--cases 100000] [--repeat 3]

Prints a table and writes ``bench/results/import.json``. Every timing runs in
a fresh process, as a user meets it: ``kernteamdb import`` on the command line,
and a new process opening the store.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

HERE = Path(__file__).parent
RESULTS = HERE / "results"
sys.path.insert(0, str(HERE.parent))

OPEN = """
import sys, time
started = time.perf_counter()
from graph.stores import open_store
imported = time.perf_counter()
store = open_store(sys.argv[1])
store.count("cases")
store.claims(["d01-a01"])
done = time.perf_counter()
print(done - imported, done - started)
"""
IMPORT = """
import sys, time
from graph.stores import open_store
from directory.exchange import parse_document, plan_import
text = open(sys.argv[2], "rb").read()
store = open_store(sys.argv[1], create=True)
started = time.perf_counter()
document = parse_document(text, store)
checked = time.perf_counter()
store.apply(plan_import(document, store))
done = time.perf_counter()
print(checked - started, done - checked, done - started)
"""


def machine() -> dict[str, object]:
    memory = ""
    if Path("/proc/meminfo").exists():
        memory = Path("/proc/meminfo").read_text().splitlines()[0].split(":")[1].strip()
    return {"platform": platform.platform(), "python": platform.python_version(),
            "processor": platform.processor() or platform.machine(), "cpus": os.cpu_count(),
            "memory": memory, "date": date.today().isoformat()}


def pool_file(professionals: int, cases: int) -> Path:
    """The synthetic document, generated once and kept under bench/results/."""
    from bench.synthetic import generate

    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"pool-{professionals}-{cases}.json"
    if not path.exists():
        path.write_text(json.dumps(generate(professionals, cases, today=date(2026, 11, 15))),
                        encoding="utf-8")
    return path


def run(*args: str) -> str:
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, check=True,
                          cwd=HERE.parent)
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--professionals", type=int, default=10_000)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    source = pool_file(args.professionals, args.cases)
    size_mb = source.stat().st_size / 1e6
    imports, checks, writes, cli, cold, warm, ready = [], [], [], [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.repeat):
            url = f"sqlite:///{tmp}/import-{i}.db"
            check, write, total = map(float, run("-c", IMPORT, url, str(source)).split())
            checks.append(check)
            writes.append(write)
            imports.append(total)
            started = time.perf_counter()
            run("-m", "web.cli", "--store", f"sqlite:///{tmp}/cli-{i}.db", "import", str(source))
            cli.append(time.perf_counter() - started)
        # the CLI leaves an index snapshot beside the file when it closes (warm
        # open); without it the index is rebuilt from SQLite (cold open)
        url = f"sqlite:///{tmp}/cli-0.db"
        snapshot = Path(f"{tmp}/cli-0.db.index")
        kept = snapshot.read_bytes()
        for _ in range(args.repeat):
            snapshot.unlink()
            cold.append(float(run("-c", OPEN, url).split()[0]))
            snapshot.write_bytes(kept)
            inner, whole = map(float, run("-c", OPEN, url).split())
            warm.append(inner)
            ready.append(whole)
        started = time.perf_counter()
        first = run("-m", "web.cli", "--store", url, "export")
        export_seconds = time.perf_counter() - started
        (Path(tmp) / "export.json").write_text(first, encoding="utf-8")
        copy = f"sqlite:///{tmp}/copy.db"
        run("-m", "web.cli", "--store", copy, "import", f"{tmp}/export.json")
        identical = run("-m", "web.cli", "--store", copy, "export") == first

    median = statistics.median
    rows = [
        ("import: validate", median(checks), None),
        ("import: write (SQLite + index)", median(writes), None),
        ("import: total", median(imports), 10.0),
        ("kernteamdb import (whole command)*", median(cli), None),
        ("open, index rebuilt from SQLite (cold)", median(cold), None),
        ("open, from the index snapshot (warm)", median(warm), 3.0),
        ("new process until it answers (warm)", median(ready), None),
        ("kernteamdb export (whole command)", export_seconds, None),
    ]
    print(f"{args.professionals:,} professionals, {args.cases:,} cases "
          f"({size_mb:.0f} MB document), median of {args.repeat}")
    print(f"{'what':40} {'seconds':>8} {'target':>8}")
    for what, seconds, target in rows:
        verdict = "" if target is None else f"< {target:g}" + (" ok" if seconds < target else " MISSED")
        print(f"{what:40} {seconds:8.2f} {verdict:>8}")
    print("* includes starting Python and writing the index snapshot when it closes")
    print(f"export -> import -> export byte-identical: {identical}")
    RESULTS.mkdir(exist_ok=True)
    report = {"machine": machine(), "measured": datetime.now().isoformat(timespec="seconds"),
              "professionals": args.professionals, "cases": args.cases, "document_mb": size_mb,
              "seconds": {what: round(s, 3) for what, s, _ in rows},
              "round_trip_identical": identical}
    (RESULTS / "import.json").write_text(json.dumps(report, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
