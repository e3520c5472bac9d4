"""The combinations of ports that services ask for together, so that a
service's signature names what it reads and writes and nothing more (each is
the union of its bases; a test may hand any object that has those methods,
such as ``devkit.memory_store.MemoryStore``)."""

from __future__ import annotations

from typing import Protocol

from directory.ports.accounts import UserAccounts
from directory.ports.audit import AuditTrail
from directory.ports.consultations import ConsultationReads
from directory.ports.meta import StoreMeta
from directory.ports.network import NetworkReads
from directory.ports.records import PoolRecords
from directory.ports.search import BookedHours, SearchReads, Taxonomy
from directory.ports.signins import SignIns


class Pool(PoolRecords, StoreMeta, Protocol):
    """The records with the store's revision and its derived-value cache: what
    a change of the pool reads, writes and keeps (the privacy guard's names)."""


class PoolWithTaxonomy(Pool, Taxonomy, Protocol):
    """The pool and the expertise areas: what checking a record needs."""


class PoolWithConsultations(Pool, ConsultationReads, Protocol):
    """The pool and the consultations: reading and stepping through them, and
    what looks into their text (privacy scan, retention)."""


class Consulting(PoolWithTaxonomy, ConsultationReads, BookedHours, Protocol):
    """The consultation service (``directory.consultations.service``): requests checked
    against the taxonomy, asked people's hours budget."""


class PoolWithAccounts(Pool, UserAccounts, Protocol):
    """The pool and the user accounts (an account names a professional)."""


class AuditedPool(Pool, AuditTrail, Protocol):
    """The pool and the audit trail (what was decided about it before)."""


class AuditedPoolWithAccounts(PoolWithAccounts, AuditTrail, Protocol):
    """The pool, the user accounts and the audit trail: what concerns a
    person as a whole (the AVG, reminders, deleting someone)."""


class PoolWithSearch(Pool, SearchReads, Protocol):
    """The pool and the sums search ranks by."""


class Ranking(PoolWithSearch, NetworkReads, Protocol):
    """Search as a whole (``graph.search.rank_experts``): the sums it ranks
    by and the network the requester's paths run through."""


class Reporting(PoolWithSearch, ConsultationReads, AuditTrail, Protocol):
    """Reports over the pool, its consultations and its history (shortages,
    proposals for the taxonomy)."""


class SignInStore(UserAccounts, SignIns, AuditTrail, Protocol):
    """Signing in: the accounts, their sessions and failures, and the audit
    trail those events are written to."""
