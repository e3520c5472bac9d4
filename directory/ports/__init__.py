"""What the directory needs from storage: one small port per concern, and the
``Store`` that is all of them.

Every backend (``graph.stores.embedded.store``, ``graph.stores.neo4j.store``) answers
these questions with the same results for the same data; the contract suite
in ``tests/contract`` holds them to it, one test module per port. The query
methods are shaped after what search and who-knows-whom really ask, so that a
server backend can answer each with one round trip instead of shipping the
graph. A service asks only for the ports it uses, so that a test can hand it a
fake of just those (``devkit.memory_store``).

- ``meta``: ``StoreMeta`` (revision, demo mark, write problems, caching hooks)
- ``records``: ``PoolRecords`` with ``ImportPlan``, ``KindCounts``, ``Erasure``
- ``audit``: ``AuditTrail`` with ``AuditEntry``
- ``search``: ``SearchReads`` (with ``Taxonomy`` and ``BookedHours``, each alone)
- ``network``: ``NetworkReads``
- ``consultations``: ``ConsultationReads``
- ``accounts``: ``UserAccounts`` with ``ApiToken``
- ``signins``: ``SignIns`` (sessions and failed sign-ins)
- ``store``: ``Store``, all of them, and ``PortViews``, each by name
- ``composed``: the few combinations services ask for together
"""

from __future__ import annotations

from directory.ports.accounts import ApiToken, UserAccounts
from directory.ports.audit import AuditEntry, AuditTrail
from directory.ports.composed import (
    AuditedPool,
    AuditedPoolWithAccounts,
    Consulting,
    Pool,
    PoolWithAccounts,
    PoolWithConsultations,
    PoolWithSearch,
    PoolWithTaxonomy,
    Ranking,
    Reporting,
    SignInStore,
)
from directory.ports.consultations import ConsultationReads
from directory.ports.meta import StoreMeta
from directory.ports.network import NetworkReads
from directory.ports.records import Erasure, ImportPlan, KindCounts, PoolRecords
from directory.ports.search import BookedHours, Places, PlaceValues, SearchReads, Taxonomy
from directory.ports.signins import SignIns
from directory.ports.store import PortViews, Store

__all__ = [
    "ApiToken", "AuditEntry", "AuditTrail", "AuditedPool", "AuditedPoolWithAccounts", "BookedHours",
    "ConsultationReads", "Consulting", "Erasure", "ImportPlan", "KindCounts", "NetworkReads", "Pool",
    "PlaceValues", "Places", "PoolRecords", "PoolWithAccounts", "PoolWithConsultations", "PoolWithSearch",
    "PoolWithTaxonomy", "PortViews", "Ranking", "Reporting", "SearchReads", "SignInStore", "SignIns", "Store",
    "StoreMeta", "Taxonomy", "UserAccounts",
]
