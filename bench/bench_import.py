"""Import, open and export speed of the embedded store, on a synthetic pool.

Targets: importing 10,000 professionals and 100,000 cases takes under 10 s,
and such a store opens in a new process, ready to answer, in under 3 s.

    python bench/bench_import.py [--professionals 10000] [--cases 100000] [--repeat 3]
                                 [--seed 7] [--regenerate] [--profile]

The pool comes from ``devkit/synthetic.py`` and is cached under
``bench/results/`` (git-ignored), keyed by size, seed and generator version.
Every measurement runs in a fresh Python process (``python -c``) on a store in
a fresh temporary directory, and is timed inside that process:

- import: ``import_document(text, store)`` into an empty store (parse,
  validate, plan, write SQLite and the in-memory index), then separately its
  steps (JSON decoding, validation, planning, writing) in another process, and
  ``store.close()``, which leaves the index snapshot for the next process;
- open: ``open_store(url)`` + ``store.count("cases")`` in a new process, with
  the snapshot the importer left and without it (the index rebuilt from
  SQLite), plus the whole process's wall time as the parent sees it;
- export: ``export_document(store)``, and the round trip export -> import into
  an empty store -> export, which must be byte-identical; importing the export
  again must change nothing.

Prints a table of medians and writes ``bench/results/import.json`` with every
run, the machine and the date. ``--profile`` also runs cProfile on one import
and one open without snapshot and prints the top functions (the ``.prof``
files stay in ``bench/results/``).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
sys.path.insert(0, str(ROOT))

from devkit import synthetic  # noqa: E402  (after the path is set, when run as a script)

#: The reference day of the cached pool, fixed so the cache stays valid.
TODAY = date(2026, 11, 15)
IMPORT_TARGET = 10.0
OPEN_TARGET = 3.0
SNAPSHOT_SUFFIX = ".index"  # graph.stores.embedded.snapshot.SUFFIX: the index left beside the file

# --- the child processes: each prints one JSON line -------------------------------------

#: import_document into an empty store, then close() (which writes the snapshot).
IMPORT = """
import json, resource, sys, time
from directory.exchange.document import import_document
from graph.stores import open_store
url, source = sys.argv[1], sys.argv[2]
with open(source, "rb") as handle:
    text = handle.read()
