"""A real SMTP server on loopback for the mail tests (aiosmtpd), recording what it receives, able to refuse with a
temporary error first, to require a login, and to speak STARTTLS with a certificate the tests make (trustme)."""

from __future__ import annotations

import socket
import ssl
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER, PASSWORD = "desk", "correct horse"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Received:
    sender: str
    recipients: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        return message_from_bytes(self.raw, _class=EmailMessage, policy=default)


@dataclass
class Recorder:
    received: list[Received] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)  # replies given to DATA before accepting, in order
    data_attempts: int = 0
    silent_after_data: float = 0.0  # seconds to take the message and say nothing (the reply to DATA is late)
    slow_data: float = 0.0  # seconds every accepted message takes (a slow server: runs overlap)

    async def handle_DATA(self, server, session, envelope):
        import asyncio

        self.data_attempts += 1
        if self.refusals:
            return self.refusals.pop(0)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        if self.silent_after_data:
            await asyncio.sleep(self.silent_after_data)
        if self.slow_data:
            await asyncio.sleep(self.slow_data)
        return "250 2.0.0 Message accepted for delivery"


def _authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode() \
        and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)  # not handled: aiosmtpd answers 535 itself


class Server:
    """with Server(...) as server: a running server; server.port, server.recorder.received."""

    def __init__(self, *, login: bool = False, tls: ssl.SSLContext | None = None, port: int | None = None):
        self.recorder = Recorder()
        self.port = port or free_port()
        options = {}
        if login:
            options.update(authenticator=_authenticate, auth_require_tls=tls is not None)
        if tls is not None:
            options.update(tls_context=tls, require_starttls=True)
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port, **options)

    def __enter__(self) -> "Server":
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()

    @property
    def received(self) -> list[Received]:
        return self.recorder.received
