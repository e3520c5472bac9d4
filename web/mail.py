"""Sending mail through an SMTP server (stdlib ``smtplib``), for ``kernteamdb remind``.

One connection for the whole run. With ``starttls`` the connection is
encrypted before anything else is said (the server's certificate checked
against the system's trust store); a user name and password are only ever
sent over such a connection. A recipient the server refuses is
``Undeliverable`` (the run goes on); anything else — no server, a refused
sign-in, a dropped connection — is ``MailUnavailable`` and stops the run.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from types import TracebackType

from directory.errors import DirectoryError
from directory.pool.reminders import Undeliverable


class MailUnavailable(DirectoryError):
    """The mail server cannot be reached or refuses to work with us."""

    code = "unavailable"


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    starttls: bool = False
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 30.0

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"


class SmtpSender:
    """``with SmtpSender(settings) as send: send(message)``."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpSender:
        s = self.settings
        try:
            self._smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            if s.starttls:
                self._smtp.starttls(context=ssl.create_default_context())
            if s.user:
                self._smtp.login(s.user, s.password or "")
        except (OSError, smtplib.SMTPException) as exc:
            self._close()
            raise MailUnavailable(f"cannot use the mail server {s.where}: {_reason(exc)}") from None
        return self

    def __call__(self, message: EmailMessage) -> None:
        if self._smtp is None:
            raise RuntimeError("use SmtpSender in a with block")
        try:
            self._smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            raise Undeliverable(", ".join(exc.recipients)) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise MailUnavailable(f"the mail server {self.settings.where} failed: {_reason(exc)}") from None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._close()

    def _close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (OSError, smtplib.SMTPException):
                self._smtp.close()
            self._smtp = None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) \
            else str(exc.smtp_error)
        return f"{exc.smtp_code} {text}".strip()
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
