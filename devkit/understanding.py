"""The labelled household situations (``tests/data/*.jsonl``) and how a
vocabulary scores on them; shared by the test and ``bench/understanding.py``."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from directory.search.vocabulary import Vocabulary

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"


@dataclass(frozen=True)
class Situation:
    text: str
    expect: frozenset[str]
    also: frozenset[str]
    forbid: frozenset[str]
    domain: str


def read_set(name: str) -> list[Situation]:
    """One labelled set by name (``situations``, ``situations_holdout``); empty when absent."""
    path = DATA / f"{name}.jsonl"
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            out.append(Situation(raw["text"], frozenset(raw["expect"]), frozenset(raw.get("also", ())),
                                 frozenset(raw.get("forbid", ())), raw["domain"]))
    return out


@dataclass
class Score:
    """The issue's measures: *understood* (every expected area, no forbidden one)
    and *wrong* (a forbidden area); and a stricter one, *unexpected*: an area
    that is neither expected, nor acceptable, nor the domain of an expected one."""

    understood: int = 0
    wrong: int = 0
    unexpected: int = 0
    total: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def understood_share(self) -> float:
        return self.understood / self.total if self.total else 0.0

    @property
    def wrong_share(self) -> float:
        return self.wrong / self.total if self.total else 0.0

    @property
    def unexpected_share(self) -> float:
        return self.unexpected / self.total if self.total else 0.0


def score(vocabulary: Vocabulary, situations: list[Situation]) -> Score:
    """How ``vocabulary`` does on ``situations`` (see ``Score``)."""
    result = Score(total=len(situations))
    for s in situations:
        found = {m.area for m in vocabulary.match(s.text)}
        domains = {vocabulary.areas[a].broader for a in s.expect if a in vocabulary.areas}
        unexpected = found - s.expect - s.also - domains
        missing = s.expect - found
        wrong = found & s.forbid
        result.wrong += bool(wrong)
        result.unexpected += bool(unexpected)
        if not wrong and not missing:
            result.understood += 1
        if missing or unexpected:
            result.failures.append(f"{s.text!r}: missing {sorted(missing)}, wrong {sorted(wrong)}, "
                                   f"unexpected {sorted(unexpected - wrong)}")
    return result
