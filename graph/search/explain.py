"""What a search result says about each person: the reasons for their place
(codes with values, ``directory.search.reasons``, and the Dutch why lines), their
organisation and how the requester is connected to them, and the informal
and first-line help beside the list."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from directory.pool.model import Organisation, Professional
from directory.ports import PoolRecords, Ranking
from directory.search import reasons
from directory.search.connection import connection
from directory.search.queries import Hit, Resource, SearchQuery
from directory.search.reasons import Reason
from directory.search.vocabulary import Vocabulary
from graph.search.scoring import reasons_for


def explained(hit: Hit, vocabulary: Vocabulary, evidence: dict[str, tuple[int, float, date]],
               shared: tuple[int, float, date] | None, query: SearchQuery, serves_wijk: bool,
               stale: bool) -> Hit:
    found = reasons_for(hit.matched, evidence, shared, query, serves_wijk, hit.hours_left, stale)
    return replace(hit, reasons=found, why=reasons.dutch(found, vocabulary.label))


def with_organisations_and_paths(store: Ranking, hits: list[Hit], requester: str | None) -> list[Hit]:
    people = store.get_many("professionals", (h.id for h in hits))
    orgs = store.get_many("organisations",
                          {p.organisation for p in people.values() if p.organisation})  # type: ignore[union-attr]
    out = []
    for hit in hits:
        person: Professional = people[hit.id]  # type: ignore[assignment]
        org = orgs.get(person.organisation or "")
        found = connection(store, requester, hit.id, near=True) if requester else None
        path = found.ids if found else None
        why, said = hit.why, hit.reasons
        if path and len(path) > 2:
            via = store.get_many("professionals", path[1:-1])
            names = tuple(getattr(via.get(i), "name", i) for i in path[1:-1])
            reason = Reason.of(reasons.VIA, ids=tuple(path[1:-1]), names=names)
            why, said = (*why, *reasons.dutch([reason], str)), (*said, reason)
        out.append(replace(hit, organisation={"id": org.id, "name": org.name} if org else None,  # type: ignore[union-attr]
                           path=path, why=why, reasons=said, links=found.links if found and path else ()))
    return out


def resources(store: PoolRecords, area_ids: list[str], wijk: str | None) -> tuple[Resource, ...]:
    """Informal (line 0) and first-line help whose areas cover the need, in the
    requested wijk or city-wide first. A retired organisation is no help any more."""
    wanted = set(area_ids)
    retired = store.inactive("organisations")
    found: list[tuple[tuple[bool, str, str], Resource]] = []
    for org in store.iter_records("organisations"):
        assert isinstance(org, Organisation)
        if org.line in {"0", "1"} and wanted & set(org.areas) and org.id not in retired:
            local = not org.wijken or (wijk is not None and wijk in org.wijken)
            found.append(((not local, org.line or "", org.name),
                          Resource(org.id, org.name, org.line, org.wijken)))
    found.sort(key=lambda item: item[0])
    return tuple(r for _, r in found[:5])
