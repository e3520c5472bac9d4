"""What the directory needs from storage: the ``Store`` protocol.

Every backend (``graph.stores.embedded``, later ``graph.stores.neo4j``)
answers these questions with the same results for the same data; the
contract suite in ``tests/contract`` holds them to it. The query methods are
shaped after what search and who-knows-whom really ask, so that a server
backend can answer each with one round trip instead of shipping the graph.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol, TypeVar, runtime_checkable

from directory.consultation import Consultation, MeetingSchedule, Notice
from directory.errors import StoreUnavailable
from directory.model import ExpertiseArea, Link, Path, Record
from directory.roles import User

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class KindCounts:
    """How an import changes one kind of record."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.new + self.changed + self.unchanged


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One line of the audit trail: who changed what, when, and how it looked
    before and after (records as the exchange format writes them). Never a
    password, a token or anything about the client. ``seq`` and ``revision``
    are filled in by the store."""

    at: datetime
    user: str
    kind: str
    record: str | None
    action: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    revision: int | None = None
    seq: int | None = None


@dataclass(frozen=True, slots=True)
class ApiToken:
    """What a store keeps of an API token: never the token, only its SHA-256
    ``digest``. ``expires`` is None for a token made before tokens expired
    (``directory.accounts`` decides what that means); ``last_used`` is
    recorded coarsely (not on every request)."""

    digest: str
    user: str
    created: datetime
    expires: datetime | None = None
    last_used: datetime | None = None


@dataclass(frozen=True, slots=True)
class Erasure:
    """A professional erased under the AVG: in the audit trail every mention of
    ``professional`` becomes ``replacement`` and what was recorded about them is
    dropped; their user accounts (``users``) go, with their tokens."""

    professional: str
    replacement: str
    users: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """A change to the pool that ``Store.apply`` makes in one transaction, all
    or nothing: records to write and to delete, the version each record must
    still have (None: it must not exist yet) so that no one's edit is lost,
    organisations and teams retired (False) or reactivated (True), the audit
    entries that describe the change, user accounts to re-link from a merged
    professional to the one kept, and erasures. An import fills in ``counts``.

    A plan may also save consultations (``directory.consult``: the version
    each must still have is in ``expected`` under ``("consultations", id)``),
    meeting schedules and notices: closing a consultation writes its case in
    the same transaction, so the case counts at once or not at all."""

    writes: Mapping[str, tuple[Record, ...]]
    counts: Mapping[str, KindCounts] = field(default_factory=dict)
    deletes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    expected: Mapping[tuple[str, str], int | None] = field(default_factory=dict)
    active: Mapping[tuple[str, str], bool] = field(default_factory=dict)
    audit: tuple[AuditEntry, ...] = ()
    relink: Mapping[str, str] = field(default_factory=dict)
    erasures: tuple[Erasure, ...] = ()
    consultations: tuple[Consultation, ...] = ()
    schedules: tuple[MeetingSchedule, ...] = ()
    notices: tuple[Notice, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.changes_pool or self.consultations or self.schedules or self.notices)

    @property
    def changes_pool(self) -> bool:
        """Whether the plan changes records of the pool (not only consultations,
        schedules and notices): what search and the network are built from."""
        return bool(any(self.writes.values()) or any(self.deletes.values()) or self.active
                    or self.relink or self.erasures)


@runtime_checkable
class Store(Protocol):
    """A KernteamDB store. Reads always reflect every committed write, including
    writes made by other processes on the same store (at most one request old)."""

    url: str

    def close(self) -> None:
        """Release files and connections; the store is unusable afterwards."""

    def revision(self) -> int:
        """A number that grows with every committed write (for caches and ETags)."""

    def is_demo(self) -> bool:
        """True when the store holds the demo network (demo users may exist)."""

    def mark_demo(self) -> None:
        """Record that this store holds the demo network."""

    # --- records ------------------------------------------------------------
    def get(self, kind: str, record_id: str) -> Record | None:
        """One record of ``kind`` (a name from ``model.KINDS``) or None."""

    def get_many(self, kind: str, ids: Iterable[str]) -> dict[str, Record]:
        """The records of ``kind`` among ``ids`` that exist, by id."""

    def iter_records(self, kind: str) -> Iterator[Record]:
        """Every record of ``kind`` in id order. Two calls may see two revisions:
        an export reads ``records_at_one_revision`` instead."""

    def write_problem(self) -> StoreUnavailable | None:
        """Why writes cannot be saved now, while the store can still be read (a
        full disk, a read-only file); None when nothing is known to stop them.
        The health check reports it."""

    def records_at_one_revision(self) -> dict[str, list[Record]]:
        """Every record of every kind (``KINDS`` order, each in id order), all as
        of one revision: what an export writes, so that a write landing while it
        reads cannot give a file with one kind of one revision and another kind
        of the next (a reference to a record that is not in the file)."""

    def count(self, kind: str) -> int:
        """How many records of ``kind`` the store holds."""

    def apply(self, plan: ImportPlan) -> int:
        """Make the change of the plan in one transaction, all or nothing: write
        its records (replacing those with the same id), delete, retire, write its
        audit entries, re-link and erase. ``Conflict`` when a record no longer
        has the version the plan expects, or when the change would leave a
        reference dangling. Returns the new revision. Other processes see
        deletions too (and an erasure leaves nothing of the person behind, not
        in the file nor in an index snapshot)."""

    def versions(self, kind: str, ids: Iterable[str]) -> dict[str, int]:
        """The version of each existing record of ``kind`` among ``ids``: a
        number that changes whenever the record is written. Read the versions
        *before* the records an edit is based on, so that a write in between
        shows up as a conflict, never as a lost update."""

    def inactive(self, kind: str) -> frozenset[str]:
        """The ids of the retired organisations or teams (a professional's
        ``active`` is part of their record)."""

    def cases_referring(self, kind: str, record_id: str) -> list[str]:
        """Ids of the cases that name the professional, expertise area or team
        ``record_id`` (``kind`` one of those three), in id order."""

    # --- the audit trail ----------------------------------------------------
    def write_audit(self, entries: Iterable[AuditEntry]) -> None:
        """Add entries about events that change nothing in the pool (a sign-in,
        an export of someone's data)."""

    def audit_entries(self, *, user: str | None = None, kind: str | None = None,
                      record: str | None = None, since: datetime | None = None,
                      until: datetime | None = None, limit: int | None = None,
                      offset: int = 0) -> list[AuditEntry]:
        """Entries matching every filter given (``since <= at < until``), oldest first."""

    # --- questions search and the network ask ---------------------------------
    def areas(self) -> list[ExpertiseArea]:
        """The whole taxonomy (small; callers build the vocabulary from it)."""

    def claims(self, area_ids: Iterable[str]) -> dict[str, dict[str, int]]:
        """Declared levels of active professionals: ``{professional: {area: level}}``."""

    def evidence_summary(self, area_ids: Iterable[str], today: date,
                         professional_ids: Iterable[str] | None = None
                         ) -> dict[str, dict[str, tuple[int, float, date]]]:
        """For active professionals, per area: how many cases they took part in as
        specialist, those cases weighted by recency (each 0.5^(age in days /
        365)), and the day of the latest one. ``professional_ids`` limits the
        answer to those people (a profile page asks about one person)."""

    def area_strength(self, area_id: str, today: date) -> tuple[dict[str, int], dict[str, float]]:
        """For one area, the declared levels of active professionals and their
        recency-weighted count of cases as specialist (as in
        ``evidence_summary``): everything search ranks a need's candidates
        by, in the two flat mappings it can turn into arrays at once."""

    def history_summary(self, professional_ids: Iterable[str] | None, *, requester: str | None,
                        team: str | None, today: date) -> dict[str, tuple[int, float, date]]:
        """Per professional, the cases shared with ``requester`` or requested by
        ``team`` — whichever history is larger, so no case counts twice — as
        (count, recency-weighted count, latest day). People without either are
        left out; ``professional_ids`` None asks for everyone who has either."""

    def hours_booked(self, professional_ids: Iterable[str], start: date, end: date) -> dict[str, float]:
        """Hours each professional booked on cases dated ``start <= day <= end``
        and on open consultations on days ``start <= day <= end`` (a closed
        consultation's hours are in its case)."""

    def proximity(self, source: str, targets: Iterable[str]) -> dict[str, float]:
        """How strongly ``source`` is tied to each target within two steps (shared
        cases, knowing each other, a small shared team); targets with no tie are
        left out. See ``graph.network.two_hop_strength``. The cost grows with
        the number of targets, not with the size of the neighbourhood."""

    def one_read(self) -> AbstractContextManager[None]:
        """The reads made inside are one question (a search): the store may
        look for other processes' writes once, when the first of them is made,
        instead of before each (a server store saves a round trip per read).
        Reads after the block see every write again."""

    def derived(self, key: Hashable, compute: Callable[[], T], *, with_consultations: bool = False) -> T:
        """``compute()``, kept until the store's records change: for values
        derived from the store that many requests share (search keeps each
        need's candidates in skill order this way). ``key`` must name
        everything the value depends on besides the store's contents. A step
        in a consultation changes no record; a value that also depends on
        consultations (the hours booked on open ones count as booked) says
        ``with_consultations`` and is made afresh after such a step too."""

    def path(self, source: str, target: str, *, near: bool = False) -> Path:
        """The strongest connection between two professionals (``ids`` None if
        none); with ``near`` ``ids`` None also when no chain of at most two
        steps links them (fast to rule out: what every search result asks),
        and otherwise the same path as without. Callers go through
        ``directory.connection.connection``."""

    def ego(self, center: str, depth: int = 1) -> tuple[list[str], list[Link]]:
        """The people within ``depth`` (1-2) ties of ``center`` and all links among them."""

    def mutual_contacts(self, a: str, b: str) -> list[str]:
        """People with a direct tie to both, strongest first."""

    def brokers(self, team: str, limit: int = 10) -> list[tuple[str, float]]:
        """Who links ``team``'s members to people of other organisations (betweenness)."""

    def organisation_links(self) -> list[tuple[str, str, int]]:
        """Cases shared between people of two organisations, per pair."""

    def team_cases(self, professional: str, team: str) -> dict[str, tuple[int, date]]:
        """Per expertise area, how many of the cases ``team`` requested
        ``professional`` took part in, and the day of the latest (counts and
        days only: what a profile may show of shared work)."""

    # --- consultations (``directory.consult``; written through ``apply``) -------------
    def consultation(self, consultation_id: str) -> Consultation | None:
        """One consultation with its ``version``, or None."""

    def consultations(self, *, open_only: bool = False, person: str | None = None,
                      team: str | None = None, since: datetime | None = None,
                      until: datetime | None = None) -> list[Consultation]:
        """The consultations matching every filter given, oldest first:
        ``person`` named in it (lead, asked, booked), ``team`` the requesting
        team or the one it went to, opened ``since <= opened < until``."""

    def schedules(self) -> list[MeetingSchedule]:
        """Every team's meeting schedule, by team."""

    def notices(self, professional: str, *, unread_only: bool = False,
                limit: int = 50) -> list[Notice]:
        """The newest notices for ``professional``, newest first, with ``seq``."""

    def mark_notices_read(self, professional: str, up_to: int) -> None:
        """Mark ``professional``'s notices with ``seq <= up_to`` as read (not a
        change of the pool: the revision stays)."""

    # --- accounts: who may sign in (small; not part of the pool or its revisions) ---
    def add_user(self, user: User, *, audit: AuditEntry | None = None) -> None:
        """Store a new user; ``Conflict`` when the name is taken. ``audit`` is
        written in the same transaction (so are those of the methods below)."""

    def update_user(self, user: User, *, audit: AuditEntry | None = None,
                    keep_session: str | None = None) -> None:
        """Replace the role, professional and password hash of user ``user.name``
        (``NotFound`` for an unknown user) and, in the same transaction, end
        every session of theirs but the one with digest ``keep_session``: who
        they are changed, so no browser may act on what they were."""

    def remove_user(self, name: str, *, audit: AuditEntry | None = None) -> None:
        """Remove a user with their tokens and sessions (``NotFound`` for an unknown user)."""

    def get_user(self, name: str) -> User | None:
        """The user called ``name`` (names are stored normalised) or None."""

    def users(self) -> list[User]:
        """Every user, by name."""

    def add_token(self, digest: str, name: str, created: datetime, *,
                  expires: datetime | None = None, audit: AuditEntry | None = None) -> None:
        """Keep the SHA-256 ``digest`` of a new API token of user ``name``, valid
        until ``expires`` (``NotFound`` for an unknown user)."""

    def find_token(self, digest: str) -> tuple[ApiToken, User] | None:
        """The token with this digest and its user, or None (expired or not:
        ``directory.accounts`` judges that)."""

    def touch_token(self, digest: str, at: datetime) -> None:
        """Record that the token with this digest was used at ``at`` (no audit
        entry; nothing happens for an unknown digest)."""

    def remove_token(self, digest: str, *, audit: AuditEntry | None = None) -> None:
        """Withdraw one token (``NotFound`` when there is none with this digest)."""

    def tokens(self) -> list[ApiToken]:
        """Every API token, by digest: for listing them and for moving the
        accounts to another store (``directory.migration``)."""

    def add_session(self, digest: str, name: str, created: datetime, expires: datetime, *,
                    audit: AuditEntry | None = None) -> None:
        """Keep the SHA-256 ``digest`` of a new browser session of user ``name``
        that ends at ``expires`` (``NotFound`` for an unknown user); sessions
        that ended before ``created`` may go."""

    def session_user(self, digest: str, now: datetime) -> User | None:
        """The user of the session with this digest when it has not ended by
        ``now``; None otherwise."""

    def remove_session(self, digest: str, *, audit: AuditEntry | None = None) -> None:
        """End one session (signing out); nothing happens for an unknown digest."""

    def record_login_failure(self, name: str, at: datetime, *, forget_before: datetime,
                             audit: AuditEntry | None = None) -> None:
        """Count a failed sign-in for ``name`` at ``at`` (only the name, with the client's
        opaque key from ``directory.signin.failure_key``, and the time — never the
        client's address); failures before ``forget_before`` may go."""

    def login_failures(self, name: str, since: datetime) -> list[datetime]:
        """The times of ``name``'s failed sign-ins since ``since``, oldest first,
        as counted by every process using the store."""

    def clear_login_failures(self, name: str, *, audit: AuditEntry | None = None) -> None:
        """Forget ``name``'s failed sign-ins (after a successful one)."""
