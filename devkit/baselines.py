"""The recency-blind baselines ``bench/quality.py`` measures search against
(tf-idf and BM25 over the tags of people's past answers; its docstring says
exactly what each computes); shared by that bench and its test."""

from __future__ import annotations

import math
from collections import Counter, defaultdict


class Documents:
    """Each past answerer's document, what both baselines rank from: the bag
    of tags of the past questions they answered, each answered question
    adding each of its distinct tags once (``count``), its length the sum of
    those counts (``length``), and in how many documents each tag is
    (``experts_with``)."""

    def __init__(self, past: list[int], tags: dict[int, list[str]],
                 answerers: dict[int, set[str]]) -> None:
        self.count: dict[str, Counter[str]] = defaultdict(Counter)
        for q in past:
            for u in answerers[q]:
                self.count[u].update(set(tags[q]))
        self.experts_with = Counter(t for c in self.count.values() for t in c)
        self.length = {u: sum(c.values()) for u, c in self.count.items()}
        self.average = sum(self.length.values()) / max(1, len(self.length))

    def tfidf(self, query_tags: list[str]) -> list[str]:
        n = len(self.count)
        return top({u: sum(c[t] * math.log(n / self.experts_with[t]) for t in query_tags if t in c)
                    for u, c in self.count.items()})

    def bm25(self, query_tags: list[str], k1: float = 1.2, b: float = 0.75) -> list[str]:
        n = len(self.count)
        idf = {t: math.log(1 + (n - self.experts_with[t] + 0.5) / (self.experts_with[t] + 0.5))
               for t in query_tags}
        scores = {}
        for u, c in self.count.items():
            norm = k1 * (1 - b + b * self.length[u] / self.average)
            scores[u] = sum(idf[t] * c[t] * (k1 + 1) / (c[t] + norm) for t in query_tags if t in c)
        return top(scores)


def top(scores: dict[str, float]) -> list[str]:
    """The 100 best-scoring people (ties by id), none with nothing in common with the query."""
    return [u for u, s in sorted(scores.items(), key=lambda x: (-x[1], x[0])) if s > 0][:100]
