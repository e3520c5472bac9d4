"""Finding professionals who are probably in the pool twice, for a coordinator
to look at and merge (``directory.pool.merge.merge_professionals``).

Three signs, strongest first: the same e-mail address; the same name (and
organisation, when both have one); names that are nearly the same
(rapidfuzz's similarity of the names with their words sorted, so "Vries,
Anna de" and "Anna de Vries" match and a typo does too). Names are compared
as the vocabulary compares words: without case, accents or punctuation.
The stand-ins an erasure leaves are never proposed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from directory.accounts.roles import WRITE_POOL, User
from directory.pool.avg import is_anonymous
from directory.pool.changes import allowed
from directory.pool.model import Professional
from directory.ports import PoolRecords
from directory.search.vocabulary import normalise

#: How alike (0-100) two names must be to be proposed.
SIMILAR = 90


#: The signs that two profiles are one person, and their English words (the API and
#: the command line); pages word the codes themselves.
SIGNS = {"same_email": "same e-mail address", "same_name_and_organisation": "same name and organisation",
         "same_name": "same name", "similar_names": "similar names ({percent}%)"}


@dataclass(frozen=True, slots=True)
class Sign:
    """Why two profiles may be one person: a code of ``SIGNS`` and, for similar
    names, how alike they are (0-100, rounded)."""

    code: str
    percent: int | None = None

    @property
    def text(self) -> str:
        return SIGNS[self.code].format(percent=self.percent)


@dataclass(frozen=True, slots=True)
class LikelyDuplicate:
    """Two professionals who may be one person, why, and how sure (0-100)."""

    a: str
    b: str
    signs: tuple[Sign, ...]
    score: float

    @property
    def reasons(self) -> tuple[str, ...]:
        """The signs in English, as the API and the command line give them."""
        return tuple(sign.text for sign in self.signs)


def _name_key(name: str) -> str:
    return " ".join(sorted(normalise(name).split()))


def likely_duplicates(store: PoolRecords, *, by: User | None,
                      similar: float = SIMILAR) -> list[LikelyDuplicate]:
    """Pairs of professionals (``a < b``), the surest first."""
    allowed(by, WRITE_POOL)
    people = [p for p in store.iter_records("professionals")
              if isinstance(p, Professional) and not is_anonymous(p.id)]
    found: dict[tuple[str, str], tuple[list[Sign], float]] = {}

    def add(a: Professional, b: Professional, reason: Sign, score: float) -> None:
        key = (min(a.id, b.id), max(a.id, b.id))
        reasons, best = found.setdefault(key, ([], 0.0))
        reasons.append(reason)
        found[key] = (reasons, max(best, score))

    for group in _groups(people, lambda p: p.email.strip().lower() if p.email else None):
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                add(a, b, Sign("same_email"), 100.0)
    keys = [_name_key(p.name) for p in people]
    for i, key in enumerate(keys):
        for _, score, j in process.extract(key, keys[i + 1:], scorer=fuzz.ratio,
                                           score_cutoff=similar, limit=None):
            a, b = people[i], people[i + 1 + j]
            if score == 100 and (a.organisation == b.organisation or not (a.organisation and
                                                                         b.organisation)):
                add(a, b, Sign("same_name_and_organisation" if a.organisation else "same_name"), 100.0)
            else:
                add(a, b, Sign("similar_names", int(f"{score:.0f}")), score)
    pairs = [LikelyDuplicate(a, b, tuple(reasons), round(score, 1))
             for (a, b), (reasons, score) in found.items()]
    return sorted(pairs, key=lambda d: (-d.score, -len(d.signs), d.a, d.b))


def _groups(people: list[Professional], key: Callable[[Professional], str | None]
            ) -> list[list[Professional]]:
    by_key: dict[str, list[Professional]] = {}
    for person in people:
        value = key(person)
        if value:
            by_key.setdefault(value, []).append(person)
    return [group for group in by_key.values() if len(group) > 1]
