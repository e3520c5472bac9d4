"""The taxonomy's own operations: synonyms added and removed, an area moved
under another (or made a domain of its own). Adding, editing and deleting an
area are ``directory.pool.maintain``'s, merging two is ``directory.pool.merge``'s.

Like every change they check the user's role, validate the result as an
import would (an area may not end up below itself) and go into the audit
trail with before and after.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from directory.accounts.roles import WRITE_POOL, User
from directory.errors import InvalidInput, NotFound
from directory.pool.changes import Change, Saved, allowed
from directory.pool.checks import changed_values, checked
from directory.pool.model import ExpertiseArea
from directory.ports import PoolWithTaxonomy
from directory.problems import Problem, unknown
from directory.search.vocabulary import normalise


def _edit_area(store: PoolWithTaxonomy, area_id: str, version: int | None, by: User | None, action: str,
               changes: Callable[[ExpertiseArea], dict[str, Any]]) -> Saved:
    allowed(by, WRITE_POOL)
    change = Change(store, by)
    current = change.read("expertise", area_id, version)
    if not isinstance(current, ExpertiseArea):
        raise NotFound(unknown("expertise", area_id))
    values = changed_values(current, changes(current))
    change.update("expertise", current, checked(store, "expertise", values), action)
    change.apply()
    return change.saved("expertise", area_id)


def _word(synonym: Any) -> str:
    if not isinstance(synonym, str) or not synonym.strip():
        raise InvalidInput("a synonym is a word or a few words", [Problem.of("synonym", "non_empty_text")])
    return synonym.strip()


def add_synonym(store: PoolWithTaxonomy, area_id: str, synonym: Any, *, by: User | None,
                version: int | None = None) -> Saved:
    """Another word workers type for the area (once: compared without case or accents)."""
    word = _word(synonym)

    def added(area: ExpertiseArea) -> dict[str, Any]:
        if normalise(word) in {normalise(s) for s in (area.label, *area.synonyms)}:
            raise InvalidInput(f"'{word}' already names '{area.id}'",
                               [Problem.of("synonym", "synonym_names_area", word=word)])
        return {"synonyms": [*area.synonyms, word]}

    return _edit_area(store, area_id, version, by, "add_synonym", added)


def remove_synonym(store: PoolWithTaxonomy, area_id: str, synonym: Any, *, by: User | None,
                   version: int | None = None) -> Saved:
    word = _word(synonym)

    def removed(area: ExpertiseArea) -> dict[str, Any]:
        kept = [s for s in area.synonyms if normalise(s) != normalise(word)]
        if len(kept) == len(area.synonyms):
            raise InvalidInput(f"'{word}' is not a synonym of '{area.id}'",
                               [Problem.of("synonym", "not_a_synonym", word=word,
                                           synonyms=str(list(area.synonyms)))])
        return {"synonyms": kept or None}

    return _edit_area(store, area_id, version, by, "remove_synonym", removed)


def move_area(store: PoolWithTaxonomy, area_id: str, broader: str | None, *, by: User | None,
              version: int | None = None) -> Saved:
    """Put the area under ``broader`` (None: a domain of its own); never below itself."""
    return _edit_area(store, area_id, version, by, "move", lambda area: {"broader": broader})
