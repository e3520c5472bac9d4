"""What the forms that change the pool offer to choose from: the taxonomy's
areas, the wijken, the organisations and the teams — each as (value, label)
pairs in the order a person looks for them (by name; areas under their domain)."""

from __future__ import annotations

from flask_babel import gettext

from directory.pool.model import Organisation, Team
from web.guard import store
from web.pages.parts.lookups import lookups


def areas() -> list[tuple[str, str]]:
    """Every expertise area, under its domain: ``Hersenen & cognitie: Dementie``."""
    known = lookups(store())
    rows = []
    for area in known.areas.values():
        domain = known.domain_of(area.id)
        label = known.label(area.id)
        if domain and domain != area.id:
            rows.append(((known.label(domain).casefold(), 1, label.casefold()), area.id,
                         f"{known.label(domain)}: {label}"))
        else:
            rows.append(((label.casefold(), 0, ""), area.id, label))
    return [(value, label) for _, value, label in sorted(rows)]


def wijken() -> list[str]:
    return list(lookups(store()).wijken)


def _retired(record_id: str, name: str, retired: frozenset[str] | set[str]) -> str:
    return f"{name} ({gettext('opgeheven')})" if record_id in retired else name


def organisations() -> list[tuple[str, str]]:
    retired = store().inactive("organisations")
    found = [o for o in store().iter_records("organisations") if isinstance(o, Organisation)]
    return [(o.id, _retired(o.id, o.name, retired))
            for o in sorted(found, key=lambda o: o.name.casefold())]


def teams() -> list[tuple[str, str]]:
    retired = store().inactive("teams")
    found = [t for t in store().iter_records("teams") if isinstance(t, Team)]
    return [(t.id, _retired(t.id, t.name, retired))
            for t in sorted(found, key=lambda t: t.name.casefold())]
