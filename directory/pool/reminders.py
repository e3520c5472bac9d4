"""Reminder e-mails for stale profiles (``kernteamdb remind``).

Each stale profile (``directory.pool.freshness``) with an e-mail address gets a
short Dutch mail with a link to its confirm page. Every reminder sent is
written to the audit trail (kind ``professionals``, action ``remind``) right
after the mail server accepted it, and nobody gets a second reminder within
``REMIND_AGAIN_AFTER`` (14 days) of the last one: running the command daily
nags no one. A mail that was not sent is not recorded, so it is tried again
on the next run.

A coordinator may also send one person's reminder at once (Beheer >
Actualiteit, ``remind_now``): the same mail, the same record in the audit
trail, the same 14 days, and refused for the same reasons the command
leaves someone out (``why_not``).

Sending is someone else's job: ``send_reminders`` takes a ``send`` callable
(``web.mail`` speaks SMTP), which raises ``Undeliverable`` for a recipient the
server refuses (skipped, the others still get theirs) and anything else to
stop the run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from urllib.parse import quote

from directory.accounts.roles import WRITE_POOL, User, actor
from directory.errors import Conflict, NotFound
from directory.pool.changes import allowed
from directory.pool.freshness import STALE_MONTHS, is_stale, may_confirm, stale_profiles
from directory.pool.model import Professional
from directory.ports import AuditedPoolWithAccounts, AuditEntry, AuditTrail, UserAccounts
from directory.problems import unknown

REMIND_AGAIN_AFTER = timedelta(days=14)
ACTION = "remind"
SUBJECT = "Klopt je profiel in KernteamDB nog?"


class Undeliverable(Exception):
    """The mail server refused this one recipient (the run goes on)."""


class NotRemindable(Conflict):
    """This person gets no reminder now; ``reason`` is one of ``REASONS``."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


#: Why someone gets no reminder (``why_not``), as the command line says it.
REASONS = {
    "retired": "the professional is retired",
    "current": "the profile was confirmed recently; it needs no reminder",
    "no_email": "the profile has no e-mail address",
    "recent": f"a reminder was sent less than {REMIND_AGAIN_AFTER.days} days ago",
    "account_cannot_confirm": "their own account may not confirm the profile; confirm it on "
                              "their behalf",
}


def confirm_link(base_url: str, professional_id: str) -> str:
    """Where the specialist confirms their profile (after signing in).

    >>> confirm_link("https://gids.example/", "p-0046")
    'https://gids.example/profiel/p-0046/bevestigen'
    """
    return f"{base_url.rstrip('/')}/profiel/{quote(professional_id, safe='')}/bevestigen"


def recently_reminded(store: AuditTrail, now: datetime) -> dict[str, datetime]:
    """Who got a reminder within ``REMIND_AGAIN_AFTER`` before ``now``, and when (the last)."""
    entries = store.audit_entries(kind="professionals", since=now - REMIND_AGAIN_AFTER)
    return {e.record: e.at for e in entries if e.action == ACTION and e.record is not None}


def due(store: AuditedPoolWithAccounts, *, by: User | None, today: date | None = None,
        now: datetime | None = None) -> list[Professional]:
    """The stale profiles with an e-mail address that were not reminded lately,
    oldest first, leaving out those whose own account may not confirm them
    (``refused_by_own_account``)."""
    reminded = recently_reminded(store, now or datetime.now(UTC))
    refused = refused_by_own_account(store)
    return [p for p in stale_profiles(store, by=by, today=today)
            if p.email and p.id not in reminded and p.id not in refused]


def refused_by_own_account(store: UserAccounts) -> set[str]:
    """Professionals whose linked accounts may none of them confirm the
    profile (a wijkwerker's or a triagist's: those roles only read). The
    mail's link would only answer them with a refusal; their profile is the
    coordinator's to confirm (Beheer > Actualiteit lists it). Someone without
    an account is still mailed: the mail asks them to tell their coordinator
    what changed."""
    confirms: dict[str, bool] = {}
    for user in store.users():
        if user.professional:
            confirms[user.professional] = confirms.get(user.professional, False) or \
                may_confirm(user, user.professional)
    return {professional for professional, may in confirms.items() if not may}


