"""Search quality on real expert-finding data (Stack Exchange physics and
mathoverflow, ``../shared/datasets/stackexchange``; CC BY-SA, Stack Exchange,
Inc. and its contributors).

Mapping (the dataset's README): a tag is an expertise area, a user is a
professional, a question with its answerers is a case. Split by time: the
first 90% of the questions (ids are chronological) are the past, imported as
cases dated evenly over the six years up to yesterday; the last 10% are the
queries (at most 400), asked with their tags as areas through
``kernteamdb search --batch`` — the path users have. A query's own answers
never enter the past. Scored: MRR@100 and Hit@10 against the answerers,
beside two recency-blind baselines computed here from the same past
(``devkit.baselines``):

- tf-idf (the dataset README's): an expert's score is the sum over the
  query's tags of count(expert, tag) x log(N / experts with that tag);
- BM25 (k1 = 1.2, b = 0.75), the usual baseline of expert finding. A
  person's document is the bag of tags of the past questions they answered:
  each answered question adds each of its distinct tags once, so a tag's
  frequency is the number of their past answers to questions with that tag
  and the document's length the sum of those (their answers times tags per
  question). N is the number of people who answered in the past, n(t) those
  with tag t in their document, idf = ln(1 + (N - n(t) + 0.5) / (n(t) + 0.5)),
  and a query is its distinct tags.

Both ratios (ours over each baseline's MRR@100) are reported, each with a
95% interval from resampling the queries (``ratio_interval``).

    python bench/quality.py [--site physics] [--site mathoverflow]

Prints a table and writes ``bench/results/quality.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import subprocess
import sys
import tempfile
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).parent
DATA = HERE.parent.parent / "shared" / "datasets" / "stackexchange"
MAX_QUERIES = 400
TODAY = date(2026, 11, 15)
sys.path.insert(0, str(HERE.parent))

from devkit.baselines import Documents  # noqa: E402


def read_site(site: str) -> tuple[dict[int, list[str]], dict[int, set[str]]]:
    """Tags per question and answerers per question."""
    folder = DATA / site
    tags = {}
    for line in (folder / "Q_tags.txt").read_text().splitlines():
        parts = line.split()
        if parts:
            tags[int(parts[0])] = parts[1:]
    user_of = {}
    for line in (folder / "answer_user_ids.txt").read_text().splitlines()[1:]:
        answer, user = line.split()
        user_of[answer] = f"u{user}"
    answerers: dict[int, set[str]] = defaultdict(set)
    for line in (folder / "q_answer_ids_score.txt").read_text().splitlines()[1:]:
        parts = line.split()
        for answer in parts[1::2]:
            if answer in user_of:
                answerers[int(parts[0])].add(user_of[answer])
    return tags, answerers


def split(tags: dict[int, list[str]], answerers: dict[int, set[str]]):
    questions = sorted(q for q in tags if answerers.get(q))
    cut = int(len(questions) * 0.9)
    return questions[:cut], questions[cut:][:MAX_QUERIES]


def past_document(past: list[int], tags: dict[int, list[str]],
                  answerers: dict[int, set[str]]) -> dict:
    span = 6 * 365
    areas = sorted({t for q in past for t in tags[q]})
    people = sorted({u for q in past for u in answerers[q]})
    cases = []
    for i, q in enumerate(past):
        day = TODAY - timedelta(days=1 + span - span * i // max(1, len(past) - 1))
        cases.append({"id": f"q{q}", "opened": day.isoformat(), "closed": day.isoformat(),
                      "areas": sorted(set(tags[q])),
                      # no hours: these sites have no budgets, and with a made-up hour per
                      # answer the busiest answerers would run out of the default 40 and
                      # be ranked down for a reason the data does not hold
                      "participants": [{"professional": u, "role": "specialist"}
                                       for u in sorted(answerers[q])]})
    return {"format": "kernteamdb/1",
            "expertise": [{"id": a, "label": a.replace("-", " ")} for a in areas],
            "professionals": [{"id": u, "name": f"User {u[1:]}"} for u in people],
            "cases": cases}


def reciprocal_ranks(ranked: dict[int, list[str]], truth: dict[int, set[str]]) -> list[float]:
    """Per query (in the order of ``ranked``), 1 / the rank of its first answerer in the top 100, or 0."""
    rr = []
    for q, people in ranked.items():
        rank = next((i for i, p in enumerate(people[:100], 1) if p in truth[q]), None)
        rr.append(1 / rank if rank else 0.0)
    return rr


def measure(ranked: dict[int, list[str]], truth: dict[int, set[str]]) -> tuple[float, float]:
    """MRR@100 and Hit@10."""
    rr = reciprocal_ranks(ranked, truth)
    return sum(rr) / len(rr), sum(1.0 for r in rr if r >= 0.1) / len(rr)


def ratio_interval(ours: list[float], base: list[float], rounds: int = 1000) -> tuple[float, float]:
    """A 95% interval of the MRR ratio, from ``rounds`` resamples of the
    queries (the same queries for both, with a fixed seed, so a rerun gives
    the same interval): 400 queries leave a ratio uncertain by about +-0.1,
    so a change of a few hundredths is no evidence either way."""
    draw = random.Random(0)
    ratios = []
    for _ in range(rounds):
        picked = [draw.randrange(len(ours)) for _ in ours]
        below = sum(base[i] for i in picked)
        ratios.append(sum(ours[i] for i in picked) / below if below else math.inf)
    ratios.sort()
    return round(ratios[int(0.025 * rounds)], 3), round(ratios[int(0.975 * rounds) - 1], 3)


def run_site(site: str) -> dict:
    tags, answerers = read_site(site)
    past, queries = split(tags, answerers)
    known = {t for q in past for t in tags[q]}
    truth = {q: answerers[q] for q in queries}
    with tempfile.TemporaryDirectory() as tmp:
        document = Path(tmp) / "past.json"
        document.write_text(json.dumps(past_document(past, tags, answerers)))
        store = f"sqlite:///{tmp}/se.db"
        cli = [sys.executable, "-m", "web.cli", "--store", store]
        subprocess.run([*cli, "import", str(document)], check=True, capture_output=True,
                       cwd=HERE.parent)
        lines = [json.dumps({"id": str(q), "areas": sorted(set(tags[q]) & known), "limit": 100})
                 for q in queries if set(tags[q]) & known]
        batch = Path(tmp) / "queries.jsonl"
        batch.write_text("\n".join(lines) + "\n")
        out = subprocess.run([*cli, "search", "--batch", str(batch), "--today", TODAY.isoformat()],
                             capture_output=True, text=True, cwd=HERE.parent)
    if out.returncode:  # figures of a failed search would read as a ranking that finds nobody
        sys.exit(f"kernteamdb search --batch failed on {site}:\n{out.stderr}")
    answers = {int(r["id"]): [h["id"] for h in r.get("results", [])]
               for r in map(json.loads, out.stdout.splitlines())}
    ours = {q: answers.get(q, []) for q in queries}
    documents = Documents(past, tags, answerers)
    took = sorted(r["took_ms"] for r in map(json.loads, out.stdout.splitlines()) if "took_ms" in r)
    mrr, hit = measure(ours, truth)
    row = {"site": site, "past_cases": len(past), "queries": len(queries),
           "mrr@100": round(mrr, 4), "hit@10": round(hit, 4)}
    for name, rank in (("tfidf", documents.tfidf), ("bm25", documents.bm25)):
        theirs = {q: rank(sorted(set(tags[q]))) for q in queries}
        base_mrr, base_hit = measure(theirs, truth)
        row |= {f"{name}_mrr@100": round(base_mrr, 4), f"{name}_hit@10": round(base_hit, 4),
                f"{name}_ratio": round(mrr / base_mrr, 3) if base_mrr else None,
                f"{name}_ratio_95": ratio_interval(reciprocal_ranks(ours, truth),
                                                   reciprocal_ranks(theirs, truth))}
    return row | {"search_p50_ms": took[len(took) // 2] if took else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", action="append", choices=["physics", "mathoverflow"])
    args = parser.parse_args()
    rows = [run_site(site) for site in args.site or ["physics", "mathoverflow"]]
    print(f"{'site':14} {'queries':>7} {'MRR@100':>8} {'Hit@10':>7} {'tf-idf MRR':>10} "
          f"{'tf-idf Hit':>10} {'ratio':>6} {'95%':>11} {'BM25 MRR':>8} {'BM25 Hit':>8} {'ratio':>6}")
    for r in rows:
        print(f"{r['site']:14} {r['queries']:7} {r['mrr@100']:8.3f} {r['hit@10']:7.3f} "
              f"{r['tfidf_mrr@100']:10.3f} {r['tfidf_hit@10']:10.3f} {r['tfidf_ratio']:6} "
              f"{'{:.2f}-{:.2f}'.format(*r['tfidf_ratio_95']):>11} "
              f"{r['bm25_mrr@100']:8.3f} {r['bm25_hit@10']:8.3f} {r['bm25_ratio']:6}")
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "quality.json").write_text(json.dumps(
        {"measured": date.today().isoformat(), "sites": rows}, indent=1))


if __name__ == "__main__":
    main()
