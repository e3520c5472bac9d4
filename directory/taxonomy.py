"""The vocabulary: from a worker's words to expertise areas.

This first version normalises case, diacritics and punctuation and matches
labels, English labels, ids and synonyms (multi-word ones included) by the
longest run of words. Stemming, compounds and typo tolerance come with the
search issue.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from directory.model import ExpertiseArea

_NON_WORD = re.compile(r"[^0-9a-z+]+")
MAX_PHRASE = 6


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


class Vocabulary:
    """Every way of naming an area, normalised, mapped to the area."""

    def __init__(self, areas: Iterable[ExpertiseArea]) -> None:
        self.areas = {a.id: a for a in areas}
        self._terms: dict[str, list[AreaMatch]] = {}
        for area in self.areas.values():
            self._add(area.id.replace("-", " "), AreaMatch(area.id, "exact"))
            self._add(area.label, AreaMatch(area.id, "exact"))
            if area.label_en:
                self._add(area.label_en, AreaMatch(area.id, "exact"))
            for synonym in area.synonyms:
                self._add(synonym, AreaMatch(area.id, f"synonym '{synonym}'"))

    def _add(self, term: str, match: AreaMatch) -> None:
        key = normalise(term)
        if key and match not in self._terms.setdefault(key, []):
            self._terms[key].append(match)

    def match(self, text: str) -> list[AreaMatch]:
        """Areas named in ``text``, longest phrases first, each area once, in the
        order they appear."""
        words = normalise(text).split()
        found: dict[str, AreaMatch] = {}
        i = 0
        while i < len(words):
            for size in range(min(MAX_PHRASE, len(words) - i), 0, -1):
                hits = self._terms.get(" ".join(words[i:i + size]))
                if hits:
                    for hit in hits:
                        found.setdefault(hit.area, hit)
                    i += size
                    break
            else:
                i += 1
        return list(found.values())

    def label(self, area_id: str) -> str:
        area = self.areas.get(area_id)
        return area.label if area else area_id
