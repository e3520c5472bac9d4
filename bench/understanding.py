"""How well the vocabulary understands a worker's own words: the labelled
household situations of ``tests/data/`` (``situations.jsonl``, the set the
vocabulary was tuned on; ``situations_extra_a/b/c.jsonl``, other writers' sets,
tuned on too; and ``situations_holdout.jsonl``, written by someone who saw
neither the vocabulary nor the other sets, measured and never tuned on).

A situation is *understood* when every expected area is found and no
forbidden one (the traps: parents read as elderly, an adult area for a
child); it has a *wrong area* when a forbidden one is found. Stricter, and
reported beside them: an *unexpected area*, one that is neither expected,
nor acceptable (its ``also``), nor the domain of an expected area.
Also the time ``Vocabulary.match`` takes per situation and the resident
memory the language libraries and the vocabulary add to a process.

    python bench/understanding.py [--failures] [--set situations] [--set situations_extra_c] ...

Prints a table and writes ``bench/results/understanding.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).parent
DEFAULT_SETS = ["situations", "situations_extra_a", "situations_extra_b", "situations_extra_c",
                "situations_holdout"]
sys.path.insert(0, str(HERE.parent))

from devkit.understanding import read_set, score  # noqa: E402
from directory.search.vocabulary import Vocabulary  # noqa: E402


def resident_mib() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * 4096 / 2**20


def tally_terms(vocabulary: Vocabulary, situations: list, tally: dict[tuple[str, str], list[int]]) -> None:
    """Count, per (area, term that named it), the situations where that area was
    expected or acceptable (right) and where it was not (wrong)."""
    for s in situations:
        domains = {vocabulary.areas[a].broader for a in s.expect if a in vocabulary.areas}
        for m in vocabulary.match(s.text):
            counts = tally.setdefault((m.area, m.via), [0, 0])
            counts[0 if m.area in s.expect | s.also | domains else 1] += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", action="append", dest="sets")
    parser.add_argument("--failures", action="store_true", help="print every situation not understood")
    parser.add_argument("--terms", action="store_true",
                        help="per term: how often the area it named was expected, and how often not")
    args = parser.parse_args()
    import seed_data
    from directory.exchange.document import parse_document

    areas = parse_document(seed_data.read("taxonomy.json")).expertise
    from directory.search.language import examples

    before = resident_mib()
    started = time.perf_counter()
    vocabulary = Vocabulary(areas)
    examples.model()  # learned on first use: counted here with the rest
    built = time.perf_counter() - started
    added = resident_mib() - before
    report: dict[str, object] = {
        "date": date.today().isoformat(), "machine": platform.processor() or platform.machine(),
        "python": platform.python_version(), "build_s": round(built, 3),
        "resident_added_mib": round(added, 1), "sets": {}}
    print(f"vocabulary built and examples learned in {built:.2f} s (libraries loaded), "
          f"resident memory +{added:.1f} MiB")
    print(f"{'set':<24}{'n':>5}{'understood':>12}{'wrong area':>12}{'unexpected':>12}{'p50 ms':>8}")
    tally: dict[tuple[str, str], list[int]] = {}
    for name in args.sets or DEFAULT_SETS:
        situations = read_set(name)
        if not situations:
            continue
        times = []
        for s in situations:
            t = time.perf_counter()
            vocabulary.match(s.text)
            times.append((time.perf_counter() - t) * 1000)
        result = score(vocabulary, situations)
        row = {"n": len(situations), "understood": result.understood_share, "wrong": result.wrong_share,
               "unexpected": result.unexpected_share, "match_p50_ms": round(statistics.median(times), 3)}
        report["sets"][name] = row  # type: ignore[index]
        print(f"{name:<24}{len(situations):>5}{result.understood_share:>12.1%}{result.wrong_share:>12.1%}"
              f"{result.unexpected_share:>12.1%}{row['match_p50_ms']:>8}")
        if args.failures:
            for line in result.failures:
                print("   ", line)
        if args.terms:
            tally_terms(vocabulary, situations, tally)
    if args.terms:
        print("terms that named an area that was not expected more often than one that was:")
        for (area, term), (good, bad) in sorted(tally.items(), key=lambda kv: -kv[1][1]):
            if bad > good:
                print(f"   {bad:3} x wrong, {good:3} x right  {area}: {term}")
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "understanding.json").write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
