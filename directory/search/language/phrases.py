"""Finding the vocabulary's terms among a question's words.

A term of several words matches when all its meaningful words occur close
together: within ``GAP`` other meaningful words, in the written order or
with one word moved (Dutch moves the verb: "drinkt te veel" is also "die te
veel drinkt"). Little words (``rules.json``'s stop words) are left out on
both sides, so "slaapt in de auto" is found in "slaapt al weken in zijn
auto". A *tight* term is one meaningful word with little words ("wordt
18", "valt vaak", "sinds uitzending"), or two very common words ("geen
geld", "wat is er met mama"): without them it would match too much, so it
is found only as written. Longer terms go first and use up
their words; idioms use up theirs without naming anything. A *signal*
(its area starts with ``SIGNAL``: "@zorglast" for "kan het niet meer aan")
names no area itself but tells the household rules something; it uses up
no words and is found even among words another term used.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from directory.search.language.words import Token, keys_of, plain, rules, tokens, zipf

GAP = 2  # meaningful words a phrase may have between its own
COMMON = 4.5  # Zipf: two words this common together are found only as written ("geen geld")
SIGNAL = "@"  # the start of a signal's area: "@zorglast"


@dataclass(frozen=True, slots=True)
class Term:
    """One way of naming an area (or, with ``area`` None, an idiom that names nothing)."""

    area: str | None
    via: str  # how it names the area: "exact", "synonym '...'", "idiom"
    keys: tuple[frozenset[str], ...]  # per meaningful word (per written word when tight)
    generic: bool = False  # only generic words: names its area only when it is the whole question
    tight: bool = False


@dataclass(slots=True)
class Word:
    """A typed word as the matcher sees it (a compound's part or a corrected typo
    is a word of its own that remembers what was typed)."""

    at: int  # its place among the question's tokens
    typed: str
    keys: frozenset[str]
    note: str | None = None  # how it was changed: "typo 'demntie'", "part of 'gokschulden'"
    stop: bool = False  # a little word
    clause: int = 0  # its part of the sentence (``Token.clause``): a phrase does not cross a comma


@dataclass(slots=True)
class Found:
    term: Term
    places: list[int]  # indexes into the words


@cache
def _stop_words() -> frozenset[str]:
    return frozenset(plain(w) for w in rules()["stop_words"])


@cache
def _sharing_areas() -> frozenset[str]:
    return frozenset(rules()["sharing_areas"])


@cache
def word_set(name: str) -> frozenset[str]:
    """The keys of a word list of ``rules.json`` ("generic", "heads")."""
    return frozenset(k for w in rules()[name] for k in keys_of(w))


def meaningful(token: Token) -> bool:
    """Whether a word may carry a need (numbers do: 113, 18+)."""
    if token.lower[:1].isdigit():
        return True
    return len(token.lower) > 1 and token.plain not in _stop_words()


def term(text: str, area: str | None, via: str) -> Term | None:
    """The term ``text`` makes, or None when it holds no meaningful word."""
    written = [t for t in tokens(text) if len(t.lower) > 1 or t.lower.isdigit()]
    words = [t for t in written if meaningful(t)]
    if not words:
        return None
    # one meaningful word with little words ("wordt 18"), or two very common words ("wat is er
    # met mama" is 'mama met', "gebruikende ouders" is 'gebruiken ouder'): only as written
    common = len(words) == 2 and all(zipf(w.lower) >= COMMON for w in words)
    tight = (len(words) == 1 or common) and len(written) > 1
    return Term(area, via, tuple(w.keys for w in (written if tight else words)),
                generic=len(words) == 1 and bool(words[0].keys & word_set("generic")), tight=tight)


def find(candidates: list[Term], words: list[Word]) -> list[Found]:
    """Every one of ``candidates`` found in ``words``, longest first, each word used once."""
    content = [i for i, w in enumerate(words) if not w.stop]
    meaning = [words[i] for i in content]
    present = set().union(*(w.keys for w in words))
    ranked = []
    for candidate in candidates:
        if candidate.generic and len(content) != 1 or any(present.isdisjoint(k) for k in candidate.keys):
            continue
        moved = False
        if candidate.tight:
            places, span = _tight(candidate, words), 0
        else:
            ranks = _occurrence(candidate, meaning)
            places = [content[r] for r in ranks] if ranks is not None else None
            span = _width(ranks) if ranks else 0
            moved = ranks is not None and ranks != sorted(ranks)
        if places is not None and not (len(candidate.keys) == 1 and _negated(words, places[0])):
            ranked.append((-len(candidate.keys), candidate.area is not None, moved, span, min(places),
                           places, candidate))
    ranked.sort(key=lambda r: r[:5])
    used: set[int] = set()
    found = []
    sharing = _sharing_areas()
    for *_, places, candidate in ranked:
        if is_signal(candidate.area):
            found.append(Found(candidate, places))
        elif used.isdisjoint(places):
            if candidate.area not in sharing:
                used.update(places)
            found.append(Found(candidate, places))
    return found


def is_signal(area: str | None) -> bool:
    """Whether a term's area is a signal ("@zorglast"), not an expertise area.

    >>> is_signal("@zorglast"), is_signal("mantelzorgondersteuning"), is_signal(None)
    (True, False, False)
    """
    return area is not None and area.startswith(SIGNAL)


def _negated(words: list[Word], at: int) -> bool:
    """Whether a one-word need is denied: 'niet dement', 'geen schulden' (a
    negation just before it, perhaps past a little word). Not one after it:
    'redt het douchen niet meer' is a need."""
    negations = word_set("negations")
    before = [w for w in words[max(0, at - 2):at] if not w.stop or w.keys & negations]
    return bool(before and before[-1].keys & negations)


def _tight(found: Term, words: list[Word]) -> list[int] | None:
    """Where a tight term occurs as written, with at most two little words between its words."""
    for start, word in enumerate(words):
        if not word.keys & found.keys[0]:
            continue
        places = [start]
        for keys in found.keys[1:]:
            following = _next_word(words, places[-1], keys)
            if following is None:
                break
            places.append(following)
        if len(places) == len(found.keys):
            return places
    return None


def _next_word(words: list[Word], after: int, keys: frozenset[str]) -> int | None:
    """The place of the next word with one of ``keys`` after ``after``, when only
    little words (at most two) come between."""
    for at in range(after + 1, min(after + 4, len(words))):
        if words[at].keys & keys:
            return at
        if not words[at].stop:
            return None
    return None


@cache
def _orders(size: int) -> list[tuple[int, ...]]:
    """The word orders a phrase is found in: as written, or with one of its
    words elsewhere ("ziet dingen die er niet zijn" is also "dingen zag die
    er niet waren"). Two words moved is another phrase ("in huis, komt niet"
    is not "komt het huis niet in").

    >>> _orders(3)
    [(0, 1, 2), (1, 0, 2), (1, 2, 0), (0, 2, 1), (2, 0, 1)]
    """
    written = list(range(size))
    found = [tuple(written)]
    for word in written:
        rest = [w for w in written if w != word]
        for place in range(size):
            found.append(tuple([*rest[:place], word, *rest[place:]]))
    return list(dict.fromkeys(found))


def _occurrence(found: Term, words: list[Word]) -> list[int] | None:
    """Where a term's words occur close together in one of ``_orders``, closest
    first (per word of the term, in its order: not ascending when one moved)."""
    options = [[i for i, w in enumerate(words) if w.keys & keys] for keys in found.keys]
    if any(not o for o in options):
        return None
    if len(options) == 1:
        return [options[0][0]]
    widest = len(options) - 1 + GAP
    best: list[int] | None = None
    for order in _orders(len(options)):
        for start in options[order[0]]:
            chosen = [start]
            for index in order[1:]:
                after = [i for i in options[index] if i > chosen[-1]]
                if not after or after[0] - start > widest:
                    break
                chosen.append(after[0])
            else:
                placed = [chosen[order.index(i)] for i in range(len(order))]
                if len({words[p].clause for p in placed}) > 1:
                    continue
                if best is None or _width(placed) < _width(best) \
                        or _width(placed) == _width(best) and placed == sorted(placed) != best:
                    best = placed
    return best


def _width(places: list[int]) -> int:
    return max(places) - min(places)
