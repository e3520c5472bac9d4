"""Merging two records that are one: two profiles of the same person, or two
expertise areas that mean the same thing. Every reference follows, history
is kept, and the merged record is removed — all in one change.

Professionals: the cases of the duplicate are handed to the one kept (a case
with both keeps one participation: the kept person's role, the hours added
up), claims are joined keeping the higher level, teams, wijken, languages
and ``knows`` are joined, empty fields are filled from the duplicate, and
whoever knew the duplicate now knows the one kept; user accounts linked to
the duplicate are linked to the one kept.

Areas: claims move to the area kept (the higher level when someone claimed
both), and so do cases, organisations, ``related`` and narrower areas; the
duplicate's label and synonyms become synonyms of the area kept, so that
what workers type still finds it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any, TypeVar

from directory.accounts.roles import READ_POOL, WRITE_POOL, User
from directory.errors import InvalidInput
from directory.pool.avg import is_anonymous
from directory.pool.changes import Change, Saved, allowed, as_json
from directory.pool.checks import checked
from directory.pool.model import Case, Claim, ExpertiseArea, Organisation, Participation, Professional
from directory.ports import AuditedPool, Pool, PoolRecords, PoolWithTaxonomy
from directory.problems import Problem
from directory.search.vocabulary import normalise

MERGED = "merge"  # the audit action of every part of a merge
T = TypeVar("T")


def _different(keep: str, duplicate: str, what: str) -> None:
    if keep == duplicate:
        raise InvalidInput(f"a {what} cannot be merged into itself",
                           [Problem.of("duplicate", "merge_itself", id=duplicate, what=what)])


def _union(*groups: tuple[T, ...]) -> tuple[T, ...]:
    seen: dict[T, None] = {}
    for group in groups:
        seen.update(dict.fromkeys(group))
    return tuple(seen)


def _claims(*groups: tuple[Claim, ...], rename: dict[str, str] | None = None) -> tuple[Claim, ...]:
    """Claims joined per area (after ``rename``), the higher level kept."""
    level: dict[str, int] = {}
    for group in groups:
        for claim in group:
            area = (rename or {}).get(claim.area, claim.area)
            level[area] = max(level.get(area, 0), claim.level)
    return tuple(Claim(area, lvl) for area, lvl in sorted(level.items()))


# --- professionals -----------------------------------------------------------------------

def merge_professionals(store: PoolWithTaxonomy, keep_id: str, duplicate_id: str, *, by: User | None,
                        keep_version: int | None = None,
                        duplicate_version: int | None = None) -> Saved:
    """Merge ``duplicate_id`` into ``keep_id`` (see the module docstring)."""
    allowed(by, WRITE_POOL)
    _different(keep_id, duplicate_id, "professional")
    change = Change(store, by)
    keep = change.professional(keep_id, keep_version)
    duplicate = change.professional(duplicate_id, duplicate_version)
    pair = {keep.id, duplicate.id}
    joined = joined_professional(keep, duplicate)
    for other in store.iter_records("professionals"):
        if isinstance(other, Professional) and duplicate.id in other.knows and other.id not in pair:
            current = change.professional(other.id)
            knows = {keep.id if k == duplicate.id else k for k in current.knows}
            change.update("professionals", current, replace(current, knows=tuple(sorted(knows))), MERGED)
    case_ids = store.cases_referring("professionals", duplicate.id)
    for case in change.read_many("cases", case_ids).values():
        if isinstance(case, Case):
            change.update("cases", case, _handed_over(case, duplicate.id, keep.id), audit=False)
    change.update("professionals", keep, checked(store, "professionals", as_json(joined) or {}), MERGED)
    change.delete("professionals", duplicate, MERGED, {"merged_into": keep.id, "cases": len(case_ids)})
    change.relink(duplicate.id, keep.id)
    change.apply()
    return change.saved("professionals", keep.id)


def joined_professional(keep: Professional, duplicate: Professional) -> Professional:
    """The record ``keep`` becomes when ``duplicate`` is merged into it (before
    validation): the one place that says what a merge keeps, so the web's
    confirmation page shows exactly what ``merge_professionals`` writes.

    Lists are joined; every other field (the id and name, role, organisation,
    contact, bio, and a field added later) is ``keep``'s, or the duplicate's
    where ``keep`` has none."""
    pair = {keep.id, duplicate.id}
    joined: dict[str, Any] = {
        "teams": tuple(sorted(_union(keep.teams, duplicate.teams))),
        "wijken": tuple(sorted(_union(keep.wijken, duplicate.wijken))),
        "languages": _union(keep.languages, duplicate.languages),
        "expertise": _claims(keep.expertise, duplicate.expertise),
        "knows": tuple(sorted((set(keep.knows) | set(duplicate.knows)) - pair)),
        "hours_per_half_year": keep.hours_per_half_year if keep.hours_per_half_year is not None
        else duplicate.hours_per_half_year,
        "active": keep.active or duplicate.active,
        "confirmed": max((d for d in (keep.confirmed, duplicate.confirmed) if d), default=None),
    }
    rest = {f.name: getattr(keep, f.name) or getattr(duplicate, f.name)
            for f in fields(Professional) if f.name not in joined}
    return replace(keep, **joined, **rest)


def _handed_over(case: Case, old: str, new: str) -> Case:
    """``old``'s part in the case becomes ``new``'s; if both took part, one
    participation: ``new``'s role, the hours of both."""
    parts: dict[str, Participation] = {}
    for part in case.participants:
        who = new if part.professional == old else part.professional
        if who in parts:
            earlier = parts[who]
            hours = None if earlier.hours is None and part.hours is None \
                else (earlier.hours or 0) + (part.hours or 0)
            role = part.role if part.professional == new else earlier.role
            parts[who] = Participation(new, role, hours)
        else:
            parts[who] = replace(part, professional=who)
    return replace(case, participants=tuple(parts.values()))


