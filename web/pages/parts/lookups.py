"""What many pages look up about the pool: the taxonomy by id, the domains,
the wijken, the organisations that employ people and the teams per kind.

Built once per store revision through ``Store.derived`` (so a page never
walks every record on each request), and rebuilt when the pool changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from directory.pool.model import ExpertiseArea, Organisation, Professional, Team
from directory.ports import Store
from directory.search.coverage import wijken_of
from web.i18n import area_label


@dataclass(frozen=True)
class Lookups:
    areas: dict[str, ExpertiseArea]
    domains: tuple[ExpertiseArea, ...]  # areas without a broader one, by label
    wijken: tuple[str, ...]
    employers: tuple[Organisation, ...]  # organisations with active people, by name
    team_kinds: dict[str, str | None]  # team id -> its kind

    def domain_of(self, area_id: str) -> str | None:
        """The domain (top of the taxonomy) an area belongs to; itself for a domain."""
        seen: set[str] = set()
        current = self.areas.get(area_id)
        while current is not None and current.broader and current.id not in seen:
            seen.add(current.id)
            current = self.areas.get(current.broader)
        return current.id if current is not None else None

    def label(self, area_id: str) -> str:
        """An area's label in the page's language (its id when unknown)."""
        area = self.areas.get(area_id)
        return area_label(area) if area else area_id


def lookups(store: Store) -> Lookups:
    return store.derived(("web.pages.parts.lookups",), lambda: _build(store))


def _build(store: Store) -> Lookups:
    areas = {a.id: a for a in store.areas()}
    domains = tuple(sorted((a for a in areas.values() if not a.broader), key=lambda a: a.label.casefold()))
    employing = {p.organisation for p in store.iter_records("professionals")
                 if isinstance(p, Professional) and p.active and p.organisation}
    employers = tuple(sorted((o for o in store.get_many("organisations", employing).values()
                              if isinstance(o, Organisation)), key=lambda o: o.name.casefold()))
    kinds: dict[str, str | None] = {t.id: t.kind for t in store.iter_records("teams") if isinstance(t, Team)}
    return Lookups(areas, domains, tuple(wijken_of(store)), employers, kinds)
