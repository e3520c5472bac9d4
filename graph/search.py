"""Ranking professionals for a need: ``rank_experts``.

A first, simple and fully explained ranking (the search issue replaces the
weights with recency-weighted evidence, network proximity and team proposals):

* skill per matched area = 0.7 x declared level / 3 + 0.3 x min(1, cases / 5),
  where cases are the cases the person took part in as specialist for that
  area, so demonstrated expertise counts beside declared expertise; a need
  that names a broad area (a domain) is met by its narrower areas at 0.6;
* 0.75 x mean skill + 0.15 x min(1, shared cases with requester or team / 5)
  + 0.10 when the person serves the requested wijk;
* halved when the person has no hours left this half-year;
* equal scores ordered by id.
"""

from __future__ import annotations

import time
from datetime import date

from directory.hours import half_year, hours_left
from directory.model import LEVEL_LABELS, Organisation, Professional
from directory.ports import Store
from directory.queries import Hit, MatchedArea, Resource, SearchQuery, SearchResult
from directory.taxonomy import AreaMatch, Vocabulary

MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
CASES_FOR_FULL_EVIDENCE = 5
NARROWER_DISCOUNT = 0.6


def rank_experts(store: Store, query: SearchQuery, *, today: date | None = None,
                 vocabulary: Vocabulary | None = None) -> SearchResult:
    """Rank active professionals for ``query`` (already checked with ``check_query``)."""
    started = time.perf_counter()
    today = today or date.today()
    vocabulary = vocabulary or Vocabulary(store.areas())
    matches: dict[str, AreaMatch] = {m.area: m for m in vocabulary.match(query.q)}
    for area in query.areas:
        matches.setdefault(area, AreaMatch(area, "exact"))
    needs = list(matches)
    covering = {need: [need, *vocabulary.narrower(need)] for need in needs}
    area_ids = sorted({a for areas in covering.values() for a in areas})

    claims = store.claims(area_ids)
    evidence = store.case_evidence(area_ids)
    candidates = (set(claims) | set(evidence)) - {query.requester}
    people: dict[str, Professional] = store.get_many("professionals", candidates)  # type: ignore[assignment]
    start, end = half_year(today)
    booked = store.hours_booked(candidates, start, end)
    history = store.shared_history(candidates, requester=query.requester, team=query.team)

    scored: list[tuple[float, str, Hit]] = []
    for pid in candidates:
        person = people[pid]
        covered = [_best_cover(need, covering[need], matches[need].via, claims.get(pid, {}),
                               evidence.get(pid, {})) for need in needs]
        matched = tuple(m for _, m in covered)
        skill = sum(s for s, _ in covered) / len(covered)
        shared = history.get(pid, [])
        serves_wijk = bool(query.wijk and query.wijk in person.wijken)
        left = hours_left(person.hours_per_half_year, booked.get(pid, 0.0))
        score = 0.75 * skill + 0.15 * min(1.0, len(shared) / CASES_FOR_FULL_EVIDENCE)
        score += 0.10 if serves_wijk else 0.0
        if left == 0:
            score /= 2
        score = round(score, 4)
        why = _why(vocabulary, matched, shared, query, serves_wijk, left)
        hit = Hit(pid, person.name, score, None, matched, len(shared), None, left, why)
        scored.append((-score, pid, hit))
    scored.sort(key=lambda item: (item[0], item[1]))
    top = [hit for _, _, hit in scored[: query.limit]]
    top = _with_organisations_and_paths(store, top, query.requester)
    took = round((time.perf_counter() - started) * 1000, 3)
    suggestions = () if needs else tuple(vocabulary.suggest(query.q))
    return SearchResult(query.id, took, tuple(top), _resources(store, area_ids, query.wijk),
                        tuple(needs), suggestions)


def _best_cover(need: str, areas: list[str], via: str, claims: dict[str, int],
                evidence: dict[str, list[date]]) -> tuple[float, MatchedArea]:
    """A person's best answer to one need: the area itself, or a narrower area
    of it at a discount (someone asked for 'verslaving' gets alcohol experts)."""
    best: tuple[float, MatchedArea] | None = None
    for area in areas:
        own = area == need
        matched = MatchedArea(area, via if own else f"{via}, narrower area", claims.get(area),
                              len(evidence.get(area, ())))
        skill = _area_skill(matched) * (1.0 if own else NARROWER_DISCOUNT)
        if best is None or skill > best[0]:
            best = (skill, matched)
    assert best is not None
    return best


def _area_skill(m: MatchedArea) -> float:
    declared = (m.level or 0) / 3
    shown = min(1.0, m.cases / CASES_FOR_FULL_EVIDENCE)
    return 0.7 * declared + 0.3 * shown


def _with_organisations_and_paths(store: Store, hits: list[Hit], requester: str | None) -> list[Hit]:
    people = store.get_many("professionals", (h.id for h in hits))
    orgs = store.get_many("organisations",
                          {p.organisation for p in people.values() if p.organisation})  # type: ignore[union-attr]
    out = []
    for hit in hits:
        person: Professional = people[hit.id]  # type: ignore[assignment]
        org = orgs.get(person.organisation or "")
        path = store.path(requester, hit.id).ids if requester else None
        out.append(Hit(hit.id, hit.name, hit.score,
                       {"id": org.id, "name": org.name} if org else None,  # type: ignore[union-attr]
                       hit.matched, hit.shared_cases, path, hit.hours_left, hit.why))
    return out


def _resources(store: Store, area_ids: list[str], wijk: str | None) -> tuple[Resource, ...]:
    wanted = set(area_ids)
    found: list[tuple[tuple[bool, str, str], Resource]] = []
    for org in store.iter_records("organisations"):
        assert isinstance(org, Organisation)
        if org.line in {"0", "1"} and wanted & set(org.areas):
            local = not org.wijken or (wijk is not None and wijk in org.wijken)
            found.append(((not local, org.line or "", org.name),
                          Resource(org.id, org.name, org.line, org.wijken)))
    found.sort(key=lambda item: item[0])
    return tuple(r for _, r in found[:5])


def _lower_label(label: str) -> str:
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def _why(vocabulary: Vocabulary, matched: tuple[MatchedArea, ...], shared: list[date],
         query: SearchQuery, serves_wijk: bool, left: float | None) -> tuple[str, ...]:
    lines = []
    for m in matched:
        label = _lower_label(vocabulary.label(m.area))
        if m.level:
            line = f"{LEVEL_LABELS[m.level].capitalize()} {label}"
            if m.cases:
                line += f", {m.cases} {'casus' if m.cases == 1 else 'casussen'}"
            lines.append(line)
        elif m.cases:
            lines.append(f"{m.cases} {'casus' if m.cases == 1 else 'casussen'} {label}")
    if shared:
        who = "jouw team" if query.team else "jou"
        last = max(shared)
        lines.append(f"{len(shared)} {'casus' if len(shared) == 1 else 'casussen'} met {who}, "
                     f"laatste {MONTHS[last.month - 1]} {last.year}")
    if serves_wijk:
        lines.append(f"Werkt in {query.wijk}")
    if left is not None:
        lines.append("Geen uren meer dit halfjaar" if left == 0
                     else f"Nog {_dutch_number(left)} uur dit halfjaar")
    return tuple(dict.fromkeys(lines))  # two needs met by one area: say it once


def _dutch_number(value: float) -> str:
    return (f"{value:.1f}".rstrip("0").rstrip(".")).replace(".", ",")