# --- expertise areas ------------------------------------------------------------------------

def merge_areas(store: PoolWithTaxonomy, keep_id: str, duplicate_id: str, *, by: User | None,
                keep_version: int | None = None, duplicate_version: int | None = None) -> Saved:
    """Merge area ``duplicate_id`` into ``keep_id`` (see the module docstring)."""
    allowed(by, WRITE_POOL)
    _different(keep_id, duplicate_id, "expertise area")
    change = Change(store, by)
    keep = change.read("expertise", keep_id, keep_version)
    duplicate = change.read("expertise", duplicate_id, duplicate_version)
    if not isinstance(keep, ExpertiseArea) or not isinstance(duplicate, ExpertiseArea):
        raise InvalidInput("only expertise areas can be merged here")
    areas = {a.id: a for a in store.areas()}
    _refuse_deep_ancestor(areas, keep, duplicate)
    rename = {duplicate.id: keep.id}

    def moved(ids: tuple[str, ...], owner: str) -> tuple[str, ...]:
        return tuple(sorted({rename.get(i, i) for i in ids} - {owner}))

    for area in areas.values():
        if area.id in (keep.id, duplicate.id) or not (duplicate.id in area.related
                                                      or area.broader == duplicate.id):
            continue
        current = change.read("expertise", area.id)
        if isinstance(current, ExpertiseArea):
            change.update("expertise", current, replace(
                current, related=moved(current.related, current.id),
                broader=rename.get(current.broader or "", current.broader)), MERGED)
    for org in store.iter_records("organisations"):
        if isinstance(org, Organisation) and duplicate.id in org.areas:
            current = change.read("organisations", org.id)
            if isinstance(current, Organisation):
                change.update("organisations", current,
                              replace(current, areas=moved(current.areas, "")), MERGED)
    for person in store.iter_records("professionals"):
        if isinstance(person, Professional) and any(c.area == duplicate.id for c in person.expertise):
            current = change.professional(person.id)
            change.update("professionals", current,
                          replace(current, expertise=_claims(current.expertise, rename=rename)), MERGED)
    case_ids = store.cases_referring("expertise", duplicate.id)
    for case in change.read_many("cases", case_ids).values():
        if isinstance(case, Case):
            change.update("cases", case, replace(case, areas=_union(
                tuple(rename.get(a, a) for a in case.areas))), audit=False)
    joined = joined_area(keep, duplicate)
    change.update("expertise", keep, checked(store, "expertise", as_json(joined) or {}), MERGED)
    change.delete("expertise", duplicate, MERGED, {"merged_into": keep.id, "cases": len(case_ids)})
    change.apply()
    return change.saved("expertise", keep.id)


def joined_area(keep: ExpertiseArea, duplicate: ExpertiseArea) -> ExpertiseArea:
    """The area ``keep`` becomes when ``duplicate`` is merged into it (before validation)."""
    related = {duplicate.id: keep.id}
    return replace(
        keep, synonyms=_synonyms(keep, duplicate),
        related=tuple(sorted({related.get(i, i) for i in keep.related + duplicate.related} - {keep.id})),
        broader=duplicate.broader if keep.broader == duplicate.id else keep.broader,
        label_en=keep.label_en or duplicate.label_en, description=keep.description or duplicate.description)


def _synonyms(keep: ExpertiseArea, duplicate: ExpertiseArea) -> tuple[str, ...]:
    """The kept area's synonyms, then the duplicate's label and synonyms: each
    way of writing once (compared as the vocabulary compares them)."""
    seen = {normalise(keep.label)}
    out = []
    for word in (*keep.synonyms, duplicate.label, *duplicate.synonyms):
        if normalise(word) not in seen:
            seen.add(normalise(word))
            out.append(word)
    return tuple(out)


def _refuse_deep_ancestor(areas: dict[str, ExpertiseArea], keep: ExpertiseArea,
                          duplicate: ExpertiseArea) -> None:
    """Merging an area into one further down its own branch (not its direct
    child) would tie that branch into a loop: move the area kept first."""
    node = keep.broader
    depth = 1
    while node is not None and node in areas and depth <= len(areas):
        if node == duplicate.id and depth > 1:
            raise InvalidInput(
                f"'{keep.id}' lies {depth} levels below '{duplicate.id}'; move it up first",
                [Problem.of("duplicate", "merge_broader", id=duplicate.id, kept=keep.id)])
        node = areas[node].broader
        depth += 1


