"""Learning from use: the words workers use for an area that the vocabulary
does not know yet, proposed to coordinators ("voorgestelde synoniemen").

Every consultation keeps its need text and the areas the worker confirmed.
A word or phrase of up to three words that recurs in the needs of one area
(in at least ``MIN_CONSULTATIONS`` consultations filed by at least
``MIN_WORKERS`` different workers), that named none of the areas the
vocabulary understood in those needs, and that does not name this area
already, is proposed for it, with how often it came and a few of the needs
it came in. Nothing changes until a coordinator decides: ``accept`` adds it
as a synonym (``directory.pool.areas.add_synonym``, audited like every change),
``reject`` records the decision in the audit trail, after which it is no
longer proposed. Needs emptied by the retention period are gone from the
count; every need shown is checked by today's privacy guard first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from directory.accounts.roles import WRITE_POOL, User, actor
from directory.consultations.records import Consultation
from directory.errors import InvalidInput, NotFound
from directory.pool import areas as area_ops
from directory.pool.changes import Saved, allowed
from directory.pool.characters import control_problem
from directory.ports import (
    AuditedPool,
    AuditEntry,
    AuditTrail,
    ConsultationReads,
    Pool,
    PoolWithTaxonomy,
    Reporting,
)
from directory.privacy import identity_in
from directory.privacy.known import pool_names
from directory.problems import Problem, unknown
from directory.search.language.phrases import meaningful, word_set
from directory.search.language.stages import person_words
from directory.search.language.words import Token, normalise, tokens, zipf
from directory.search.vocabulary import Vocabulary

MIN_CONSULTATIONS = 3
MIN_WORKERS = 2
LONGEST = 3  # words in a proposed phrase
EXAMPLES = 3
COMMON = 4.5  # a single word at least this common (Zipf) says too little to name an area
REJECTED = "reject_synonym"
MAX_PHRASE = 200


@dataclass(frozen=True)
class Proposal:
    """A phrase proposed as a synonym of ``area``, as workers typed it most often."""

    area: str
    phrase: str
    consultations: int
    workers: int
    examples: tuple[str, ...]


@dataclass
class _Seen:
    consultations: set[str] = field(default_factory=set)
    workers: set[str] = field(default_factory=set)
    typed: Counter[str] = field(default_factory=Counter)
    needs: list[str] = field(default_factory=list)


def _filer(consultation: Consultation) -> str:
    """Who filed it: the user of its first step, or the professional who leads it."""
    first = consultation.steps[0] if consultation.steps else None
    return first.by if first is not None and first.action == "aangevraagd" else consultation.lead


def _phrases(need: str, vocabulary: Vocabulary) -> dict[tuple[str, ...], str]:
    """The phrases of one need that could be new words for its areas: runs of up
    to ``LONGEST`` meaningful words that named no area and say nobody's age or
    role (opa, zoon, mevrouw), keyed by their lemmas."""
    said = tokens(need)
    used = {w.casefold() for m in vocabulary.match(need) for words in m.words for w in words.split()}
    runs: list[list[Token]] = [[]]
    for token in said:
        if meaningful(token) and token.lower not in used and not token.lower.isdigit() \
                and token.lower not in person_words():
            runs[-1].append(token)
        else:
            runs.append([])
    found: dict[tuple[str, ...], str] = {}
    for run in runs:
        for size in range(1, LONGEST + 1):
            for start in range(len(run) - size + 1):
                part = run[start:start + size]
                if all(t.keys & word_set("generic") for t in part):
                    continue
                if size == 1 and zipf(part[0].lower) >= COMMON:
                    continue
                key = tuple(sorted(min(t.keys) for t in part))
                found.setdefault(key, " ".join(t.lower for t in part))
    return found


def _tally(store: ConsultationReads, vocabulary: Vocabulary) -> dict[tuple[str, tuple[str, ...]], _Seen]:
    """Per (area, phrase key): the consultations and workers it came with."""
    seen: dict[tuple[str, tuple[str, ...]], _Seen] = {}
    for consultation in store.consultations():
        if not consultation.need or not consultation.areas:
            continue
        worker = _filer(consultation)
        for key, typed in _phrases(consultation.need, vocabulary).items():
            for area in consultation.areas:
                entry = seen.setdefault((area, key), _Seen())
                if consultation.id not in entry.consultations:
                    entry.consultations.add(consultation.id)
                    entry.workers.add(worker)
                    entry.typed[typed] += 1
                    entry.needs.append(consultation.need)
    return seen


def rejected(store: AuditTrail) -> set[tuple[str, str]]:
    """(area, normalised phrase) of every proposal a coordinator turned down."""
    return {(e.record or "", normalise(str((e.after or {}).get("synonym", ""))))
            for e in store.audit_entries(kind="expertise") if e.action == REJECTED}


def proposals(store: Reporting, vocabulary: Vocabulary, *, area: str | None = None) -> list[Proposal]:
    """What is proposed now (for one area, or all), most frequent first."""
    tally = store.derived(("synonym-proposals",), lambda: _tally(store, vocabulary), with_consultations=True)
    turned_down = rejected(store)
    out = []
    for (area_id, _key), entry in tally.items():
        if area is not None and area_id != area or area_id not in vocabulary.areas:
            continue
        if len(entry.consultations) < MIN_CONSULTATIONS or len(entry.workers) < MIN_WORKERS:
            continue
        phrase = entry.typed.most_common(1)[0][0]
        if (area_id, normalise(phrase)) in turned_down or not _private(store, phrase) \
                or area_id in {m.area for m in vocabulary.match(phrase)}:
            continue
        examples = tuple(dict.fromkeys(n for n in entry.needs if _private(store, n)))[:EXAMPLES]
        out.append(Proposal(area_id, phrase, len(entry.consultations), len(entry.workers), examples))
    out.sort(key=lambda p: (-p.consultations, -p.workers, p.area, p.phrase))
    return _longest_first(out)


def _longest_first(found: list[Proposal]) -> list[Proposal]:
    """Of a phrase and a part of it that came equally often ('geen eten' and
    'eten'), only the phrase: it says more."""
    kept: list[Proposal] = []
    for proposal in sorted(found, key=lambda p: -len(p.phrase.split())):
        words = set(proposal.phrase.split())
        if not any(k.area == proposal.area and words < set(k.phrase.split())
                   and k.consultations >= proposal.consultations for k in kept):
            kept.append(proposal)
    return sorted(kept, key=found.index)


def _private(store: Pool, text: str) -> bool:
    return not identity_in(text, known=pool_names(store))


def accept(store: PoolWithTaxonomy, area_id: str, phrase: str, *, by: User | None,
           version: int | None = None) -> Saved:
    """The proposal becomes a synonym of the area (audited as any added synonym)."""
    return area_ops.add_synonym(store, area_id, phrase, by=by, version=version)


def reject(store: AuditedPool, area_id: str, phrase: str, *, by: User | None) -> None:
    """The proposal is no longer made; the decision is in the audit trail."""
    allowed(by, WRITE_POOL)
    if not isinstance(phrase, str) or not phrase.strip() or len(phrase) > MAX_PHRASE:
        raise InvalidInput("a proposal is a word or a few words",
                           [Problem.of("synonym", "phrase_length", max=MAX_PHRASE)])
    control = control_problem(phrase)
    if control:
        raise InvalidInput("a proposal is a word or a few words", [control.at("synonym")])
    if not _private(store, phrase):  # the audit trail holds no client identity, not even from a crafted form
        raise InvalidInput("a proposal holds no client identity",
                           [Problem.of("synonym", "remove_identity")])
    if store.get("expertise", area_id) is None:
        raise NotFound(unknown("expertise", area_id))
    store.write_audit([AuditEntry(datetime.now(UTC), actor(by), "expertise", area_id, REJECTED,
                                  None, {"synonym": phrase.strip()})])
