"""Each port of a store by name (``directory.ports.PortViews``), written once
for both adapters: a store implements every port, so each view is the store
itself, typed as that port only. A caller that hands ``store.records`` on
gives the callee nothing but the records to work with (mypy holds it to that;
that the store implements each port, it proves where ``open_store`` returns
an adapter as a ``Store``)."""

from __future__ import annotations

from typing import Any, Generic, TypeVar, cast

from directory.ports import (
    AuditTrail,
    ConsultationReads,
    NetworkReads,
    PoolRecords,
    SearchReads,
    SignIns,
    StoreMeta,
    UserAccounts,
)

P = TypeVar("P")


class PortView(Generic[P]):
    """The store it is read from, typed as the port ``P`` (the in-memory fake
    of ``devkit.memory_store`` offers its ports with it too)."""

    def __get__(self, store: object, owner: Any = None) -> P:
        return cast(P, store)


class PortViews:
    """The mixin both adapters add to their base classes."""

    meta = PortView[StoreMeta]()
    records = PortView[PoolRecords]()
    audit = PortView[AuditTrail]()
    search = PortView[SearchReads]()
    network = PortView[NetworkReads]()
    consulting = PortView[ConsultationReads]()
    accounts = PortView[UserAccounts]()
    sign_ins = PortView[SignIns]()