# --- before and after a merge ----------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ProfessionalMerge:
    """What merging ``duplicate`` into ``keep`` would do, for a person to confirm:
    the record kept as it will be, and how much history moves with it. The
    versions are those the preview was based on (state them when merging)."""

    keep: Professional
    duplicate: Professional
    joined: Professional
    keep_version: int
    duplicate_version: int
    cases: int  # the duplicate's cases, handed to the one kept
    shared: int  # of those, cases both took part in (one participation stays)
    knowers: int  # people who knew the duplicate and will know the one kept


@dataclass(frozen=True, slots=True)
class AreaMerge:
    """What merging area ``duplicate`` into ``keep`` would do (see ``ProfessionalMerge``)."""

    keep: ExpertiseArea
    duplicate: ExpertiseArea
    joined: ExpertiseArea
    keep_version: int
    duplicate_version: int
    claims: int  # people who declare the duplicate
    both: int  # of those, people who declare both (the higher level stays)
    cases: int
    organisations: int
    narrower: int  # areas under the duplicate, moved under the one kept
    related: int  # areas that name the duplicate as related


def _versions(store: PoolRecords, kind: str, keep_id: str, duplicate_id: str) -> tuple[int, int]:
    found = store.versions(kind, [keep_id, duplicate_id])
    return found.get(keep_id, 0), found.get(duplicate_id, 0)


def professional_merge(store: Pool, keep_id: str, duplicate_id: str, *,
                       by: User | None) -> ProfessionalMerge:
    """Preview of ``merge_professionals`` (refuses what it refuses, changes nothing)."""
    allowed(by, WRITE_POOL)
    _different(keep_id, duplicate_id, "professional")
    keep_version, duplicate_version = _versions(store, "professionals", keep_id, duplicate_id)
    change = Change(store, by)
    keep, duplicate = change.professional(keep_id), change.professional(duplicate_id)
    case_ids = store.cases_referring("professionals", duplicate.id)
    shared = set(case_ids) & set(store.cases_referring("professionals", keep.id))
    knowers = sum(1 for p in store.iter_records("professionals")
                  if isinstance(p, Professional) and duplicate.id in p.knows and p.id != keep.id)
    joined = joined_professional(keep, duplicate)
    return ProfessionalMerge(keep, duplicate, joined, keep_version, duplicate_version,
                             len(case_ids), len(shared), knowers)


def area_merge(store: PoolWithTaxonomy, keep_id: str, duplicate_id: str, *, by: User | None) -> AreaMerge:
    """Preview of ``merge_areas`` (refuses what it refuses, changes nothing)."""
    allowed(by, WRITE_POOL)
    _different(keep_id, duplicate_id, "expertise area")
    keep_version, duplicate_version = _versions(store, "expertise", keep_id, duplicate_id)
    change = Change(store, by)
    keep, duplicate = change.read("expertise", keep_id), change.read("expertise", duplicate_id)
    if not isinstance(keep, ExpertiseArea) or not isinstance(duplicate, ExpertiseArea):
        raise InvalidInput("only expertise areas can be merged here")
    areas = {a.id: a for a in store.areas()}
    _refuse_deep_ancestor(areas, keep, duplicate)
    claims = [{c.area for c in p.expertise} for p in store.iter_records("professionals")
              if isinstance(p, Professional) and any(c.area == duplicate.id for c in p.expertise)]
    return AreaMerge(
        keep, duplicate, joined_area(keep, duplicate), keep_version, duplicate_version,
        claims=len(claims), both=sum(1 for c in claims if keep.id in c),
        cases=len(store.cases_referring("expertise", duplicate.id)),
        organisations=sum(1 for o in store.iter_records("organisations")
                          if isinstance(o, Organisation) and duplicate.id in o.areas),
        narrower=sum(1 for a in areas.values() if a.broader == duplicate.id and a.id != keep.id),
        related=sum(1 for a in areas.values() if duplicate.id in a.related and a.id != keep.id))


def merged_into(store: AuditedPool, kind: str, record_id: str, *, by: User | None) -> str | None:
    """The record that ``record_id`` (no longer in the pool) was merged into, following
    later merges; None when it was not merged or what it went into is gone too. Lets
    an old link say where the person or area went (anyone who reads the pool may know)."""
    allowed(by, READ_POOL)
    seen = {record_id}
    current = record_id
    while store.get(kind, current) is None:
        kept = next((e.after.get("merged_into") for e in reversed(store.audit_entries(
            kind=kind, record=current)) if e.action == MERGED and e.after
            and isinstance(e.after.get("merged_into"), str)), None)
        if kept is None or kept in seen:
            return None
        seen.add(kept)
        current = kept
    return None if current == record_id or is_anonymous(current) else current