def why_not(store: AuditedPoolWithAccounts, person: Professional, *, today: date | None = None,
            now: datetime | None = None, refused: set[str] | None = None,
            reminded: dict[str, datetime] | None = None) -> str | None:
    """Why ``person`` gets no reminder now (a key of ``REASONS``), or None: they
    may get one. ``refused`` and ``reminded``: ``refused_by_own_account`` and
    ``recently_reminded``, when already known (a page that asks for many people
    reads the accounts and the trail once)."""
    if not person.active:
        return "retired"
    if not is_stale(person, today or date.today()):
        return "current"
    if not person.email:
        return "no_email"
    if person.id in (recently_reminded(store, now or datetime.now(UTC)) if reminded is None
                     else reminded):
        return "recent"
    if person.id in (refused_by_own_account(store) if refused is None else refused):
        return "account_cannot_confirm"
    return None


def remind_now(store: AuditedPoolWithAccounts, professional_id: str, send: Callable[[EmailMessage], None], *,
               sender: str, base_url: str, by: User | None, today: date | None = None,
               now: datetime | None = None) -> Professional:
    """Mail one person's reminder at once, recorded like ``send_reminders``'s (a
    coordinator's tool: ``Forbidden`` for other roles). ``NotRemindable`` when
    ``why_not`` gives a reason; ``Undeliverable`` and the sender's errors pass
    through, and nothing is recorded then."""
    allowed(by, WRITE_POOL)
    person = store.get("professionals", professional_id)
    if not isinstance(person, Professional):
        raise NotFound(unknown("professionals", professional_id))
    moment = now or datetime.now(UTC)
    reason = why_not(store, person, today=today, now=moment)
    if reason is not None:
        raise NotRemindable(reason, f"no reminder for {person.id}: {REASONS[reason]}")
    _send(store, person, send, sender=sender, base_url=base_url, by=by, moment=moment)
    return person


def _send(store: AuditTrail, person: Professional, send: Callable[[EmailMessage], None], *,
          sender: str, base_url: str, by: User | None, moment: datetime) -> None:
    """Mail ``person``'s reminder and record it in the audit trail once the server took it."""
    send(compose(person, sender=sender, base_url=base_url))
    store.write_audit([AuditEntry(moment, actor(by), "professionals", person.id, ACTION, None,
                                  {"email": person.email, "confirmed": _iso(person.confirmed)})])


def _dutch_day(day: date) -> str:
    """A day as a Dutch letter writes it.

    >>> _dutch_day(date(2026, 5, 3))
    '3 mei 2026'
    """
    names = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
             "september", "oktober", "november", "december")
    return f"{day.day} {names[day.month - 1]} {day.year}"


def compose(person: Professional, *, sender: str, base_url: str) -> EmailMessage:
    """The reminder for ``person``: plain Dutch text with the link to confirm."""
    since = (f"sinds {_dutch_day(person.confirmed)} niet meer bevestigd" if person.confirmed
             else "nog nooit bevestigd")
    message = EmailMessage()
    message["From"] = sender
    message["To"] = person.email or ""
    message["Subject"] = SUBJECT
    message.set_content(
        f"Beste {person.name},\n\n"
        f"Je profiel in KernteamDB, de expertisegids van de sociale wijkteams, is {since}.\n"
        "Wijkwerkers zoeken daarin naar de juiste specialist. Klopt je profiel nog, bevestig\n"
        "dat dan met één klik (na het inloggen):\n\n"
        f"{confirm_link(base_url, person.id)}\n\n"
        "Klopt er iets niet meer, pas het dan aan of laat het je coördinator weten.\n\n"
        "Met vriendelijke groet,\nKernteamDB\n\n"
        f"Je krijgt deze herinnering omdat je profiel langer dan {STALE_MONTHS} maanden niet is\n"
        "bevestigd. Je krijgt hoogstens één herinnering per twee weken.\n")
    return message


def send_reminders(store: AuditedPoolWithAccounts, send: Callable[[EmailMessage], None], *, sender: str,
                   base_url: str, by: User | None = None, today: date | None = None,
                   now: datetime | None = None) -> Iterator[tuple[Professional, bool]]:
    """Mail every profile that is ``due``, yielding each person and whether the
    mail was sent (False: the server refused the address). Each mail sent is
    recorded before it is yielded, so an error halfway leaves exactly the mails
    sent recorded. A generator: nothing happens until it is iterated."""
    moment = now or datetime.now(UTC)
    for person in due(store, by=by, today=today, now=moment):
        try:
            _send(store, person, send, sender=sender, base_url=base_url, by=by, moment=moment)
        except Undeliverable:
            yield person, False
            continue
        yield person, True


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
