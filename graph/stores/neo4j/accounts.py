"""Accounts on a Neo4j server: users, API token and session digests, failed sign-ins.

As in the embedded store (``graph.stores.embedded.accounts_sql``) they sit beside the
pool, outside its revisions: a new user or a failed sign-in takes no revision
number, so no process reloads or drops its caches for it. They are small
and every call asks the server, so what one web worker counts, the others
see at once. Nodes:

- ``(:User {name, role, professional, password_hash, created, issuer, subject})``,
  ``name`` unique (stored as given: callers normalise names, ``directory.accounts.users``);
  ``created`` ISO 8601 text as the embedded store keeps it; ``issuer`` and ``subject``
  (a user of an identity provider) one user's only, checked inside the transaction;
- ``(:User)-[:HAS_TOKEN]->(:ApiToken {digest, created, expires, last_used})``,
  ``digest`` unique, times ISO 8601 text; a token made before tokens expired
  has no ``expires`` (null, as in the embedded store);
- ``(:User)-[:HAS_SESSION]->(:Session {digest, created, expires})``, ``digest``
  unique, times in POSIX seconds;
- ``(:LoginFailure {name, at})``, ``at`` in POSIX seconds, as the embedded
  store counts them (only a name and a time, never anything of the client).

Each change is one managed transaction that also writes its optional audit
entry. A taken name is found inside the transaction (the constraint is the
backstop for two writers at once); values only ever go in as parameters.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

from neo4j import Record
from neo4j.exceptions import ConstraintError

from directory.accounts.roles import User
from directory.errors import Conflict, NotFound
from directory.ports import ApiToken, AuditEntry
from graph.stores.neo4j.audit import write_audit_tx
from graph.stores.neo4j.connection import Bolt
from graph.stores.neo4j.pipeline import Pipeline

#: Created when a store is opened.
ACCOUNT_CONSTRAINTS: tuple[str, ...] = (
    "CREATE CONSTRAINT user_name IF NOT EXISTS FOR (u:User) REQUIRE u.name IS UNIQUE",
    "CREATE CONSTRAINT api_token_digest IF NOT EXISTS FOR (t:ApiToken) REQUIRE t.digest IS UNIQUE",
    "CREATE CONSTRAINT session_digest IF NOT EXISTS FOR (s:Session) REQUIRE s.digest IS UNIQUE",
    "CREATE INDEX session_expires IF NOT EXISTS FOR (s:Session) ON (s.expires)",
    "CREATE INDEX user_professional IF NOT EXISTS FOR (u:User) ON (u.professional)",
    "CREATE INDEX user_identity IF NOT EXISTS FOR (u:User) ON (u.issuer, u.subject)",
    "CREATE INDEX login_failure_name_at IF NOT EXISTS FOR (f:LoginFailure) ON (f.name, f.at)",
    "CREATE INDEX login_failure_at IF NOT EXISTS FOR (f:LoginFailure) ON (f.at)",
)

_FIELDS = ("u.name AS name, u.role AS role, u.professional AS professional, "
           "u.password_hash AS password_hash, u.created AS created, u.issuer AS issuer, "
           "u.subject AS subject")
_COUNT_USER = "MATCH (u:User {name: $name}) RETURN count(u) AS n"
_COUNT_IDENTITY = ("MATCH (u:User) WHERE u.issuer = $issuer AND u.subject = $subject "
                   "RETURN count(u) AS n")
_CREATE_USER = ("CREATE (:User {name: $name, role: $role, professional: $professional, "
                "password_hash: $password_hash, created: $created, issuer: $issuer, subject: $subject})")
_UPDATE_USER = ("MATCH (u:User {name: $name}) "
                "SET u.role = $role, u.professional = $professional, u.password_hash = $password_hash")
_GET_USER = f"MATCH (u:User {{name: $name}}) RETURN {_FIELDS}"
_USERS = f"MATCH (u:User) RETURN {_FIELDS}"
_USER_BY_IDENTITY = f"MATCH (u:User) WHERE u.issuer = $issuer AND u.subject = $subject RETURN {_FIELDS}"
_ADD_TOKEN = ("MATCH (u:User {name: $name}) CREATE (u)-[:HAS_TOKEN]->"
              "(:ApiToken {digest: $digest, created: $created, expires: $expires})")
_TOKEN_FIELDS = ("t.digest AS digest, u.name AS user, t.created AS token_created, "
                 "t.expires AS expires, t.last_used AS last_used")
_FIND_TOKEN = (f"MATCH (u:User)-[:HAS_TOKEN]->(t:ApiToken {{digest: $digest}}) "
               f"RETURN {_FIELDS}, {_TOKEN_FIELDS}")
_TOKENS = f"MATCH (u:User)-[:HAS_TOKEN]->(t:ApiToken) RETURN {_TOKEN_FIELDS}"
_TOUCH_TOKEN = "MATCH (t:ApiToken {digest: $digest}) SET t.last_used = $at"
_COUNT_TOKEN = "MATCH (t:ApiToken {digest: $digest}) RETURN count(t) AS n"
_REMOVE_TOKEN = "MATCH (t:ApiToken {digest: $digest}) DETACH DELETE t"
_FORGET_SESSIONS = "MATCH (s:Session) WHERE s.expires <= $before DETACH DELETE s"
_ADD_SESSION = ("MATCH (u:User {name: $name}) CREATE (u)-[:HAS_SESSION]->"
                "(:Session {digest: $digest, created: $created, expires: $expires})")
_SESSION_USER = (f"MATCH (u:User)-[:HAS_SESSION]->(s:Session {{digest: $digest}}) "
                 f"WHERE s.expires > $now RETURN {_FIELDS}")
_REMOVE_SESSION = "MATCH (s:Session {digest: $digest}) DETACH DELETE s"
_END_SESSIONS = ("MATCH (:User {name: $name})-[:HAS_SESSION]->(s:Session) "
                 "WHERE $keep IS NULL OR s.digest <> $keep DETACH DELETE s")
_FORGET_FAILURES = "MATCH (f:LoginFailure) WHERE f.at < $before DELETE f"
_ADD_FAILURE = "CREATE (:LoginFailure {name: $name, at: $at})"
_FAILURES = ("MATCH (f:LoginFailure) WHERE f.name = $name AND f.at >= $since "
             "RETURN f.at AS at ORDER BY f.at")
_CLEAR_FAILURES = "MATCH (f:LoginFailure) WHERE f.name = $name DELETE f"
# for several names at once (an erasure)
_REMOVE_TOKENS = ("UNWIND $names AS name MATCH (:User {name: name})-[:HAS_TOKEN]->(t:ApiToken) "
                  "DETACH DELETE t")
_REMOVE_SESSIONS = ("UNWIND $names AS name MATCH (:User {name: name})-[:HAS_SESSION]->(s:Session) "
                    "DETACH DELETE s")
_REMOVE_USERS = "UNWIND $names AS name MATCH (u:User {name: name}) DETACH DELETE u"
_REMOVE_FAILURES = "UNWIND $names AS name MATCH (f:LoginFailure) WHERE f.name = name DELETE f"
_RELINK = "MATCH (u:User) WHERE u.professional = $old SET u.professional = $new"


def _user(row: Record) -> User:
    return User(row["name"], row["role"], row["professional"], row["password_hash"],
                datetime.fromisoformat(row["created"]), row["issuer"], row["subject"])


def _seconds(moment: datetime) -> float:
    return moment.timestamp()


def _exists(tx: Pipeline, name: str) -> bool:
    return bool(tx.run(_COUNT_USER, name=name)[0]["n"])  # a count: always one row


def _moment(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _token(row: Record) -> ApiToken:
    return ApiToken(row["digest"], row["user"], datetime.fromisoformat(row["token_created"]),
                    _moment(row["expires"]), _moment(row["last_used"]))


def _remove_tokens(tx: Pipeline, names: list[str]) -> None:
    """The tokens and sessions of these users (each a node of its own)."""
    tx.send(_REMOVE_TOKENS, names=names)
    tx.send(_REMOVE_SESSIONS, names=names)


def remove_accounts_tx(tx: Pipeline, names: Iterable[str]) -> None:
    """Inside another change (an erasure): users, their tokens, sessions and counted failures go."""
    names = list(names)
    if names:
        _remove_tokens(tx, names)
        tx.send(_REMOVE_USERS, names=names)
        tx.send(_REMOVE_FAILURES, names=names)


def relink_accounts_tx(tx: Pipeline, moves: Mapping[str, str]) -> None:
    """Inside another change (a merge): accounts of a merged professional act as
    the one kept. One move after the other, in the mapping's order, as the
    embedded store makes them."""
    for old, new in moves.items():
        tx.send(_RELINK, old=old, new=new)


def _audited(tx: Pipeline, audit: AuditEntry | None) -> None:
    if audit is not None:
        write_audit_tx(tx, [audit], None)


class BoltAccounts:
    """The account methods of ``directory.ports.Store`` for the Neo4j store (a
    mixin: it uses the store's ``_bolt``). Errors as the embedded store's:
    ``Conflict`` for a taken name, ``NotFound`` for an unknown user."""

    _bolt: Bolt

    def add_user(self, user: User, *, audit: AuditEntry | None = None) -> None:
        created = (user.created or datetime.now(UTC)).isoformat()
        taken = f"user '{user.name}' already exists"

        def work(tx: Pipeline) -> None:
            if _exists(tx, user.name):
                raise Conflict(taken)
            if user.issuer is not None and tx.run(_COUNT_IDENTITY, issuer=user.issuer,
                                                  subject=user.subject)[0]["n"]:
                raise Conflict(f"{user.issuer} already signed someone in as '{user.subject}'")
            try:
                tx.run(_CREATE_USER, name=user.name, role=user.role, professional=user.professional,
                       password_hash=user.password_hash, created=created, issuer=user.issuer,
                       subject=user.subject)  # run: the clash is raised here
            except ConstraintError:  # another writer took the name since the look
                raise Conflict(taken) from None
            _audited(tx, audit)

        self._bolt.write(work)

    def update_user(self, user: User, *, audit: AuditEntry | None = None,
                    keep_session: str | None = None) -> None:
        def work(tx: Pipeline) -> None:
            if not _exists(tx, user.name):
                raise NotFound(f"unknown user '{user.name}'")
            tx.send(_UPDATE_USER, name=user.name, role=user.role, professional=user.professional,
                    password_hash=user.password_hash)
            tx.send(_END_SESSIONS, name=user.name, keep=keep_session)
            _audited(tx, audit)

        self._bolt.write(work)

    def remove_user(self, name: str, *, audit: AuditEntry | None = None) -> None:
        def work(tx: Pipeline) -> None:
            if not _exists(tx, name):
                raise NotFound(f"unknown user '{name}'")
            _remove_tokens(tx, [name])
            tx.send(_REMOVE_USERS, names=[name])
            _audited(tx, audit)

        self._bolt.write(work)

    def get_user(self, name: str) -> User | None:
        rows = self._bolt.read(_GET_USER, name=name)
        return _user(rows[0]) if rows else None

    def users(self) -> list[User]:
        # sorted here: Python orders text by code point, as SQLite does
        return sorted((_user(row) for row in self._bolt.read(_USERS)), key=lambda u: u.name)

    def user_by_identity(self, issuer: str, subject: str) -> User | None:
        rows = self._bolt.read(_USER_BY_IDENTITY, issuer=issuer, subject=subject)
        return _user(rows[0]) if rows else None

    def add_token(self, digest: str, name: str, created: datetime, *,
                  expires: datetime | None = None, audit: AuditEntry | None = None) -> None:
        def work(tx: Pipeline) -> None:
            if not _exists(tx, name):
                raise NotFound(f"unknown user '{name}'")
            tx.send(_ADD_TOKEN, name=name, digest=digest, created=created.isoformat(),
                    expires=expires and expires.isoformat())
            _audited(tx, audit)

        self._bolt.write(work)

    def find_token(self, digest: str) -> tuple[ApiToken, User] | None:
        rows = self._bolt.read(_FIND_TOKEN, digest=digest)
        return (_token(rows[0]), _user(rows[0])) if rows else None

    def touch_token(self, digest: str, at: datetime) -> None:
        self._bolt.write(lambda tx: tx.send(_TOUCH_TOKEN, digest=digest, at=at.isoformat()))

    def remove_token(self, digest: str, *, audit: AuditEntry | None = None) -> None:
        def work(tx: Pipeline) -> None:
            if not tx.run(_COUNT_TOKEN, digest=digest)[0]["n"]:
                raise NotFound("unknown API token")
            tx.send(_REMOVE_TOKEN, digest=digest)
            _audited(tx, audit)

        self._bolt.write(work)

    def tokens(self) -> list[ApiToken]:
        return sorted((_token(row) for row in self._bolt.read(_TOKENS)), key=lambda t: t.digest)

    def add_session(self, digest: str, name: str, created: datetime, expires: datetime, *,
                    audit: AuditEntry | None = None) -> None:
        def work(tx: Pipeline) -> None:
            if not _exists(tx, name):
                raise NotFound(f"unknown user '{name}'")
            tx.send(_FORGET_SESSIONS, before=_seconds(created))
            tx.send(_ADD_SESSION, name=name, digest=digest, created=_seconds(created),
                    expires=_seconds(expires))
            _audited(tx, audit)

        self._bolt.write(work)

    def session_user(self, digest: str, now: datetime) -> User | None:
        rows = self._bolt.read(_SESSION_USER, digest=digest, now=_seconds(now))
        return _user(rows[0]) if rows else None

    def remove_session(self, digest: str, *, audit: AuditEntry | None = None) -> None:
        def work(tx: Pipeline) -> None:
            tx.send(_REMOVE_SESSION, digest=digest)
            _audited(tx, audit)

        self._bolt.write(work)

    def record_login_failure(self, name: str, at: datetime, *, forget_before: datetime,
                             audit: AuditEntry | None = None) -> None:
        def work(tx: Pipeline) -> None:
            tx.send(_FORGET_FAILURES, before=_seconds(forget_before))
            tx.send(_ADD_FAILURE, name=name, at=_seconds(at))
            _audited(tx, audit)

        self._bolt.write(work)

    def login_failures(self, name: str, since: datetime) -> list[datetime]:
        rows = self._bolt.read(_FAILURES, name=name, since=_seconds(since))
        return [datetime.fromtimestamp(row["at"], UTC) for row in rows]

    def clear_login_failures(self, name: str, *, audit: AuditEntry | None = None) -> None:
        def work(tx: Pipeline) -> None:
            tx.send(_CLEAR_FAILURES, name=name)
            _audited(tx, audit)

        self._bolt.write(work)
