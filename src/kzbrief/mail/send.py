"""Send a message over SMTP (standard library `smtplib`): STARTTLS, implicit TLS or plain, with authentication, a
timeout, and retries with backoff on temporary failures.

Temporary (retried): a 4xx reply (e.g. 451 greylisting, 421 busy), connection refused or reset, a timeout, a
dropped connection, a name that does not resolve for now. Permanent (not retried): a 5xx reply, failed
authentication, an untrusted certificate, a server without STARTTLS when it was asked for. Either way the caller
gets a `Delivery` saying what happened, in one line; nothing here raises for a failed send.

Unclear (never retried): the message was handed over whole, then the connection failed or timed out before the
server answered. The server may have it: sending again could deliver it twice, so the caller holds it for the
user to decide (`kzbrief mail --retry --force`).
"""

from __future__ import annotations

import os
import smtplib
import socket
import ssl
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Callable

from kzbrief.settings import Mail


@dataclass
class Delivery:
    sent: bool
    reason: str = ""                      # why it was not sent (one line), or "" when it was
    attempts: int = 0
    refused: dict[str, str] = field(default_factory=dict)  # recipients the server refused while taking the rest
    unclear: bool = False  # the message went whole, no answer came: the server may have it (held, not resent)


class _Temporary(Exception):
    pass


class _Permanent(Exception):
    pass


class _Unclear(Exception):
    pass


class _Watched:
    """An SMTP client that knows when the message's end ('<CRLF>.<CRLF>') has been handed to the network: a
    failure after that is an unclear outcome, not a failed send."""

    handed_over = False

    def send(self, s):
        if isinstance(s, (bytes, str)) and s[-5:] in (b"\r\n.\r\n", "\r\n.\r\n"):
            self.handed_over = True
        return super().send(s)


class _SMTP(_Watched, smtplib.SMTP):
    pass


class _SMTP_SSL(_Watched, smtplib.SMTP_SSL):
    pass


def password_of(mail: Mail) -> str | None:
    """The password from the environment variable or file the settings name; None when none is configured.
    Raises _Permanent (as a reason) when one is configured but missing."""
    if mail.password_env:
        value = os.environ.get(mail.password_env)
        if not value:
            raise _Permanent(f"the password variable ${mail.password_env} is not set")
        return value
    if mail.password_file:
        try:
            return mail.password_file.read_text(encoding="utf-8").rstrip("\r\n")
        except (OSError, UnicodeDecodeError) as error:
            raise _Permanent(f"cannot read the password file {mail.password_file}: "
                             f"{getattr(error, 'strerror', None) or error}")
    return None


def tls_context(mail: Mail) -> ssl.SSLContext:
    """The system's trusted certificates (SSL_CERT_FILE honoured), plus the settings' CA file if any."""
    context = ssl.create_default_context()
    if mail.ca_file:
        context.load_verify_locations(cafile=str(mail.ca_file))
    return context


def send(message: EmailMessage, sender: str, recipients: tuple[str, ...], mail: Mail, *,
         log: Callable[[str], None] | None = None) -> Delivery:
    """Try to hand the message to the server: once, then `mail.retries` more times on temporary failures, waiting
    `retry_delay`, then twice as long each time."""
    delivery = Delivery(sent=False)
    try:
        password = password_of(mail)
    except _Permanent as error:
        delivery.reason = str(error)
        return delivery
    delay = mail.retry_delay
    for attempt in range(1 + mail.retries):
        delivery.attempts = attempt + 1
        try:
            delivery.refused = _send_once(message, sender, recipients, mail, password)
            delivery.sent, delivery.reason = True, ""
            return delivery
        except _Permanent as error:
            delivery.reason = str(error)
            return delivery
        except _Unclear as error:
            delivery.reason, delivery.unclear = str(error), True
            return delivery
        except _Temporary as error:
            delivery.reason = str(error)
            if attempt < mail.retries:
                if log:
                    log(f"mail: {error}; trying again in {delay:g} s ({attempt + 1} of {1 + mail.retries})")
                time.sleep(delay)
                delay *= 2
    delivery.reason += f" (gave up after {delivery.attempts} attempts)"
    return delivery


def _send_once(message: EmailMessage, sender: str, recipients: tuple[str, ...], mail: Mail,
               password: str | None) -> dict[str, str]:
    where = f"{mail.host}:{mail.effective_port}"
    client = None
    try:
        if mail.security == "tls":
            client = _SMTP_SSL(mail.host, mail.effective_port, timeout=mail.timeout, context=tls_context(mail))
        else:
            client = _SMTP(mail.host, mail.effective_port, timeout=mail.timeout)
        with client:
            if mail.security == "starttls":
                client.ehlo()
                if not client.has_extn("starttls"):
                    raise _Permanent(f"{where} does not offer STARTTLS (security = \"starttls\"); "
                                     "use \"tls\" or, on a trusted network only, \"none\"")
                client.starttls(context=tls_context(mail))
                client.ehlo()
            if mail.username:
                if password is None:
                    raise _Permanent("mail.username is set but no password_env or password_file")
                client.login(mail.username, password)
            refused = client.send_message(message, from_addr=sender, to_addrs=list(recipients))
    except (_Permanent, _Temporary):
        raise
    except (smtplib.SMTPServerDisconnected, ConnectionError, socket.timeout, TimeoutError) as error:
        if client is not None and client.handed_over:  # after the whole message, before the server's answer
            raise _Unclear(f"{where}: {_describe(error)} after the whole message was sent, before the server "
                           "answered: it may have been delivered")
        raise _Temporary(f"{where}: {_describe(error)}")
    except smtplib.SMTPAuthenticationError as error:
        raise _Permanent(f"{where} refused the login for {mail.username}: {_reply(error)}")
    except smtplib.SMTPRecipientsRefused as error:
        replies = {address: _reply_of(code, text) for address, (code, text) in error.recipients.items()}
        kind = _Temporary if all(400 <= code < 500 for code, _ in error.recipients.values()) else _Permanent
        raise kind(f"{where} refused every recipient: "
                   + "; ".join(f"{address}: {reply}" for address, reply in replies.items()))
    except smtplib.SMTPResponseException as error:  # sender refused, data refused, connect refused with a code
        kind = _Temporary if 400 <= error.smtp_code < 500 else _Permanent
        raise kind(f"{where} answered {_reply(error)}")
    except ssl.SSLCertVerificationError as error:
        raise _Permanent(f"{where}: the server's certificate is not trusted ({error.verify_message}); "
                         "set mail.ca_file to your organisation's CA certificate")
    except ssl.SSLError as error:
        raise _Permanent(f"{where}: TLS failed ({error.reason or error})")
    except smtplib.SMTPNotSupportedError as error:
        raise _Permanent(f"{where}: {error}")
    except socket.gaierror as error:
        raise _Temporary(f"cannot find the mail server {mail.host}: {error.strerror or error}")
    except OSError as error:
        raise _Temporary(f"{where}: {error.strerror or error}")
    return {address: _reply_of(code, text) for address, (code, text) in (refused or {}).items()}


def _reply(error: smtplib.SMTPResponseException) -> str:
    return _reply_of(error.smtp_code, error.smtp_error)


def _reply_of(code: int, text) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {' '.join(str(text).split())}"


def _describe(error: BaseException) -> str:
    if isinstance(error, ConnectionRefusedError):
        return "connection refused (is the mail server running?)"
    if isinstance(error, (socket.timeout, TimeoutError)):
        return "timed out"
    return str(error) or type(error).__name__
