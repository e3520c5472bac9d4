"""The whole store (``Store``): every port of this package in one object, as
``graph.stores.open_store`` opens it and ``web.create_app(store=...)`` takes
it. A service asks for the ports it uses instead; the store also offers each
port by name (``PortViews``), for a caller that hands on one port only."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from directory.ports.accounts import UserAccounts
from directory.ports.audit import AuditTrail
from directory.ports.consultations import ConsultationReads
from directory.ports.meta import StoreMeta
from directory.ports.network import NetworkReads
from directory.ports.records import PoolRecords
from directory.ports.search import SearchReads
from directory.ports.signins import SignIns


class PortViews(Protocol):
    """Each port of a store by name, read only: the store itself, seen as that
    port only (``graph.stores.port_views`` implements them once for both
    adapters). The names clash with no method of the ports."""

    meta: StoreMeta
    records: PoolRecords
    audit: AuditTrail
    search: SearchReads
    network: NetworkReads
    consulting: ConsultationReads
    accounts: UserAccounts
    sign_ins: SignIns


@runtime_checkable
class Store(StoreMeta, PoolRecords, AuditTrail, SearchReads, NetworkReads, ConsultationReads,
            UserAccounts, SignIns, PortViews, Protocol):
    """A KernteamDB store. Reads always reflect every committed write, including
    writes made by other processes on the same store (at most one request old).

    Every backend (``graph.stores.embedded.store``, ``graph.stores.neo4j.store``) answers
    with the same results for the same data; the contract suite in
    ``tests/contract`` holds them to it, one test module per port."""
