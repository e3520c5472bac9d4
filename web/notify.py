"""E-mail for the notices a consultation step writes (``directory.consultations.service.Done``).

The notice itself is already stored, so the person sees it in the app
whatever happens here; the mail is a courtesy on top. It is sent only when
the app has mail settings (``MAIL_*`` in its config, filled from the
``KERNTEAMDB_SMTP_*`` and ``KERNTEAMDB_BASE_URL`` environment variables, as
``kernteamdb remind`` reads them) and only to people with an e-mail address.
A mail server that fails is logged and never undoes the step. The mail holds
no case details: only that there is something to look at, and the link.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from email.message import EmailMessage
from typing import Any
from urllib.parse import quote

from flask import current_app

from directory.consultations.records import Notice
from directory.pool.model import Professional
from directory.pool.reminders import Undeliverable
from directory.ports import Store
from web.mail import MailUnavailable, SmtpSender, SmtpSettings
from web.words.notices import dutch_notice_text

log = logging.getLogger(__name__)


def mail_settings_from_environment() -> dict[str, Any]:
    """The ``MAIL_*`` config keys from the environment (empty when no SMTP host is set)."""
    host = os.environ.get("KERNTEAMDB_SMTP_HOST")
    if not host:
        return {}
    return {"MAIL_HOST": host, "MAIL_PORT": int(os.environ.get("KERNTEAMDB_SMTP_PORT", "25")),
            "MAIL_STARTTLS": os.environ.get("KERNTEAMDB_SMTP_STARTTLS", "").lower() in {"1", "true", "yes"},
            "MAIL_USER": os.environ.get("KERNTEAMDB_SMTP_USER"),
            "MAIL_SENDER": os.environ.get("KERNTEAMDB_SMTP_SENDER"),
            "MAIL_BASE_URL": os.environ.get("KERNTEAMDB_BASE_URL")}


def message_for(notice: Notice, person: Professional, sender: str, base_url: str) -> EmailMessage:
    """The mail for one notice: the subject, and the link to the consultation."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = person.email
    message["Subject"] = dutch_notice_text(notice.what)
    link = f"{base_url.rstrip('/')}/consultaties/{quote(notice.consultation, safe='')}"
    message.set_content(f"Beste {person.name},\n\n{message['Subject']}.\nBekijk het in KernteamDB: "
                        f"{link}\n\nDeze e-mail bevat bewust geen gegevens over de casus.\n")
    return message


def mail_setup() -> tuple[SmtpSettings, str, str] | None:
    """The app's mail server, From address and base URL, or None when mail is
    not set up (or set up wrongly: logged). Consultation notices and the
    coordinator's reminders (``web.pages.manage_remind``) both send through it."""
    config = current_app.config
    host, sender, base_url = config.get("MAIL_HOST"), config.get("MAIL_SENDER"), config.get("MAIL_BASE_URL")
    if not (host and sender and base_url):
        return None
    if config.get("MAIL_USER") and not config.get("MAIL_STARTTLS"):
        log.warning("no mail sent: a mail user is set without STARTTLS "
                    "(KERNTEAMDB_SMTP_STARTTLS); a password is never sent unencrypted")
        return None
    try:
        settings = SmtpSettings(host, int(config.get("MAIL_PORT", 25)), bool(config.get("MAIL_STARTTLS")),
                                config.get("MAIL_USER"), os.environ.get("KERNTEAMDB_SMTP_PASSWORD"),
                                timeout=float(config.get("MAIL_TIMEOUT", 10.0)))
    except (TypeError, ValueError):
        log.warning("no mail sent: MAIL_PORT %r or MAIL_TIMEOUT %r is not a number",
                    config.get("MAIL_PORT"), config.get("MAIL_TIMEOUT"))
        return None
    return settings, sender, base_url


def deliver(store: Store, notices: Iterable[Notice]) -> int:
    """Mail ``notices`` to their professionals when mail is set up; how many were sent.

    Never raises for the mail's sake: the step is already stored. Nothing is
    sent (and a warning logged) when a mail user is set without STARTTLS, as
    ``kernteamdb remind`` refuses it: a password is never sent unencrypted.
    The server is only contacted when someone has an address to mail to."""
    notices = list(notices)
    setup = mail_setup() if notices else None
    if setup is None:
        return 0
    settings, sender, base_url = setup
    people = store.get_many("professionals", {n.professional for n in notices})
    mails = [(notice.professional, message_for(notice, person, sender, base_url))
             for notice in notices
             if isinstance(person := people.get(notice.professional), Professional) and person.email]
    if not mails:
        return 0
    sent = 0
    try:
        with SmtpSender(settings) as send:
            for professional, message in mails:
                try:
                    send(message)
                    sent += 1
                except Undeliverable:
                    log.warning("mail server refused the notice for %s", professional)
    except MailUnavailable as exc:
        log.warning("%d of %d notice mail(s) not sent: %s", len(mails) - sent, len(mails), exc.message)
    return sent
