"""The vocabulary: from a worker's words to expertise areas.

``Vocabulary.match`` reads a need the way a worker types it: any case,
diacritics (cocaïne = cocaine) and punctuation; Dutch inflections
(geheugenproblemen = geheugenprobleem, see ``directory.dutch``); multi-word
synonyms ("licht verstandelijke beperking", "na een beroerte"); compounds
split against the vocabulary (schuldenproblematiek -> schulden,
alcoholverslaving -> alcohol + verslaving); typos within a budget that grows
with word length (demntie, hersenletstel) but never for short words; and
several needs in one line. Each match says how it was found, for the "why"
lines. ``suggest`` offers "bedoelde je ..." labels when nothing matched.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from directory.dutch import GENERIC_HEADS, STOP_WORDS, typo_budget, word_key
from directory.model import ExpertiseArea

_NON_WORD = re.compile(r"[^0-9a-z+]+")
MAX_PHRASE = 6
MIN_PART = 4  # the shortest half of a compound we split off
MIN_FUZZY = 5  # shorter words are never typo-corrected
SUGGEST_CUTOFF = 75  # similarity (0-100) a term needs to be suggested
SUGGEST_PREFIX = 6  # or this many first letters in common
MAX_AREAS_PER_WORD = 2  # a word of a longer term names it alone only if this distinctive


def normalise(text: str) -> str:
    """Lower case, no diacritics (cocaïne = cocaine), punctuation to spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", plain).split())


@dataclass(frozen=True, slots=True)
class AreaMatch:
    """One expertise area found in a query, and how (for the 'why' lines)."""

    area: str
    via: str


@dataclass(slots=True)
class _Token:
    word: str
    key: str
    note: str | None = None  # how the word was changed before matching