store = open_store(url, create=True)
started = time.perf_counter()
plan = import_document(text, store)
imported = time.perf_counter()
store.close()
closed = time.perf_counter()
print(json.dumps({
    "import": imported - started, "close": closed - imported,
    "written": sum(c.new + c.changed for c in plan.counts.values()),
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

#: The steps import_document takes, timed one by one (with the collector paused,
#: as import_document does).
STEPS = """
import json, sys, time
import orjson
from directory.pool.bulk import collector_paused
from directory.exchange.document import plan_import, validate_document
from graph.stores import open_store
url, source = sys.argv[1], sys.argv[2]
with open(source, "rb") as handle:
    text = handle.read()
store = open_store(url, create=True)
with collector_paused():
    t0 = time.perf_counter()
    raw = orjson.loads(text)
    t1 = time.perf_counter()
    document = validate_document(raw, store)
    t2 = time.perf_counter()
    plan = plan_import(document, store)
    t3 = time.perf_counter()
store.apply(plan)
t4 = time.perf_counter()
print(json.dumps({"decode": t1 - t0, "validate": t2 - t1, "plan": t3 - t2, "write": t4 - t3}))
"""

#: A new process until the store answers; it does not close the store, so it
#: never writes a snapshot of its own.
OPEN = """
import json, sys, time
started = time.perf_counter()
from graph.stores import open_store
imported = time.perf_counter()
store = open_store(sys.argv[1])
cases = store.count("cases")
ready = time.perf_counter()
print(json.dumps({"open": ready - imported, "modules": imported - started, "cases": cases}))
"""

EXPORT = """
import json, sys, time
from directory.exchange.document import export_document
from graph.stores import open_store
store = open_store(sys.argv[1])
started = time.perf_counter()
text = export_document(store)
exported = time.perf_counter()
with open(sys.argv[2], "w", encoding="utf-8") as handle:
    handle.write(text)
print(json.dumps({"export": exported - started, "mb": len(text.encode()) / 1e6}))
"""

#: cProfile of one import and of the close() after it (argv: url, source, two outputs),
#: and of one open (argv: url, output).
PROFILE_IMPORT = """
import cProfile, sys
from directory.exchange.document import import_document
from graph.stores import open_store
text = open(sys.argv[2], "rb").read()
store = open_store(sys.argv[1], create=True)
cProfile.run("import_document(text, store)", sys.argv[3])
cProfile.run("store.close()", sys.argv[4])
"""
PROFILE_OPEN = """
import cProfile, sys
from graph.stores import open_store
import graph.stores.embedded.store
cProfile.run("open_store(sys.argv[1]).count('cases')", sys.argv[2])
"""


def child(code: str, *args: str | Path) -> tuple[dict[str, Any], float]:
    """Run ``python -c code args`` from the repository root: its JSON line and
    the wall time the parent saw (interpreter start-up included)."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"a benchmark process failed (exit {done.returncode}):\n{done.stderr}")
    lines = done.stdout.strip().splitlines()
    return (json.loads(lines[-1]) if lines else {}), wall


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    memory: dict[str, str] = {}
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            key, _, value = line.partition(":")
            if key in {"MemTotal", "MemAvailable"}:
                memory[key] = value.strip()
    return {"platform": platform.platform(), "python": platform.python_version(),
            "processor": platform.processor() or platform.machine(),
            "cpu_count": os.cpu_count(), "memory": memory,
            "load_average": [round(x, 2) for x in os.getloadavg()]}


def code_state() -> dict[str, Any]:
    """The commit measured and the files changed since (others may be editing)."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    return {"commit": git("rev-parse", "HEAD") or None,
            "changed_files": git("status", "--porcelain", "--untracked-files=no").splitlines()}


def pool_path(professionals: int, cases: int, seed: int = 7) -> Path:
    """Where the synthetic document of this size and seed is cached."""
    return RESULTS / f"pool-v{synthetic.VERSION}-{professionals}-{cases}-s{seed}-{TODAY}.json"


def generate_pool(professionals: int, cases: int, seed: int = 7) -> float:
    """Generate and cache the synthetic document; the seconds generating took."""
    RESULTS.mkdir(exist_ok=True)
    path = pool_path(professionals, cases, seed)
    started = time.perf_counter()
    document = synthetic.generate(professionals, cases, seed=seed, today=TODAY)
    seconds = time.perf_counter() - started
    temporary = path.with_suffix(".tmp")
    temporary.write_bytes(synthetic.dump(document))
    temporary.replace(path)
    del document
    gc.collect()
    return seconds


def pool_file(professionals: int, cases: int, seed: int = 7) -> Path:
    """The synthetic document, generated once and cached (bench_search uses it too)."""
    path = pool_path(professionals, cases, seed)
    if not path.exists():
        generate_pool(professionals, cases, seed)
    return path


def profile(source: Path, tmp: Path, top: int = 15) -> None:
    """cProfile an import, the close() after it, an open with the snapshot that
    close() left and one without; print the top functions of each."""
    import pstats

    database = tmp / "profile" / "store.db"
    database.parent.mkdir()
    url = f"sqlite:///{database}"
    snapshot = Path(f"{database}{SNAPSHOT_SUFFIX}")
    out = {name: RESULTS / f"{name}.prof" for name in ("import", "close", "open-snapshot", "open")}
    child(PROFILE_IMPORT, url, source, out["import"], out["close"])
    if snapshot.exists():
        child(PROFILE_OPEN, url, out["open-snapshot"])
        snapshot.unlink()
    child(PROFILE_OPEN, url, out["open"])
    for name, path in out.items():
        if not path.exists():
            continue
        print(f"\n--- cProfile: {name} ({path.relative_to(ROOT)}) ---")
        stats = pstats.Stats(str(path))
        stats.sort_stats("tottime").print_stats(top)
        stats.sort_stats("cumulative").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--professionals", type=int, default=10_000)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--regenerate", action="store_true", help="ignore the cached pool")
    parser.add_argument("--profile", action="store_true",
                        help="also profile one import and one open (cProfile)")
    args = parser.parse_args()
    repeat = max(1, args.repeat)
    source = pool_path(args.professionals, args.cases, args.seed)
    generated = 0.0
    if args.regenerate or not source.exists():
        generated = generate_pool(args.professionals, args.cases, args.seed)
    size_mb = source.stat().st_size / 1e6
    host = machine()
    code = code_state()  # at the start: others may commit while this runs
    print(f"{args.professionals:,} professionals, {args.cases:,} cases, seed {args.seed}: "
          f"{source.relative_to(ROOT)} ({size_mb:.1f} MB"
          + (f", generated in {generated:.1f} s)" if generated else ", cached)"))
    print(f"{host['cpu_count']} CPUs, {host['memory'].get('MemTotal', '?')}, "
          f"load average {host['load_average']}; median of {repeat} runs\n")

    runs: dict[str, list[float]] = {}

    def note(name: str, value: float) -> None:
        runs.setdefault(name, []).append(value)

    peak: list[float] = []
    with tempfile.TemporaryDirectory(prefix="kernteamdb-bench-") as tmp_name:
        tmp = Path(tmp_name)
        for r in range(repeat):
            fresh = tmp / f"run-{r}"
            fresh.mkdir()
            result, _ = child(IMPORT, f"sqlite:///{fresh}/store.db", source)
            note("import", result["import"])
            note("close", result["close"])
            peak.append(result["peak_mb"])
            steps, _ = child(STEPS, f"sqlite:///{fresh}/steps.db", source)
            for step, seconds in steps.items():
                note(step, seconds)
        database = tmp / "run-0" / "store.db"
        url = f"sqlite:///{database}"
        snapshot = Path(f"{database}{SNAPSHOT_SUFFIX}")
        aside = tmp / "snapshot.aside"
        has_snapshot = snapshot.exists()
        counted = set()
        for _ in range(repeat):
            if has_snapshot:
                result, wall = child(OPEN, url)
                note("open", result["open"])
                note("open wall", wall)
                counted.add(result["cases"])
                snapshot.rename(aside)
            result, wall = child(OPEN, url)
            note("open cold", result["open"])
            note("open cold wall", wall)
            counted.add(result["cases"])
            if has_snapshot:
                aside.rename(snapshot)
        first = tmp / "export-0.json"
        for r in range(repeat):
            result, _ = child(EXPORT, url, tmp / f"export-{r}.json")
            note("export", result["export"])
            export_mb = result["mb"]
        copy = tmp / "copy"
        copy.mkdir()
        child(IMPORT, f"sqlite:///{copy}/store.db", first)
        child(EXPORT, f"sqlite:///{copy}/store.db", tmp / "export-again.json")
        identical = first.read_bytes() == (tmp / "export-again.json").read_bytes()
        again, _ = child(IMPORT, f"sqlite:///{copy}/store.db", first)
        unchanged = again["written"] == 0
        note("reimport", again["import"])
        exported = orjson.loads(first.read_bytes())
        expected = orjson.loads(source.read_bytes())
        complete = all(len(exported.get(k, ())) == len(expected.get(k, ()))
                       for k in ("expertise", "organisations", "teams", "professionals", "cases"))
        if args.profile:
            profile(source, tmp)
        shutil.rmtree(tmp, ignore_errors=True)

    median = {name: statistics.median(values) for name, values in runs.items()}
    rows: list[tuple[str, str, str, bool | None]] = []

    def row(what: str, name: str, target: float | None = None) -> None:
        if name in median:
            value = median[name]
            rows.append((what, f"{value:.2f} s", f"< {target:g} s" if target else "",
                         None if target is None else value < target))

    row("import_document (empty store), total", "import", IMPORT_TARGET)
    row("  JSON decoding (orjson)", "decode")
    row("  validation (schema + references)", "validate")
    row("  planning (new / changed)", "plan")
    row("  writing (SQLite + index)", "write")
    row("store.close() (writes the index snapshot)", "close")
    rows.append(("peak memory of the import process", f"{statistics.median(peak):.0f} MB", "",
                 None))
    row("open + count, new process, with snapshot", "open", OPEN_TARGET)
    # without the snapshot (the last writer crashed) the index is rebuilt: no target
    row("open + count, new process, no snapshot", "open cold")
    row("  whole process (start-up incl.), snapshot", "open wall")
    row("  whole process (start-up incl.), none", "open cold wall")
    row("export_document", "export")
    row("import of the export again (no change)", "reimport")
    rows.append(("export -> import -> export byte-identical", "yes" if identical else "NO", "yes",
                 identical))
    rows.append(("import of the export again changes nothing", "yes" if unchanged else "NO",
                 "yes", unchanged))
    rows.append(("export holds every record (counts)", "yes" if complete else "NO", "yes",
                 complete))
    rows.append(("new processes saw every case", "yes" if counted == {args.cases} else
                 f"NO {sorted(counted)}", "yes", counted == {args.cases}))
    width = max(len(what) for what, *_ in rows)
    print(f"{'what':{width}}  {'value':>9}  {'target':>8}")
    for what, value, target, ok in rows:
        verdict = "" if ok is None else "ok" if ok else "MISSED"
        print(f"{what:{width}}  {value:>9}  {target:>8}  {verdict}")
    missed = [what for what, _, _, ok in rows if ok is False]
    if missed and not args.profile:
        print("\nmissed: " + "; ".join(missed) + " (run with --profile for the hot spots)")

    report = {
        "benchmark": "import",
        "date": date.today().isoformat(),
        "measured": datetime.now().isoformat(timespec="seconds"),
        "machine": host,
        "code": code,
        "parameters": {"professionals": args.professionals, "cases": args.cases,
                       "seed": args.seed, "today": TODAY.isoformat(), "repeat": repeat,
                       "generator_version": synthetic.VERSION},
        "document": {"file": source.name, "mb": round(size_mb, 1),
                     "generated_seconds": round(generated, 2) or None,
                     "export_mb": round(export_mb, 1)},
        "targets": {"import": IMPORT_TARGET, "open": OPEN_TARGET},
        "seconds": {name: {"median": round(median[name], 3),
                           "runs": [round(v, 3) for v in values]}
                    for name, values in runs.items()},
        "peak_mb_import": round(statistics.median(peak)),
        "snapshot_written": has_snapshot,
        "round_trip_identical": identical,
        "reimport_unchanged": unchanged,
        "export_complete": complete,
        "targets_met": not missed,
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "import.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"\nwritten: {(RESULTS / 'import.json').relative_to(ROOT)}")


if __name__ == "__main__":
    main()
