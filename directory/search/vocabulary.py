"""The vocabulary: from a worker's own words to expertise areas.

``Vocabulary.match`` reads a need the way a wijkwerker types it ("jongere
van 15 spijbelt en blowt", "vader drinkt elke avond te veel"). Every
label and synonym of the taxonomy is a *term*; the shipped taxonomy's
synonyms include the lay words of workers and clients (``seed_data``).

1. **Words** (``directory.search.language.words``): each typed word and each term
   word has two keys, its lemma (simplemma: blowt -> blowen, geslagen ->
   slaan) and its plain form; they meet when they share one. Case,
   diacritics and punctuation do not matter.
2. **Compounds**: a word the vocabulary does not know is split where its
   head (the last part) is a vocabulary word (ouderdomsdementie ->
   dementie, gokschulden -> gok + schulden) or says only "a problem with"
   (drankprobleem -> drank). Both parts must be Dutch words, so *postbode*
   is not *post*.
3. **Typos**: a word that is neither a vocabulary word nor ordinary Dutch
   (wordfreq's common words, simplemma's inflected forms) is corrected to the
   nearest vocabulary word within a budget that grows with its length
   (dementei, hersenletstel); *uitzending* is a word, so it is never read
   as *uitzetting*.
4. **Phrases** (``directory.search.language.phrases``): a term of several words
   matches when its words occur close together ("slaapt al weken in zijn
   auto" holds "slaapt in de auto"); longer terms go first; idioms ("valt
   tegen", "maakt zich zorgen") name nothing. A generic word alone (huis,
   geld, kind, ouder) names nothing, and neither does who tells
   (``directory.search.language.reporters``: "thuiszorg ziet dat ...").
6. **Examples** (``directory.search.language.examples``): when no area was named,
   a model learned from example needs in workers' own words may recognise
   one ("legt de sleutels in de koelkast"); such an area is marked guessed.
5. **The household** (``directory.search.language.household``): an area with a
   youth, adult or elderly variant follows the age nearest to it ("jongen
   van 10 met autisme" is Jeugd-GGZ, "vrouw van 58 vergeet alles" is
   jongdementie), violence the age of whom it is done to; some needs
   together make another (drinking and forgetting: Korsakov; a parent's
   addiction with children: KOPP/KVO).

Each match says which typed words named it (``words``, for the chips a
worker can remove) and how (``via``, for the ``matched`` of a result).
``suggest`` offers "bedoelde je ..." areas when nothing was understood.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Indel

from directory.pool.model import ExpertiseArea
from directory.search.language import examples, household, phrases, reporters, stages
from directory.search.language.phrases import SIGNAL, Term, Word, is_signal, meaningful, word_set
from directory.search.language.words import (
    Token,
    is_ordinary,
    is_word,
    keys_of,
    normalise,
    rules,
    tokens,
    zipf,
)

__all__ = ["AreaMatch", "Vocabulary", "normalise"]

MIN_PART = 3  # the shortest part of a compound
OWN_WORD = 3.5  # a compound this common (Zipf) means itself: frisdrank is no drank
MIN_HEAD = 4  # the shortest head of a compound that names a need alone
MIN_FUZZY = 5  # shorter words are never typo-corrected
SUGGEST_CUTOFF = 75  # similarity (0-100) a word needs to be suggested
SUGGEST_PREFIX = 6  # or this many first letters in common


@dataclass(frozen=True, slots=True)
class AreaMatch:
    """One expertise area found in a question: how (``via``, for the 'matched'
    of a result) and the typed words that named it (``words``, shown to the
    worker: "Schoolverzuim — spijbelt")."""

    area: str
    via: str
    words: tuple[str, ...] = ()
    #: Not named by a term but guessed from example needs (``directory.search.language.examples``):
    #: shown as "waarschijnlijk", for the worker to keep or take away.
    guessed: bool = False


class Vocabulary:
    """Every way of naming an area, as terms of keyed words, mapped to the area."""

    def __init__(self, areas: Iterable[ExpertiseArea]) -> None:
        self.areas = {a.id: a for a in areas}
        self._children: dict[str, list[str]] = {}
        for area in sorted(self.areas.values(), key=lambda a: a.id):
            if area.broader:
                self._children.setdefault(area.broader, []).append(area.id)
        self._broader = {a.id: a.broader for a in self.areas.values()}
        self._leaves = frozenset(a for a, broader in self._broader.items() if broader)
        self._terms: dict[Term, None] = {}  # every term once, in the order added
        self._surfaces: dict[str, str] = {}  # plain vocabulary word -> area (typos, suggestions)
        for area in sorted(self.areas.values(), key=lambda a: a.id):
            names = [(area.label, "exact"), (area.id.replace("-", " "), "exact"),
                     *((s, f"synonym '{s}'") for s in area.synonyms)]
            if area.label_en:
                names.insert(1, (area.label_en, "exact"))
            for text, via in names:
                self._add(text, area.id, via)
        for idiom in rules()["idioms"]:
            self._add(idiom, None, "idiom")
        for signal, texts in rules()["signals"].items():
            for text in texts:
                self._add(text, SIGNAL + signal, f"signal '{text}'")
        # every term under each of its keys (for suggestions), and under the keys of its
        # rarest word only (for matching: a term is found only when all its words are there,
        # so a question need look up no term through 'niet' or 'in' that it reaches otherwise)
        self._rank = {term: at for at, term in enumerate(self._terms)}
        self._containing: dict[str, list[Term]] = {}
        for term in self._terms:
            for key in set().union(*term.keys):
                self._containing.setdefault(key, []).append(term)
        self._keys = set(self._containing)
        self._index: dict[str, list[Term]] = {}
        for term in self._terms:
            rarest = min(term.keys, key=lambda keys: sum(len(self._containing[k]) for k in keys))
            for key in rarest:
                self._index.setdefault(key, []).append(term)
        # words that name an area alone: what a compound's part must be to count
        self._single = {k for t in self._terms if t.area and not is_signal(t.area) and len(t.keys) == 1
                        and not t.generic for k in t.keys[0]}
        self._typo_words = sorted(w for w in self._surfaces if len(w) >= MIN_FUZZY)

    def _add(self, text: str, area: str | None, via: str) -> None:
        for variant in sorted({text, text.replace("-", ""), text.replace("'", "")}):
            found = phrases.term(variant, area, via)
            if found is None:
                continue
            self._terms.setdefault(found)
            if area and not is_signal(area):
                for token in tokens(variant):
                    if meaningful(token):
                        self._surfaces.setdefault(token.plain, area)

    # --- reading a question -------------------------------------------------------------
    def match(self, text: str) -> list[AreaMatch]:
        """Areas named in ``text``, each once, in the order they appear."""
        typed = tokens(text)
        words = self._words(typed)
        cues = stages.cues(typed)
        # in the vocabulary's own order: a word's keys are a set, and two terms that rank
        # alike for one word must not be chosen by the order a set happens to have
        candidates = sorted({id(t): t for w in words for k in w.keys for t in self._index.get(k, ())}
                            .values(), key=self._rank.__getitem__)
        telling = reporters.places(typed)
        named: list[household.Named] = []
        for hit in sorted(phrases.find(candidates, words), key=lambda f: min(f.places)):
            term = hit.term
            places = [words[p].at for p in hit.places]
            if term.area is None or telling.issuperset(places):  # an idiom, or who tells
                continue
            said = [words[p].typed for p in sorted(hit.places)]
            notes = [words[p].note for p in sorted(hit.places) if words[p].note]
            via = f"{notes[0]}, {term.via}" if notes else term.via
            for area, cue in household.by_stage(term.area, cues, typed, places, self.areas):
                named.append(household.Named(area, f"{via}, {cue.stage} ('{cue.typed}')" if cue else via,
                                             [*said, *([cue.typed] if cue else [])], places))
        named.extend(household.combined(named, cues, typed, self._broader))
        gone = household.replaced(named)
        out: dict[str, AreaMatch] = {}
        for found in named:
            if found.area in gone or is_signal(found.area):
                continue
            before = out.get(found.area)
            said_all = tuple(dict.fromkeys([*(before.words if before else ()), *found.words]))
            out[found.area] = AreaMatch(found.area, before.via if before else found.via, said_all)
        if not any(self._broader.get(a) for a in out):  # no area itself: what do examples say?
            guess = examples.model().guess(text, self._leaves)
            if guess is not None:
                out[guess.area] = AreaMatch(guess.area, f"like example needs ({guess.probability:.0%})",
                                            guess.words, guessed=True)
        return list(out.values())

    def _words(self, typed: list[Token]) -> list[Word]:
        """The words of a question; compounds split, typos corrected."""
        out: list[Word] = []
        for at, token in enumerate(typed):
            if not meaningful(token):
                out.append(Word(at, token.typed, token.keys, stop=True, clause=token.clause))
                continue
            if token.keys & self._keys:
                out.append(Word(at, token.typed, token.keys, clause=token.clause))
                continue
            parts = self._split(token.lower)
            if parts:
                out.extend(Word(at, token.typed, keys_of(p), f"part of '{token.lower}'", clause=token.clause)
                           for p in parts)
                continue
            corrected = self._correct(token)
            if corrected:
                out.append(Word(at, token.typed, keys_of(corrected), f"typo '{token.lower}'",
                                clause=token.clause))
            else:
                out.append(Word(at, token.typed, token.keys, clause=token.clause))
        return out

    def _known(self, part: str) -> bool:
        """Whether a compound's part names an area alone (not just a word of a phrase)."""
        return bool(keys_of(part) & self._single)

    def _split(self, word: str) -> list[str] | None:
        """A compound's parts that name a need: its head when the vocabulary
        knows it (with the first part too when that is a vocabulary word as
        well), or its first part when the head only says "a problem with".
        Not a common word that means itself (frisdrank, vrijwilligerswerk), and
        not a verb's prefix (verzuipen is not zuipen, terugvallen not vallen)."""
        if zipf(word) >= OWN_WORD:
            return None
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            left, head = word[:cut], word[cut:]
            if len(head) < MIN_HEAD and not self._known(head):
                continue
            modifier = _modifier(left)
            if modifier is None or modifier in _prefixes():
                continue
            says_only_problem = bool(keys_of(head) & word_set("heads"))
            if not says_only_problem and self._known(head) and is_word(head):
                return [modifier, head] if self._known(modifier) else [head]
            if says_only_problem and self._known(modifier):
                return [modifier]
        return None

    def _correct(self, token: Token) -> str | None:
        """The vocabulary word this one is a typo of, within its budget; never for a
        word that is ordinary Dutch."""
        word = token.plain
        budget = _typo_budget(word)
        if budget == 0 or is_ordinary(token.lower) or not self._typo_words:
            return None
        close = process.extract(word, self._typo_words, scorer=OSA.distance, score_cutoff=budget, limit=8)
        if not close:
            return None
        # the nearest; of equals, the one a letter left out or typed twice explains
        # (schol: school, not schop), then the one of the same length (dementei: dementie)
        return str(min(close, key=lambda c: (c[1], Indel.distance(word, c[0]), abs(len(c[0]) - len(word)),
                                             c[0]))[0])

    # --- helping the worker ---------------------------------------------------------------
    def suggest_areas(self, text: str, limit: int = 3) -> list[str]:
        """'Bedoelde je ...': the areas closest to the words typed, closest first:
        a typo of a vocabulary word beyond its budget, the first letters of one
        (opvoedperikels: Opvoedondersteuning), a word of a phrase ('slaapt' of
        'slaapt in de auto'), the areas of a domain that was understood."""
        scores: dict[str, float] = {}

        def offer(area: str, score: float) -> None:
            scores[area] = max(scores.get(area, 0.0), score)

        for token in tokens(text):
            word = token.plain
            if not meaningful(token) or len(word) < 3 or token.keys & word_set("generic"):
                continue
            if not is_ordinary(token.lower):
                for term, score, _ in process.extract(word, list(self._surfaces), scorer=fuzz.ratio,
                                                      limit=5, score_cutoff=SUGGEST_CUTOFF):
                    offer(self._surfaces[term], score)
            if len(word) >= SUGGEST_PREFIX:
                for term, area in self._surfaces.items():
                    if term[:SUGGEST_PREFIX] == word[:SUGGEST_PREFIX]:
                        offer(area, SUGGEST_CUTOFF)
            for key in token.keys & self._keys:
                phrased = {t.area for t in self._containing[key]
                           if t.area and not is_signal(t.area) and len(t.keys) > 1}
                if len(phrased) <= 2:  # a word of phrases of few areas says something ('slaapt')
                    for area in phrased:
                        offer(area, SUGGEST_CUTOFF - 5)
        for match in self.match(text):
            for child in self.narrower(match.area):
                offer(child, SUGGEST_CUTOFF + 5)
        ranked = sorted(scores, key=lambda a: (-scores[a], self.label(a)))
        return ranked[:limit]

    def suggest(self, text: str, limit: int = 3) -> list[str]:
        """'Bedoelde je ...': labels of the areas closest to the words typed."""
        return [self.label(a) for a in self.suggest_areas(text, limit)]

    def narrower(self, area_id: str) -> list[str]:
        """The areas directly under ``area_id`` (a domain's areas), in id order."""
        return self._children.get(area_id, [])

    def label(self, area_id: str) -> str:
        area = self.areas.get(area_id)
        return area.label if area else area_id


@cache
def _prefixes() -> frozenset[str]:
    return frozenset(rules()["prefixes"])


def _modifier(left: str) -> str | None:
    """The first part of a compound as a word: without the linking s or e(n)
    of ouderdom-s-dementie and schulden-problematiek, if it is Dutch."""
    for cut in (0, 1, 2):
        part = left[: len(left) - cut] if cut else left
        if cut and left[len(left) - cut:] not in ("s", "e", "en"):
            continue
        if len(part) >= MIN_PART and is_word(part):
            return part
    return None


def _typo_budget(word: str) -> int:
    """How many edits a word of this length may have and still count as a typo:
    none up to 4 letters (NAH, LVB, ASS are not typos of each other), one up
    to 7, two from 8 (hersenletstel).

    >>> [_typo_budget(w) for w in ("nah", "drugs", "dementie")]
    [0, 1, 2]
    """
    if len(word) <= 4:
        return 0
    return 1 if len(word) <= 7 else 2
