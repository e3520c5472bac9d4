"""What the words around the needs say about the household.

Once the vocabulary has found the areas a question names, the rest of the
question can change them (``rules.json``):

* **stage of life**: an area with a youth, adult or elderly variant follows
  the age said nearest to it (``stages.nearest``); for violence, the age of
  whom it is done to (``stages.victim``);
* **combinations**: two needs that together are a third (drinking and
  forgetting: Korsakov) or where one explains the other (who cannot see
  cannot read the post);
* **family**: a psychic or addiction problem of a parent, in a household
  with children, is also a KOPP/KVO question; a mother or father of 23 or
  younger is a young parent.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from directory.search.language import phrases, stages
from directory.search.language.words import Token, rules

NEAR = 6  # words: two needs this close in one part of a sentence are said of one person


@dataclass(slots=True)
class Named:
    """An area named in a question: how, by which typed words, at which token places."""

    area: str
    via: str
    words: list[str]
    places: list[int]


def by_stage(area: str, cues: list[stages.Cue], typed: list[Token], places: list[int],
             known: Collection[str]) -> list[tuple[str, stages.Cue | None]]:
    """The area, or its variant(s) for the stage of life said nearest to it, with the cue."""
    for rule in rules()["stage_rules"]:
        if rule["area"] != area or not all(a in known for a in rule["then"]):
            continue
        if "ages" in rule:  # the age said nearest, also past a nearer word without one
            cue = stages.nearest([c for c in cues if c.age is not None], places, typed)
        elif rule.get("victim"):
            cue = stages.victim(cues, typed, places)
        else:
            cue = stages.nearest(cues, places, typed)
        if cue and _fits(rule, cue):
            return [(a, cue) for a in rule["then"]]
    return [(area, None)]


def _fits(rule: dict[str, Any], cue: stages.Cue) -> bool:
    """Whether a stage rule applies to the person ``cue`` says the need is about."""
    if "ages" in rule:
        low, high = rule["ages"]
        return cue.age is not None and low <= cue.age <= high
    wanted = [rule["if"]] if isinstance(rule["if"], str) else rule["if"]
    return cue.stage in wanted and (not rule.get("explicit") or cue.strength == stages.EXPLICIT) \
        and (not rule.get("sure") or cue.strength > stages.WEAK)


def combined(named: list[Named], cues: list[stages.Cue], typed: list[Token],
             broader: dict[str, str | None]) -> list[Named]:
    """The areas the household adds: combinations of needs, KOPP/KVO, young parents.
    ``broader`` gives each known area's domain."""
    found = {n.area for n in named}
    extra = []
    for rule in rules()["combinations"]:
        if "add" in rule and rule["add"] in broader and all(found & set(group) for group in rule["all"]):
            parts = [n for n in named if any(n.area in group for group in rule["all"])]
            if rule.get("near"):
                parts = _near(parts, rule["all"], typed)
                if not parts:
                    continue
            said = sorted({n.area.lstrip(phrases.SIGNAL) for n in parts})
            extra.append(Named(rule["add"], f"combination of {' and '.join(said)}",
                               [w for n in parts for w in n.words], [p for n in parts for p in n.places]))
    family = rules()["family"]
    children = [c for c in cues if c.stage in ("kind", "baby")]
    if family["add"] in broader and children:
        for n in named:
            domain = n.area if n.area in family["domains"] else broader.get(n.area)
            cue = stages.nearest(cues, n.places, typed)
            if domain in family["domains"] and cue and cue.word in family["parents"]:
                extra.append(Named(family["add"], "a parent's problem, with children",
                                   [*n.words, cue.typed, children[0].typed], n.places))
    young = rules()["young_parents"]
    for cue in cues:
        if young["add"] in broader and cue.word in family["parents"] and cue.age is not None \
                and 12 <= cue.age <= young["max_age"]:
            extra.append(Named(young["add"], f"a parent of {cue.age}", [cue.typed], [cue.at]))
    return extra


def _near(parts: list[Named], groups: list[list[str]], typed: list[Token]) -> list[Named]:
    """The needs of a combination said of one person: one of each group in the same part of
    the sentence, at most ``NEAR`` words apart ("is depressief en drinkt om te kunnen slapen";
    not "vader drinkt, moeder is depressief"). Empty when there are none."""
    first, *rest = [[n for n in parts if n.area in group] for group in groups]
    for one in first:
        close = [[n for n in group if _together(one, n, typed)] for group in rest]
        if all(close):
            return [one, *(n for group in close for n in group)]
    return []


def _together(one: Named, other: Named, typed: list[Token]) -> bool:
    apart = min(abs(a - b) for a in one.places for b in other.places)
    clauses = {typed[p].clause for p in (*one.places, *other.places)}
    return apart <= NEAR and len(clauses) == 1


def replaced(named: list[Named]) -> set[str]:
    """The areas a combination stands in for (dementia beside alcohol is Korsakov)."""
    found = {n.area for n in named}
    out: set[str] = set()
    for rule in rules()["combinations"]:
        applies = rule["add"] in found if "add" in rule else all(found & set(g) for g in rule["all"])
        if applies:
            out.update(rule.get("replace", ()))
    return out