class Vocabulary:
    """Every way of naming an area, as keyed phrases, mapped to the area."""

    def __init__(self, areas: Iterable[ExpertiseArea]) -> None:
        self.areas = {a.id: a for a in areas}
        self._children: dict[str, list[str]] = {}
        for area in sorted(self.areas.values(), key=lambda a: a.id):
            if area.broader:
                self._children.setdefault(area.broader, []).append(area.id)
        self._phrases: dict[tuple[str, ...], list[AreaMatch]] = {}
        self._terms: dict[str, str] = {}  # normalised term -> area id, for suggestions
        for area in self.areas.values():
            self._add(area.label, AreaMatch(area.id, "exact"))
            if area.label_en:
                self._add(area.label_en, AreaMatch(area.id, "exact"))
            self._add(area.id.replace("-", " "), AreaMatch(area.id, "exact"))
            for synonym in area.synonyms:
                self._add(synonym, AreaMatch(area.id, f"synonym '{synonym}'"))
        self._single_keys = {key[0] for key in self._phrases if len(key) == 1}
        self._known_keys = {k for key in self._phrases for k in key}
        words = {w for term in self._terms for w in term.split()}
        self._fuzzy_words = sorted(w for w in words if len(w) >= MIN_FUZZY)
        self._generic_keys = {word_key(w) for w in GENERIC_HEADS}
        # distinctive words of longer terms: "autisme" names "Autisme volwassenen"
        areas_of_word: dict[str, dict[str, str]] = {}
        for term, area_id in self._terms.items():
            term_words = term.split()
            for word in term_words if len(term_words) > 1 else ():
                key = word_key(word)
                if len(word) >= MIN_PART and word not in STOP_WORDS \
                        and key not in self._generic_keys:
                    areas_of_word.setdefault(key, {}).setdefault(area_id, term)
        self._word_of_term = {key: found for key, found in areas_of_word.items()
                              if len(found) <= MAX_AREAS_PER_WORD}

    def _add(self, term: str, match: AreaMatch) -> None:
        if "-" in term:  # burn-out is also typed burnout, 18-/18+ also 18+
            self._add_normalised(normalise(term.replace("-", "")), match)
        self._add_normalised(normalise(term), match)

    def _add_normalised(self, text: str, match: AreaMatch) -> None:
        if not text:
            return
        self._terms.setdefault(text, match.area)
        key = tuple(word_key(w) for w in text.split())
        hits = self._phrases.setdefault(key, [])
        if all(h.area != match.area for h in hits):
            hits.append(match)

    # --- matching -------------------------------------------------------------------
    def match(self, text: str) -> list[AreaMatch]:
        """Areas named in ``text``, each once, in the order they appear."""
        tokens = self._tokens(text)
        found: dict[str, AreaMatch] = {}
        i = 0
        while i < len(tokens):
            for size in range(min(MAX_PHRASE, len(tokens) - i), 0, -1):
                window = tokens[i:i + size]
                hits = self._phrases.get(tuple(t.key for t in window))
                if hits:
                    notes = [t.note for t in window if t.note]
                    for hit in hits:
                        via = f"{notes[0]}, {hit.via}" if notes else hit.via
                        found.setdefault(hit.area, AreaMatch(hit.area, via))
                    i += size
                    break
            else:
                for area, term in self._word_of_term.get(tokens[i].key, {}).items():
                    note = f"{tokens[i].note}, " if tokens[i].note else ""
                    found.setdefault(area, AreaMatch(area, f"{note}word of '{term}'"))
                i += 1
        return list(found.values())

    def _tokens(self, text: str) -> list[_Token]:
        """Words with their keys; unknown words split as compounds or corrected."""
        tokens: list[_Token] = []
        for word in normalise(text).split():
            key = word_key(word)
            if key in self._known_keys or word in STOP_WORDS or len(word) < MIN_PART:
                tokens.append(_Token(word, key))
                continue
            parts = self._split(word)
            if parts:
                tokens.extend(_Token(p, word_key(p), f"part of '{word}'") for p in parts)
                continue
            corrected = self._correct(word)
            if corrected:
                tokens.append(_Token(corrected, word_key(corrected), f"typo '{word}'"))
            else:
                tokens.append(_Token(word, key))
        return tokens

    def _known(self, part: str, shortest: int = MIN_PART) -> bool:
        return len(part) >= shortest and word_key(part) in self._single_keys

    def _split(self, word: str) -> list[str] | None:
        """Split a compound into the parts the vocabulary knows, longest first
        part first. A known part beside a generic head (…problematiek) counts
        alone; a known part beside an unknown one does not, so that
        *posttraumatisch* is not read as *post* (thuisadministratie)."""
        for cut in range(len(word) - MIN_PART, MIN_PART - 2, -1):
            left, right = word[:cut], word[cut:]
            right_known = self._known(right)
            left_known = self._known(left, MIN_PART - 1 if right_known else MIN_PART)
            right_generic = right in GENERIC_HEADS or word_key(right) in self._generic_keys
            if left_known and right_known:
                return [left, right]
            if left_known and right_generic:
                return [left]
            if left_known:
                rest = self._split(right)
                if rest:
                    return [left, *rest]
        for cut in range(2, len(word) - MIN_FUZZY + 1):
            right = word[cut:]
            if len(right) >= MIN_FUZZY and self._known(right):
                return [right]
        return None

    def _correct(self, word: str) -> str | None:
        """The vocabulary word this one is a typo of, within its typo budget."""
        budget = typo_budget(word)
        if budget == 0 or not self._fuzzy_words:
            return None
        best = process.extractOne(word, self._fuzzy_words, scorer=Levenshtein.distance,
                                  score_cutoff=budget)
        return best[0] if best else None

    # --- helping the worker -----------------------------------------------------------
    def suggest(self, text: str, limit: int = 3) -> list[str]:
        """'Bedoelde je ...': labels of the areas closest to the words typed."""
        scores: dict[str, float] = {}
        for word in normalise(text).split():
            if word in STOP_WORDS or len(word) < 3:
                continue
            for term, score, _ in process.extract(word, list(self._terms), scorer=fuzz.ratio,
                                                  limit=5, score_cutoff=SUGGEST_CUTOFF):
                area = self._terms[term]
                scores[area] = max(scores.get(area, 0.0), score)
            if len(word) >= SUGGEST_PREFIX:  # opvoedproblemen: try Opvoedondersteuning
                for term, area in self._terms.items():
                    if term[:SUGGEST_PREFIX] == word[:SUGGEST_PREFIX]:
                        scores[area] = max(scores.get(area, 0.0), SUGGEST_CUTOFF)
        ranked = sorted(scores, key=lambda a: (-scores[a], self.label(a)))
        return [self.label(a) for a in ranked[:limit]]

    def narrower(self, area_id: str) -> list[str]:
        """The areas directly under ``area_id`` (a domain's areas), in id order."""
        return self._children.get(area_id, [])

    def label(self, area_id: str) -> str:
        area = self.areas.get(area_id)
        return area.label if area else area_id
