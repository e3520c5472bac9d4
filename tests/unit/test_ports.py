"""The shape of the storage ports (``directory.ports``): each small enough to
fake, together exactly the whole ``Store``, each offered by name on a store
under a name that is no method of any port, and the in-memory fake offering
only the ports it implements."""

from __future__ import annotations

import pytest

from devkit.memory_store import MemoryStore
from directory import ports
from directory.ports import PortViews, Store

#: The ports of one concern each (``Taxonomy`` and ``BookedHours`` are parts of ``SearchReads``).
CONCERNS = (ports.StoreMeta, ports.PoolRecords, ports.AuditTrail, ports.SearchReads, ports.NetworkReads,
            ports.ConsultationReads, ports.UserAccounts, ports.SignIns)
#: The issue's measure: small enough that a fake can implement one.
MOST_METHODS = 12


def members(port: type) -> set[str]:
    """The methods and attributes ``port`` declares, its bases' included."""
    names: set[str] = set()
    for part in port.__mro__:
        if part.__module__.startswith("directory.ports"):
            names |= {n for n, v in vars(part).items() if callable(v) and not n.startswith("_")}
            names |= set(getattr(part, "__annotations__", {}))
    return names


@pytest.mark.parametrize("port", CONCERNS, ids=lambda p: p.__name__)
def test_each_port_is_small(port: type):
    assert 0 < len(members(port)) <= MOST_METHODS


def test_the_ports_together_are_the_whole_store_and_share_no_method():
    every = [members(port) for port in CONCERNS]
    assert sum(len(m) for m in every) == len(set().union(*every))  # no method in two ports
    assert set().union(*every) | set(PortViews.__annotations__) == members(Store)


def test_no_port_is_offered_under_the_name_of_a_method():
    assert not set(PortViews.__annotations__) & set().union(*(members(port) for port in CONCERNS))


def test_a_store_offers_each_port_by_name_as_itself(store: Store):
    assert all(getattr(store, name) is store for name in PortViews.__annotations__)


def test_the_fake_offers_only_the_ports_it_implements():
    fake = MemoryStore()
    assert {name for name in PortViews.__annotations__ if hasattr(fake, name)} == {
        "meta", "records", "audit", "consulting"}
    assert not any(hasattr(fake, name) for name in members(ports.NetworkReads) | members(ports.UserAccounts)
                   | members(ports.SignIns) | {"claims", "evidence_summary", "history_summary"})
