"""A real SMTP server on 127.0.0.1 for the tests (aiosmtpd), that keeps what it receives.

``local_smtp()`` starts it on a free port and always stops it again; addresses
at ``refused.example`` are refused at RCPT, as a server refuses an unknown
mailbox.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

REFUSED_DOMAIN = "refused.example"


@dataclass
class Mailbox:
    """What the server received: one (recipients, message) per mail."""

    port: int = 0
    mails: list[tuple[list[str], EmailMessage]] = field(default_factory=list)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          options: list[str]) -> str:
        if address.endswith("@" + REFUSED_DOMAIN):
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.original_content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.mails.append((list(envelope.rcpt_tos), parsed))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def is_listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def local_smtp() -> Iterator[Mailbox]:
    """A running server and its mailbox; stopped when the block ends, whatever happens."""
    box = Mailbox(port=free_port())
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()
