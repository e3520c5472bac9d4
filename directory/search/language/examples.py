"""Learning which words go with which area from example needs.

No list of words can hold every way a household is described ("legt de
sleutels in de koelkast", "vindt de weg naar de supermarkt niet meer").
``examples.tsv`` holds some 2,900 fictional needs in workers' own words, each
with its area, written by people who tried them against the vocabulary. From
them a naive Bayes model (word lemmas and pairs of neighbouring lemmas,
additive smoothing) learns which words point to which area. It is asked only
when the vocabulary understood no area at all, and its answer is taken only
when it is sure (``SURE``); the worker sees it as a chip marked "waarschijnlijk"
with the words that made it, to keep or take away. Measured on the set that
was held out when it was added (now ``situations_extra_c``), this understood
7 more situations in 100, with no more wrong areas (``bench/understanding.py``).
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from importlib.resources import files

from directory.search.language.phrases import meaningful, word_set
from directory.search.language.stages import person_words
from directory.search.language.words import tokens, zipf

SURE = 0.7  # the share of the probability the best area must have
SMOOTHING = 0.1
SHOWN = 3  # words shown with a guess
TELLING = 5.0  # Zipf: a word more common than this is not shown as why ('meer', 'elkaar', 'rond')


@dataclass(frozen=True, slots=True)
class Guess:
    area: str
    probability: float
    words: tuple[str, ...]  # as typed, the ones that pointed to the area most


def features(text: str) -> list[tuple[str, str]]:
    """(feature, typed word) pairs: each meaningful word's lemma (not a generic word
    alone, nor a word for a person) and each pair of neighbouring lemmas ('na' and
    'ongeluk' together say NAH)."""
    out: list[tuple[str, str]] = []
    previous: str | None = None
    for token in tokens(text):
        if not meaningful(token) or token.lower.isdigit() or token.lower in person_words():
            previous = None
            continue
        key = min(token.keys)
        if not token.keys & word_set("generic"):
            out.append((key, token.typed))
        if previous is not None:
            out.append((f"{previous} {key}", token.typed))
        previous = key
    return out


class Model:
    """Naive Bayes over the examples: per area, how often each feature came."""

    def __init__(self, examples: list[tuple[str, tuple[str, ...]]]) -> None:
        self.counts: dict[str, Counter[str]] = {}
        self.needs: Counter[str] = Counter()
        for text, areas in examples:
            found = [f for f, _ in features(text)]
            for area in areas:
                self.needs[area] += 1
                self.counts.setdefault(area, Counter()).update(found)
        self.known = set().union(*self.counts.values()) if self.counts else set()
        self.totals = {area: sum(c.values()) for area, c in self.counts.items()}
        self.size = len(self.known)
        self.all_needs = sum(self.needs.values())

    def _log(self, area: str, feature: str) -> float:
        smoothed = self.counts[area][feature] + SMOOTHING
        return math.log(smoothed / (self.totals[area] + SMOOTHING * self.size))

    def guess(self, text: str, areas: Collection[str]) -> Guess | None:
        """The area of ``areas`` the text most resembles, if the model is sure."""
        said = [(f, typed) for f, typed in features(text) if f in self.known]
        candidates = [a for a in self.counts if a in areas]
        if not said or not candidates:
            return None
        scores = {a: math.log(self.needs[a] / self.all_needs) + sum(self._log(a, f) for f, _ in said)
                  for a in candidates}
        best = max(scores, key=lambda a: (scores[a], a))
        top = scores[best]
        probability = 1.0 / sum(math.exp(s - top) for s in scores.values())
        if probability < SURE:
            return None

        def weight(feature: str) -> float:  # how much more this feature says 'best' than the rest
            rest = [self._log(a, feature) for a in candidates if a != best]
            return self._log(best, feature) - (max(rest) if rest else 0.0)

        ranked = sorted(said, key=lambda pair: -weight(pair[0]))
        words = tuple(dict.fromkeys(typed for f, typed in ranked
                                    if weight(f) > 0 and zipf(typed.casefold()) < TELLING))[:SHOWN]
        return Guess(best, round(probability, 3), words)


_lock = threading.Lock()
_model: list[Model] = []


def model() -> Model:
    """The model of the shipped examples, learned once per process."""
    if not _model:
        with _lock:
            if not _model:
                _model.append(Model(read_examples()))
    return _model[0]


def read_examples() -> list[tuple[str, tuple[str, ...]]]:
    text = (files(__package__) / "examples.tsv").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#") and "\t" in line:
            need, areas = line.split("\t", 1)
            out.append((need, tuple(a.strip() for a in areas.split(",") if a.strip())))
    return out
